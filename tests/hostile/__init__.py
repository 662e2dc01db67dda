"""The hostile corpus: payloads.txt, and article pages that put each payload in every field."""

import json
import re
from html import escape
from pathlib import Path

import lxml.html

from articles.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

HERE = Path(__file__).parent
PAYLOADS = [
    line
    for line in (HERE / "payloads.txt").read_text(encoding="utf-8").split("\n")  # not splitlines(): \x0c, \u2028
    if line.strip() and not line.startswith("#")
]
# Sources for photos and links: each scheme a browser would run or render inline.
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:window.__xss=1",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\u200bjavascript:alert(1)",
    "&#106;avascript:alert(1)",  # written raw into the attribute: the parser decodes it
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "data:image/png;base64,iVBORw0KGgo=",
]
# What people might type in the search box to break the parser: stray quotes, operators, syntax of other engines.
HOSTILE_QUERIES = [
    '"',
    '""',
    '"unterminated phrase',
    "((sécurité",
    ")",
    "NEAR(pekin beyrouth, 2)",
    "title:pekin",
    "pekin^2",
    "*",
    "**pekin",
    "pe*kin",
    "-",
    "--",
    "- -pekin",
    "OR",
    "OR OR pekin OR",
    "AND NOT",
    "'; DROP TABLE articles_article; --",
    "\\' \\\" \\\\",
    "pekin\x00beyrouth",
    "x" * 10_000,
    "pekin " * 2_000,
    "🙂🔥 🇱🇧",
    "بيروت الأمن",
    "北京 安全",
    "&amp; <script>alert(1)</script>",
    "a:* & !b | c <-> d",
    "\u202epekin\u202c",
]
# Words every page's fields start with, so a search finds them: "alerte" (titles), "légende" (captions).
TITLE_WORD, CAPTION_WORD = "Alerte", "Légende"
FIELDS = ("title", "lead", "caption", "credit", "author", "section")

PARAGRAPHS = [
    "Le conseil municipal a adopté mardi soir un budget de transition, après un débat de plus de quatre heures "
    "sur la rénovation des écoles, le prix de la cantine et l'entretien des routes départementales.",
    "Selon l'adjoint aux finances, la dette de la commune reste stable malgré la hausse des dépenses "
    "d'énergie, et les investissements prévus pour la médiathèque seront étalés sur trois exercices.",
    "L'opposition a dénoncé un calendrier trop serré et réclamé une consultation des habitants avant "
    "toute décision sur la fermeture partielle de la piscine pendant les travaux de l'été prochain.",
    "Le maire a promis une réunion publique au printemps, où les associations sportives et les parents "
    "d'élèves pourront présenter leurs propositions sur l'usage des équipements de la commune.",
]


def fields_of(index):
    """What page `index` puts in each plain-text field: payload index+k for the k-th field."""
    n = len(PAYLOADS)
    p = [PAYLOADS[(index + k) % n] for k in range(len(FIELDS))]
    return {
        "title": f"{TITLE_WORD} {index} {p[0]}",
        "lead": f"Chapô de l'article {index}, qui résume l'affaire : {p[1]} et la suite du chapô.",
        "caption": f"{CAPTION_WORD} de la photo {index} : {p[2]}.",
        "credit": f"Photo {p[3]}",
        "author": f"Auteur {p[4]}",
        "section": f"Rubrique {p[5]}",
    }


def _json_ld(fields):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": fields["title"],
        "description": fields["lead"],
        "articleSection": fields["section"],
        "author": {"@type": "Person", "name": fields["author"]},
    }
    # "</script>" or "<!--" inside a payload must not end or bend the JSON-LD block: escape every "<".
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def page(index, base):
    """Article page `index`: payloads escaped in every text field, raw in the body, as photo and link URLs."""
    f = fields_of(index)
    e = {name: escape(value) for name, value in f.items()}
    payload = PAYLOADS[index % len(PAYLOADS)]
    url = HOSTILE_URLS[index % len(HOSTILE_URLS)]
    first, second, third, fourth = PARAGRAPHS
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{e["title"]}</title>
<link rel="canonical" href="{base}/hostile/{index}.html">
<meta property="og:title" content="{e["title"]}">
<meta name="description" content="{e["lead"]}">
<meta property="article:section" content="{e["section"]}">
<meta name="author" content="{e["author"]}">
<script type="application/ld+json">{_json_ld(f)}</script>
</head>
<body>
<article>
<h1>{e["title"]}</h1>
<p class="article__chapo">{e["lead"]}</p>
<figure class="photo">
<img src="{base}/img/hostile-{index}.jpg" width="800" height="533" alt="{escape(payload)}">
<figcaption><span class="legende">{e["caption"]}</span> <span class="credit">{e["credit"]}</span></figcaption>
</figure>
<p>{first}</p>
<p>{second} On lit en toutes lettres : {escape(payload)}, puis la phrase se termine.</p>
<p>{third} {payload} Le texte continue après la charge.</p>
<figure class="photo">
<img src="{escape(url)}" width="800" height="533" alt="image hostile">
<figcaption>Une image dont la source est hostile, à ne jamais afficher.</figcaption>
</figure>
<p>{fourth} <a href="{escape(url)}">Lien hostile</a>, <a href="{url}">lien brut</a> et
<a href="{base}/suite-{index}.html">la suite de l'article</a>.</p>
</article>
</body>
</html>
"""


def write_pages(directory, base, count=None):
    """One page per payload (or the first `count`), as directory/hostile-NNN.html; their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count if count is not None else len(PAYLOADS)):
        path = directory / f"hostile-{index:03d}.html"
        path.write_text(page(index, base), encoding="utf-8")
        paths.append(path)
    return paths


# --- What "nothing runs" means, for stored fragments and whole rendered pages --------------------

SCHEME_NOISE = re.compile(r"[\x00-\x20\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
RUNNABLE_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster", "background"}
NEVER_SHOWN = {"iframe", "object", "embed", "applet", "frame", "frameset", "base", "svg", "math", "style"}


def runnable_url(value):
    """True for a URL a browser would run or render inline, however it is spelled."""
    return SCHEME_NOISE.sub("", value or "").lower().startswith(RUNNABLE_SCHEMES)


def disallowed_in_fragment(html):
    """Everything in a stored HTML fragment that the nh3 allowlist should have removed."""
    problems = []
    if not html.strip():
        return problems
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iterdescendants():
        if not isinstance(element.tag, str):
            problems.append(f"comment or processing instruction: {element!r}")
            continue
        if element.tag not in ALLOWED_TAGS:
            problems.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name not in ALLOWED_ATTRIBUTES.get(element.tag, ()) and name != "rel":
                problems.append(f"<{element.tag} {name}>")
            if name == "href" and not value.startswith(("http://", "https://")):
                problems.append(f'<a href="{value}">')
    return problems


def unsafe_in_page(html, *, own_scripts=("/static/",), within=None, allowed_tags=frozenset()):
    """What in a rendered page (or its `within` XPath part) could run or load hostile content; [] if safe."""
    problems = []
    document = lxml.html.document_fromstring(html)
    roots = document.xpath(within) if within else [document]
    if not roots:
        return [f"nothing at {within}"]
    for element in (el for root in roots for el in root.iter()):
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and not (element.get("src") or "").startswith(own_scripts):
            problems.append(f"inline or foreign <script>: {lxml.html.tostring(element)[:120]!r}")
        if tag in NEVER_SHOWN - allowed_tags:
            problems.append(f"<{tag}>")
        if tag == "form" and "form" not in allowed_tags and not (element.get("action") or "").startswith("/"):
            problems.append(f"<form action={element.get('action')!r}>")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(f"<{tag} {name}>")
            if name == "style":
                problems.append(f"<{tag} style>")
            if name in URL_ATTRIBUTES and runnable_url(value):
                problems.append(f'<{tag} {name}="{value[:60]}">')
    return problems
