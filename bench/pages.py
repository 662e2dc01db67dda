"""Synthetic article pages as a news site serves them (header, nav, figures, aside), and their manifest."""

import html
import json
from pathlib import Path

from django.utils.text import slugify

from bench.synthetic import generate

PAGES_SITE = "https://pages.newsroom.example"
MANIFEST = "manifest.json"
NAV = ["Liban", "Diplomatie", "Moyen-Orient", "Économie", "Monde", "Culture", "Sport"]


def render_page(draft, number):
    """One article page as a news site serves it: header and nav, the article with its figures, aside, footer."""
    e = html.escape
    url = f"{PAGES_SITE}/{slugify(draft.section)}/{number}-{slugify(draft.title)[:80]}.html"
    when = draft.published_at.isoformat(timespec="seconds")
    figures = "\n".join(
        f'<figure class="photo"><img src="{PAGES_SITE}/images/{number}-{i}.jpg" alt="{e(photo.caption[:120])}" '
        f'width="1200" height="800"><figcaption>{e(photo.caption)} {e(photo.credit)}</figcaption></figure>'
        for i, photo in enumerate(draft.photos)
    )
    nav = "".join(f'<li><a href="{PAGES_SITE}/{slugify(name)}/">{e(name)}</a></li>' for name in NAV)
    byline = " et ".join(f'<a rel="author" href="{PAGES_SITE}/auteur/{slugify(a)}">{e(a)}</a>' for a in draft.authors)
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>{e(draft.title)} - Le Quotidien synthétique</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article"><meta property="og:site_name" content="Le Quotidien synthétique">
<meta property="og:title" content="{e(draft.title)}"><meta property="og:url" content="{url}">
<meta property="article:published_time" content="{when}"><meta property="article:section" content="{e(draft.section)}">
</head><body>
<header class="site-header"><a class="logo" href="{PAGES_SITE}/">Le Quotidien synthétique</a>
<form role="search" action="{PAGES_SITE}/recherche"><input type="search" name="q"></form>
<nav class="main-nav"><ul>{nav}</ul></nav></header>
<main><article class="article">
<header><p class="kicker">{e(draft.section)}</p><h1>{e(draft.title)}</h1>
<p class="byline">Par {byline}, <time datetime="{when}">{draft.published_at:%d/%m/%Y %H:%M}</time></p></header>
{figures}
<p class="chapo">{e(draft.lead)}</p>
<div class="article-body">
{draft.body_html}
</div>
<footer class="article-footer"><ul class="share"><li><a href="https://x.example/share?u={url}">X</a></li>
<li><a href="https://facebook.example/share?u={url}">Facebook</a></li></ul></footer>
</article>
<aside class="sidebar"><section class="related"><h2>Lire aussi</h2><ul>
<li><a href="{PAGES_SITE}/monde/{number + 1}-suite.html">Les dernières informations de la journée</a></li>
<li><a href="{PAGES_SITE}/liban/{number + 2}-autre.html">Le point sur la situation ce soir</a></li></ul></section>
<section class="newsletter"><h2>La newsletter du matin</h2><p>Recevez l'essentiel chaque matin.</p></section>
</aside></main>
<footer class="site-footer"><a href="{PAGES_SITE}/contact">Contact</a>
<a href="{PAGES_SITE}/mentions-legales">Mentions légales</a><p>© Le Quotidien synthétique.</p></footer>
</body></html>
"""
    return url, page


def write_pages(directory, count, *, seed=0):
    """`count` pages in `directory` (00001.html…) and a manifest {canonical URL: photo count}; the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest, paths = {}, []
    for number, draft in enumerate(generate(count, seed=seed), start=1):
        url, page = render_page(draft, number)
        path = directory / f"{number:06d}.html"
        path.write_text(page, encoding="utf-8")
        manifest[url] = len(draft.photos)
        paths.append(path)
    (directory / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return paths


def read_manifest(directory):
    return json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
