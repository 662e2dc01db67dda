"""Issue 15, finding 9: a page's canonical link may name another page of its own site only, and a
site is its registrable domain under the Public Suffix List (a `.co.uk` is no site of its own)."""

import pytest

from articles.domains import registrable_domain, same_site
from articles.models import Article
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page
from articles.pipeline.results import CREATED
from tests.storable_pages import news_page

VICTIM = "https://www.victim-news.co.uk/politics/the-story.html"
ATTACKER = "https://attacker-site.co.uk/fake.html"


def ingest_file(tmp_path, name, html, url):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return ingest([Page(str(path), url=url, path=path)])


@pytest.mark.django_db
def test_canonical_takeover_under_a_public_suffix_is_refused(tmp_path):
    original = ingest_file(tmp_path, "victim.html", news_page("The real story", canonical=VICTIM), VICTIM)
    assert [result.status for result in original.results] == [CREATED]
    takeover = news_page("A forged story", canonical=VICTIM)
    report = ingest_file(tmp_path, "attacker.html", takeover, ATTACKER)
    assert [result.status for result in report.results] == [CREATED]
    # The victim's article is untouched; the forged page is an article of its own site.
    assert Article.objects.get(canonical_url=VICTIM).title == "The real story"
    assert Article.objects.get(canonical_url=ATTACKER).title == "A forged story"


@pytest.mark.django_db
def test_canonical_on_another_host_of_the_same_site_is_still_followed(tmp_path):
    page = news_page("The real story", canonical=VICTIM)
    ingest_file(tmp_path, "amp.html", page, "https://amp.victim-news.co.uk/politics/the-story.amp.html")
    assert Article.objects.get().canonical_url == VICTIM


@pytest.mark.parametrize(
    ("url", "other", "same"),
    [
        ("https://www.victim-news.co.uk/a", "https://attacker-site.co.uk/b", False),
        ("https://www.victim-news.co.uk/a", "https://amp.victim-news.co.uk/b", True),
        ("https://victim.github.io/a", "https://attacker.github.io/b", False),  # the list's private part
        ("https://www.example.com.au/a", "https://other.com.au/b", False),
        ("https://www.lemonde.fr/a", "https://lemonde.fr/b", True),
        ("https://www.Bücher.de/a", "https://xn--bcher-kva.de/b", True),
        ("https://127.0.0.1/a", "https://127.0.0.2/b", False),  # not "0.1" and "0.2" as labels
        ("https://co.uk/a", "https://victim.co.uk/b", False),
        ("https://localhost/a", "https://localhost:8000/b", True),
    ],
)
def test_registrable_domains_follow_the_public_suffix_list(url, other, same):
    assert same_site(url, other) is same


def test_registrable_domain_of_hosts():
    assert registrable_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("co.uk") == "co.uk"
    assert registrable_domain("[::1]") == "::1"
