"""The headline: which of JSON-LD, share title, <title> and <h1> the extractor picks."""

from articles.extraction import extract
from tests.sample_pages import PARAGRAPHS

URL = "https://gazette-nord.test/a/1"


def page(h1s, og_title, paragraphs=PARAGRAPHS):
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{og_title} | Gazette</title>'
        f'<meta property="og:title" content="{og_title}"></head>'
        f"<body>{h1s}<main><article>{text}</article></main></body></html>"
    )


def test_the_visible_headline_beats_a_share_title_written_for_social_media():
    html = page(
        "<header><h1>Le budget des écoles voté après trois heures de débat</h1></header>",
        "Ce que le vote du budget change pour vos enfants",
    )
    assert extract(html, URL).title == "Le budget des écoles voté après trois heures de débat"


def test_a_logo_or_login_h1_is_not_the_headline():
    h1s = (
        "<header><h1><a href='/'>La Gazette du Nord, le quotidien</a></h1></header>"
        "<form><h1>Connectez-vous à votre compte</h1></form>"
    )
    html = page(h1s, "Ce que le vote du budget change pour vos enfants")
    assert extract(html, URL).title == "Ce que le vote du budget change pour vos enfants"


def test_a_japanese_headline_matches_its_share_title_by_characters():
    headline = "ファインの新聞ストッカーは引越しにも使える！ 家具の固定も簡単"
    h1s = f"<h1><a href='/'><svg></svg>gazette</a></h1><h1>{headline}</h1>"
    html = page(h1s, "ファインの新聞ストッカーは引越しにも使える！ 新聞も家具も簡単に固定")
    assert extract(html, URL).title == headline
