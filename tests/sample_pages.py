"""The pages tests give the code: the files of tests/pages/ for a site at any address, and a small article page."""

from pathlib import Path

from articles.extraction import extract

PAGES = Path(__file__).parent / "pages"
DEMO_SITE = "https://www.quotidien-demo.example"


def render_page(name, base=DEMO_SITE):
    """A page from tests/pages/ as bytes, its `{base}` placeholders pointing at `base`."""
    return (PAGES / name).read_text(encoding="utf-8").replace("{base}", base).encode("utf-8")


PARAGRAPHS = [
    "Le conseil municipal a voté mardi soir un budget en hausse pour la rénovation des écoles de la ville, "
    "après un débat de plus de trois heures entre la majorité et l'opposition.",
    "Les travaux commenceront dès l'été prochain dans six établissements, a précisé l'adjointe chargée de "
    "l'éducation, qui promet que les cours ne seront pas interrompus pendant le chantier.",
    "L'opposition dénonce un calendrier trop serré et réclame une étude indépendante sur le coût réel des "
    "travaux, qu'elle estime sous-évalué de près d'un tiers par les services de la mairie.",
    "Les parents d'élèves, eux, saluent une décision attendue depuis longtemps, même si certains regrettent "
    "que les cantines ne fassent pas partie de la première tranche de travaux votée cette semaine.",
]


def article_page(body="", head="", title="Le budget des écoles voté", paragraphs=PARAGRAPHS, lang="fr"):
    """A small but complete news page; `body` goes inside the article before the text."""
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body><main><article><h1>{title}</h1>{body}<div class='text'>{text}</div></article></main></body></html>"
    )


GAZETTE_URL = "https://gazette.test/2024/03/05/budget-ecoles"


def photos_of(body, head=""):
    """The photos the extractor finds in an article page holding `body` before its text."""
    return extract(article_page(body=body, head=head), GAZETTE_URL).images
