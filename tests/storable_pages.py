"""A plain news page with JSON-LD, for the tests of what a page may put in the newsroom."""

import json


def news_page(
    headline, *, canonical, h1=None, published="2026-03-02T08:00:00+01:00", author="Claire Moreau", caption="Le palais"
):
    """A news page whose JSON-LD carries `headline` (JSON-escaped, as publishers write it)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": published,
        "author": {"@type": "Person", "name": author},
        "articleSection": "Monde",
        "image": {"@type": "ImageObject", "url": "https://images.quotidien-demo.example/a.jpg", "caption": caption},
    }
    body = "".join(
        f"<p>Paragraphe {n} du récit : les délégations se sont retrouvées à Genève pour une longue "
        f"journée de discussions, sans texte commun à la fin de la soirée.</p>"
        for n in range(8)
    )
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Sommet</title>'
        f'<link rel="canonical" href="{canonical}">'
        f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
        f"<body><article><h1>{h1 or headline}</h1>{body}</article></body></html>"
    )
