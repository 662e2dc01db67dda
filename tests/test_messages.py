"""Messages for people: every error the code raises has its words in articles.messages, in English and in French."""

import ast
import importlib
import pickle
import string
from pathlib import Path

import pytest

from articles import messages
from articles.extraction import ExtractionError
from articles.messages import MESSAGES, CodedError, french
from articles.pipeline.fetching import FetchError, Refused
from articles.pipeline.inputs import InputError

APP = Path(__file__).resolve().parent.parent / "articles"
WORDING = {"english", "french_text"}  # asking for a code's words without raising


def _resolve(module, node):
    """The object a call's function names in `module` (a name or a dotted attribute), or None."""
    if isinstance(node, ast.Name):
        return getattr(module, node.id, None)
    if isinstance(node, ast.Attribute):
        owner = _resolve(module, node.value)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def coded_calls():
    """(where, code, keyword names) for each coded error built and each wording asked for in articles/."""
    calls = []
    for path in sorted(APP.rglob("*.py")):
        if "migrations" in path.parts or path == APP / "messages.py":
            continue
        name = ".".join(path.relative_to(APP.parent).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            target = _resolve(module, node.func)
            coded = isinstance(target, type) and issubclass(target, CodedError)
            if not coded and getattr(target, "__name__", None) not in WORDING:
                continue
            first = node.args[0] if node.args else None
            code = first.value if isinstance(first, ast.Constant) else None
            calls.append((f"{path.name}:{node.lineno}", code, {keyword.arg for keyword in node.keywords}))
    return calls


def fields(template):
    return {field.split(".")[0] for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_error_the_code_can_raise_has_english_and_french_words():
    calls = coded_calls()
    assert len(calls) > 40  # the scan sees the raises (fetching, inputs, extraction, ingestion, jobs...)
    for where, code, given in calls:
        assert code is not None, f"{where}: the code of an error is written where it is raised, as a string"
        assert code in MESSAGES, f"{where}: {code!r} has no words in articles.messages"
        english, french_words = MESSAGES[code]
        assert fields(english) | fields(french_words) <= given, f"{where}: {code!r} is raised without its parameters"
    used = {code for _, code, _ in calls}
    assert set(MESSAGES) - used == set(), "words for codes nothing raises any more"
    for code, (english, french_words) in MESSAGES.items():
        assert french_words and french_words != english, code


@pytest.mark.parametrize(
    ("error", "english", "in_french"),
    [
        (
            FetchError("http_status", status=404, phrase="Not Found"),
            "HTTP 404 Not Found",
            "le serveur a répondu HTTP 404 Not Found",
        ),
        (FetchError("http_status", status=599, phrase=""), "HTTP 599", "le serveur a répondu HTTP 599"),
        (FetchError("timeout", seconds=3.0), "timed out after 3 s", "délai dépassé (3 s)"),
        (
            FetchError("response_too_large", limit=10 * 1024 * 1024),
            "response larger than 10 MB",
            "réponse trop volumineuse (plus de 10 Mo)",
        ),
        (
            InputError("file_too_large", limit=500),
            "file larger than 500 bytes",
            "fichier trop volumineux (plus de 500 octets)",
        ),
        (
            Refused("address_refused", host="10.0.0.1", kind="private"),
            "refused: 10.0.0.1 is a private address",
            "adresse refusée : 10.0.0.1 n'est pas une adresse publique (réseau privé)",
        ),
        (
            Refused(
                "redirect_resolution_refused", url="http://x.test/", host="x.test", address="::1", kind="unspecified"
            ),
            "refused: redirect to http://x.test/ (x.test resolves to ::1, an unspecified address)",
            "redirection refusée vers http://x.test/ (x.test mène à ::1, adresse non publique : adresse non spécifiée)",
        ),
        (
            InputError("malformed_listing", kind="feed", error="line 1"),
            "malformed feed: line 1",
            "flux mal formé : line 1",
        ),
        (
            InputError("not_a_page", kind="sitemap index"),
            "a sitemap index, not an HTML page",
            "un index de sitemaps, pas une page HTML",
        ),
        # Eleven of these came out in English in the French admin before they had codes; three of them:
        (FetchError("invalid_compressed_response"), "invalid compressed response", "réponse compressée illisible"),
        (
            InputError("index_too_deep"),
            "sitemap index nested too deep",
            "index de sitemaps imbriqués trop profondément",
        ),
        (ExtractionError("extraction_died"), "extraction process died", "le processus d'extraction s'est arrêté"),
    ],
)
def test_an_error_reads_in_english_on_the_command_line_and_in_french_for_editors(error, english, in_french):
    assert str(error) == english
    assert french(error) == in_french


def test_an_error_from_elsewhere_is_shown_as_it_is():
    assert french(RuntimeError("disque plein")) == "disque plein"


def test_a_coded_error_crosses_a_process_pipe_with_its_code_and_parameters():
    error = pickle.loads(pickle.dumps(ExtractionError("extraction_timeout", seconds=2.5)))
    assert (type(error), error.code, error.params, str(error)) == (
        ExtractionError,
        "extraction_timeout",
        {"seconds": 2.5},
        "extraction took longer than 2.5 s",
    )


def test_counts_read_as_an_editor_reads_them():
    assert messages.describe_counts({"created": 3, "updated": 0, "failed": 1}) == "3 créés, 1 en échec"
    assert messages.describe_counts({"created": 0}) == "aucun nouvel article"
