"""Search entries analysed in the extraction workers: the index holds what analysing in the writer makes.

Run on SQLite, then with DATABASE_URL on PostgreSQL (each stores its own kind of entry).
"""

import os

import pytest
from django.db import connection

from articles.extraction import ExtractedImage
from articles.models import Article, RawPage
from articles.pipeline import ingestion
from articles.pipeline.batches import Write, save_batch
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import CREATED, UPDATED
from articles.pipeline.writing import save_article, search_entry
from articles.search import postgresql, reindex, search_articles, sqlite, text
from articles.stories.fingerprint import unpack
from articles.stories.grouping import story_print
from tests.factories import extracted
from tests.sample_pages import DEMO_SITE, article_page

pytestmark = pytest.mark.django_db

TEXTS = [
    ("fr", "Sécurité maritime : l'accord des Œuvres", "Les électeurs déçus votent à Genève."),
    ("de", "Die Straßenbahn fährt wieder", "Die Bürgerinnen und Bürger stimmten über 2,5 Millionen Euro ab."),
    ("ja", "東京都の予算", "東京都は新しい予算を発表した。Tokyo 2025."),
    ("", "Untagged page", "No language given: words are matched as written."),
]


def index_rows():
    """Every row of the engine's own tables, in order."""
    if connection.vendor == "sqlite":
        queries = [
            f"SELECT rowid, {', '.join(f'{field}, {field}_stems' for field in sqlite.FIELDS)} FROM {sqlite.FTS} "
            "ORDER BY 1",
            f"SELECT rowid, title, title_stems FROM {sqlite.TITLES} ORDER BY 1",
            f"SELECT article_id, key FROM {sqlite.KEYS} ORDER BY 1",
        ]
    else:
        queries = [
            f"SELECT article_id, published_at, document::text, title::text FROM {postgresql.DOCUMENTS} ORDER BY 1"
        ]
    with connection.cursor() as cursor:
        rows = []
        for query in queries:
            cursor.execute(query)
            rows.append(cursor.fetchall())
        return rows


def _write(n, language, title, body, **fields):
    url = f"{DEMO_SITE}/monde/article-{n}.html"
    images = [
        ExtractedImage(src=f"/img/{n}.jpg", caption=f"Légende {n} : le port de Beyrouth", credit="Photo AFP"),
        ExtractedImage(src="data:image/gif;base64,R0lGOD", caption="Jamais stockée, donc jamais cherchée"),
        ExtractedImage(src=f"{DEMO_SITE}/img/{n}-b.jpg", caption=""),
    ]
    fields.setdefault("images", images)
    fields |= {"title": title, "lead": title, "body": body, "body_html": f"<p>{body}</p>", "language": language}
    article = extracted(url=url, canonical_url=url, **fields)
    return Write(article, f"<html><p>page {n}</p></html>", url, search=search_entry(article))


def _writer_never_analyses(monkeypatch):
    def refuse(fields, language):
        raise AssertionError("the writer analysed an entry it was given")

    monkeypatch.setattr(sqlite, "analyse", refuse)
    monkeypatch.setattr(postgresql, "analyse", refuse)
    monkeypatch.setattr(postgresql, "vectors", refuse)


def test_entries_analysed_before_the_write_are_the_rows_the_writer_would_make(monkeypatch):
    writes = [_write(n, *texts) for n, texts in enumerate(TEXTS)]
    with monkeypatch.context() as patched:
        _writer_never_analyses(patched)
        outcomes = save_batch(writes)
    assert [status for status, _ in outcomes] == [CREATED] * len(TEXTS)
    given = index_rows()
    assert reindex() == len(TEXTS)  # every entry analysed again, in the writer
    assert index_rows() == given
    # Found by a stem, in its caption, and the caption of a photo never stored is not indexed.
    assert search_articles(Article.objects.all(), "beyrouth").count() == len(TEXTS)
    assert not search_articles(Article.objects.all(), "jamais").exists()
    assert [a.title for a in search_articles(Article.objects.all(), "électeur")] == [TEXTS[0][1]]


def test_an_entry_analysed_from_other_text_than_the_article_stored_is_analysed_again(monkeypatch):
    write = _write(1, *TEXTS[0])
    write.extracted.body = "Le texte a changé depuis l'analyse : les pêcheurs de Tyr."  # after the worker's analysis
    assert save_batch([write])[0][0] == CREATED
    assert [a.title for a in search_articles(Article.objects.all(), "pêcheur")] == [TEXTS[0][1]]
    assert not search_articles(Article.objects.all(), "genève").exists()
    given = index_rows()
    reindex()
    assert index_rows() == given


def test_an_update_writes_the_entry_analysed_for_it(monkeypatch):
    first = _write(1, *TEXTS[0])
    save_batch([first])
    second = _write(1, "fr", TEXTS[0][1], "Les pêcheurs de Tyr manifestent.")
    with monkeypatch.context() as patched:
        _writer_never_analyses(patched)
        status, _ = save_article(
            second.extracted, html=second.html, fetched_url=second.fetched_url, search=second.search
        )
    assert status == UPDATED
    assert search_articles(Article.objects.all(), "pêcheurs").count() == 1
    given = index_rows()
    reindex()
    assert index_rows() == given


@pytest.mark.parametrize("in_workers", [True, False], ids=["workers-analyse", "writer-analyses"])
def test_pages_ingested_are_analysed_where_the_cores_allow_and_indexed_as_a_reindex_would(
    tmp_path, monkeypatch, in_workers
):
    monkeypatch.setattr(ingestion, "workers_finish_pages", lambda processes: in_workers)
    # Which processes analyse: written to a file, since the workers are forked from this one.
    analysers = tmp_path / "analysers.txt"
    backend = sqlite if connection.vendor == "sqlite" else postgresql
    real = backend.analyse

    def analyse(fields, language):
        with analysers.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real(fields, language)

    monkeypatch.setattr(backend, "analyse", analyse)
    pages = tmp_path / "pages"
    pages.mkdir()
    for n, (language, title, body) in enumerate(TEXTS):
        head = f'<link rel="canonical" href="https://gazette.test/{n}">'
        photo = f'<figure><img src="https://gazette.test/{n}.jpg"><figcaption>Le port de Tyr {n}</figcaption></figure>'
        page = article_page(body=photo + f"<p>{body}</p>", head=head, title=title, lang=language or "x-none")
        (pages / f"{n}.html").write_text(page, encoding="utf-8")
    report = ingest([str(pages)], workers=2)
    assert report.counts[CREATED] == len(TEXTS)
    pids = analysers.read_text().split()
    assert len(pids) == len(TEXTS)
    assert (str(os.getpid()) not in pids) if in_workers else (set(pids) == {str(os.getpid())})
    given = index_rows()
    assert reindex() == len(TEXTS)
    assert index_rows() == given
    assert search_articles(Article.objects.all(), "tyr").count() == len(TEXTS)
    # Compressed and fingerprinted by the workers or by the writer: the same raw page, the same story print.
    for n in range(len(TEXTS)):
        article = Article.objects.get(canonical_url=f"https://gazette.test/{n}")
        assert RawPage.objects.get(article=article).html == (pages / f"{n}.html").read_text(encoding="utf-8")
        found = story_print(article.lead, article.body_text, article.language)
        with connection.cursor() as cursor:
            cursor.execute("SELECT signature, size FROM articles_storyfingerprint WHERE article_id = %s", [article.pk])
            signature, size = cursor.fetchone()
        assert (unpack(signature), size) == (found.signature, found.size)


def test_workers_analyse_when_they_fill_the_cores(monkeypatch):
    monkeypatch.setattr(ingestion.os, "cpu_count", lambda: 2)
    assert not ingestion.workers_finish_pages(1)  # the writer has a core of its own
    assert ingestion.workers_finish_pages(2)


@pytest.mark.parametrize("language", ["fr", "de", "ru", "ja", "ar", ""])
def test_a_stem_column_holds_tagged_stems_or_the_words_of_its_text_column_at_the_same_place(language):
    # What lets SQLite's MATCH name no column (articles.search.sqlite.render): a stem is tagged,
    # no word is, and a word in a stem column stands beside itself in the text's column.
    value = "Les 2 électeurs de Москва votent à Genève, 東京都 et الأمن : covid19, G20 ; Straßenbahn."
    words, stems = text.analyse(text.clean(value), language)
    assert not any("_" in word for word in words)
    assert len(stems) == len(words)
    for word, stem in zip(words, stems):
        assert stem == word or ("_" in stem and stem.split("_", 1)[0] == text.stem_code(language))


# A word of ASCII letters and digits (most of a page's first time in a new worker) takes a path of its own:
# the same terms and stems as the general one, in every language, without its Python step a character.
ASCII_WORDS = [
    *"a I X ok OK Paris PARIS economie Economy running runs Stemming covid19 COVID19 2e 19 2026 x und".split(),  # noqa: SIM905
    *"Nachrichten kolkata Ayodhya ABC iPhone McDonalds the in no nb".split(),  # noqa: SIM905
    "a" * 99,
]


def general_analysis(word, code):
    return text.grams(word), (text.stem(word, code) if code in text.stem_codes(word) else None)


def test_ascii_words_are_analysed_as_the_general_path_analyses_them_in_every_language():
    import random

    rng = random.Random(18)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    words = ASCII_WORDS + ["".join(rng.choice(letters) for _ in range(rng.randint(1, 14))) for _ in range(400)]
    words += ["".join(rng.choice(letters[:52]) for _ in range(rng.randint(2, 12))) for _ in range(400)]
    codes = [None, text.UNSTEMMED, *text.STEMMERS]
    for word in words:
        assert word.isascii() and word.isalnum()
        for code in codes:
            assert text._analysed_ascii(word, code) == general_analysis(word, code), (word, code)


def test_an_ascii_page_is_analysed_without_folding_a_character_at_a_time(monkeypatch):
    text._analysed.cache_clear()

    def refused(word):
        raise AssertionError(f"folded one character at a time: {word}")

    monkeypatch.setattr(text, "fold", refused)
    terms, stems = text.analyse("Running runners ran 42 races in Paris, covid19 ok", "en")
    assert terms == ["running", "runners", "ran", "42", "races", "in", "paris", "covid19", "ok"]
    assert stems == ["en_run", "en_runner", "en_ran", "42", "en_race", "en_in", "en_pari", "covid19", "en_ok"]
    text._analysed.cache_clear()


def test_a_word_of_letters_is_stemmable_as_one_read_character_by_character():
    import sys

    # No character is both a letter and a digit: the shortcut for words of letters reads every one as the scan does.
    assert not [c for c in range(sys.maxunicode + 1) if chr(c).isalpha() and chr(c).isdigit()]
    for word in ["économie", "Ñandú", "москва", "Ελλάδα", "東京", "covid19", "2e", "x²", "٣٤", "ok", "naïve"]:
        assert text.stemmable(word) == (not any(ch.isdigit() for ch in word) and not text.is_cjk(word)), word


def test_a_latin_word_folds_through_the_table_as_the_general_path_folds_it():
    import random

    below = [chr(code) for code in range(0x250)]
    fast = text.fold.__wrapped__  # not through the cache: every text below is folded anew

    def general(word):
        return text._folded(word) or word

    # Every character and every pair of them: no character's fold reaches its neighbour's.
    for first in below:
        assert fast(first) == general(first), hex(ord(first))
        for second in below:
            pair = first + second
            assert fast(pair) == general(pair), (hex(ord(first)), hex(ord(second)))
    rng = random.Random(18)
    for _ in range(2000):
        word = "".join(rng.choice(below) for _ in range(rng.randint(3, 16)))
        assert fast(word) == general(word), word
    assert fast("Économie") == "economie" and fast("Straße") == "strasse" and fast("œuvre") == "oeuvre"
    assert fast("ŉ") == general("ŉ") and fast("¼") == "14" and fast("¨") == general("¨")


def test_a_page_in_latin_letters_is_analysed_without_folding_a_character_at_a_time(monkeypatch):
    sentence = "L'économie française a progressé de 0,5 % au 3e trimestre"
    expected = text.analyse(sentence, "fr")  # the table made once by the general path, on the way
    text._analysed.cache_clear()
    text.fold.cache_clear()

    def refused(word):
        raise AssertionError(f"folded one character at a time: {word}")

    monkeypatch.setattr(text, "_folded", refused)
    terms, stems = text.analyse(sentence, "fr")
    assert terms == ["l", "economie", "francaise", "a", "progresse", "de", "0", "5", "au", "3e", "trimestre"]
    assert (terms, stems) == expected and stems[1] == "fr_econom"
    text._analysed.cache_clear()
    text.fold.cache_clear()


def test_the_stemmers_keep_no_cache_of_their_own_and_stem_as_a_cached_one_does():
    import Stemmer

    words = ["running", "runners", "économie", "élections", "Straßenbahn", "bürgerinnen", "votaciones", "москвы"]
    words += ["выборы", "αθήνα", "انتخابات", "eleições", "verkiezingen", "valgene", "rinkimai", "pemilihan"]
    for code, name in text.STEMMERS.items():
        # stem() and _analysed() remember the words they stem: a cache of the stemmer's own only cost
        # (docs/BENCHMARKS.md, issue 18).
        assert text._stemmer(code).maxCacheSize == 0, code
        cached = Stemmer.Stemmer(name)
        for word in words + [word.upper() for word in words]:
            assert text._stemmer(code).stemWord(word) == cached.stemWord(word), (code, word)


def test_a_vector_literal_is_the_one_the_general_path_writes_for_short_and_long_documents():
    def analysed(fields, language):
        return {name: text.analyse(text.clean(value), language) for name, value in fields.items()}

    documents = [analysed({"title": title, "lead": "", "body": body}, lang) for lang, title, body in TEXTS]
    # a term past its MAX_POSITIONS, the word and its stem both; a field left out; words past MAX_POSITION (shared)
    documents.append(analysed({"title": "Conseils", "body": "conseils du Conseil " * 200}, "fr"))
    documents.append(analysed({"title": "Sécurité", "lead": "Le conseil", "captions": "Une photo"}, "fr"))
    documents.append(analysed({"title": "Long", "lead": "", "body": "mot autre " * 8200 + "fin"}, "fr"))
    for document in documents:
        for weighted in (True, False):
            made = postgresql._literal(document, weighted)
            assert made == postgresql._clamped_literal(document, weighted)
    places = dict(term.split(":") for term in postgresql._literal(documents[-3], True).split(" "))
    assert len(places["'fr_conseil'"].split(",")) == postgresql.MAX_POSITIONS  # 1A, then 400 in the body: cut
    assert places["'conseils'"].startswith("1A,3D,6D")
    assert "16383D" in postgresql._literal(documents[-1], True)
