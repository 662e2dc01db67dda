"""Scraped HTML keeps its structure and loses anything that could run."""

from articles.sanitize import sanitize_html


def test_structure_is_kept():
    html = (
        "<h2>Titre</h2><p>Un <strong>fort</strong> et <em>léger</em></p><ul><li>un</li></ul><blockquote>c</blockquote>"
    )
    assert sanitize_html(html) == html


def test_scripts_handlers_and_styles_are_removed():
    clean = sanitize_html(
        '<p onclick="alert(1)" style="color:red">Texte<script>alert(2)</script></p>'
        "<img src=x onerror=alert(3)><iframe src=//evil></iframe><style>p{}</style>"
    )
    assert clean == "<p>Texte</p>"


def test_only_absolute_http_links_survive():
    clean = sanitize_html(
        '<p><a href="javascript:alert(1)">a</a><a href="data:text/html,x">b</a>'
        '<a href="/relatif">c</a><a href="https://example.com/x">d</a></p>'
    )
    assert "javascript" not in clean and "data:" not in clean and "/relatif" not in clean
    assert '<a href="https://example.com/x" rel="nofollow noopener noreferrer">d</a>' in clean


def test_headings_outside_h2_to_h4_keep_their_text_only():
    assert sanitize_html("<h1>Grand</h1><h3>moyen</h3>") == "Grand<h3>moyen</h3>"
