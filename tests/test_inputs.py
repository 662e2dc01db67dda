"""Telling sources apart by content, listing feeds and sitemaps, walking local files."""

import gzip
from datetime import UTC, datetime

import pytest

from articles.pipeline.inputs import (
    FEED,
    HTML,
    SITEMAP,
    SITEMAP_INDEX,
    InputError,
    gunzip,
    local_pages,
    read_local,
    sniff,
)
from articles.pipeline.listing import Entry, list_entries
from tests.sample_pages import DEMO_SITE, render_page


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("article-economie.html", HTML),
        ("no-article.html", HTML),
        ("rss.xml", FEED),
        ("atom.xml", FEED),
        ("sitemap.xml", SITEMAP),
        ("sitemap-news.xml", SITEMAP),
        ("sitemap-index.xml", SITEMAP_INDEX),
    ],
)
def test_kind_is_told_by_content(name, kind):
    assert sniff(render_page(name)) == kind


def test_html_without_doctype_or_html_tag_is_still_html():
    assert sniff(b"\xef\xbb\xbf<!-- saved -->\n<meta charset=utf-8><title>t</title><p>texte</p>") == HTML


def test_rss_1_0_is_a_feed():
    rdf = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    assert sniff(rdf) == FEED


def test_binary_content_is_refused():
    with pytest.raises(InputError, match="binary content"):
        sniff(b"%PDF-1.7\n\x00\x01\x02 stream")


def test_plain_text_is_neither_page_nor_feed():
    with pytest.raises(InputError, match="not an HTML page, feed or sitemap"):
        sniff(b"just some words, no markup at all")


def test_rss_entries_with_links_guids_and_dates():
    entries = list_entries(render_page("rss.xml"), FEED, DEMO_SITE + "/rss.xml")
    assert entries == [
        Entry(DEMO_SITE + "/economie/budget-2026.html", datetime(2026, 3, 14, 8, 30, tzinfo=UTC)),
        Entry(DEMO_SITE + "/sport/marathon-paris.html", datetime(2026, 3, 10, 17, 0, tzinfo=UTC)),
        Entry(DEMO_SITE + "/culture/festival-avignon.html", datetime(2026, 2, 1, 9, 0, tzinfo=UTC)),
    ]


def test_rss_zone_names_are_placed_as_rfc_822_gives_them():
    # An RSS pubDate is RFC 822: its EST is UTC-5 and its PDT UTC-7 (read as UTC, a poll's --since
    # would leave out a story published at 10:00 EST, 15:00 UTC, as older than noon UTC).
    feed = b"""<rss><channel>
        <item><link>https://a.example/1</link><pubDate>Tue, 19 Nov 2019 10:00:00 EST</pubDate></item>
        <item><link>https://a.example/2</link><pubDate>Tue, 19 Nov 2019 10:00:00 PDT</pubDate></item>
        <item><link>https://a.example/3</link><pubDate>Tue, 19 Nov 2019 10:00:00 +0100</pubDate></item>
    </channel></rss>"""
    assert [entry.published for entry in list_entries(feed, FEED, "https://a.example/rss")] == [
        datetime(2019, 11, 19, 15, tzinfo=UTC),
        datetime(2019, 11, 19, 17, tzinfo=UTC),
        datetime(2019, 11, 19, 9, tzinfo=UTC),
    ]


def test_a_listing_date_that_cannot_be_one_is_no_date():
    sitemap = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://a.example/1</loc><lastmod>2099-01-01</lastmod></url>
    </urlset>"""
    assert list_entries(sitemap, SITEMAP, "https://a.example/sitemap.xml") == [Entry("https://a.example/1", None)]


def test_atom_entries_use_the_alternate_link_resolved_against_the_feed():
    entries = list_entries(render_page("atom.xml"), FEED, DEMO_SITE + "/atom.xml")
    assert [entry.url for entry in entries] == [
        DEMO_SITE + "/economie/budget-2026.html",
        DEMO_SITE + "/culture/festival-avignon.html",  # relative href, enclosure link skipped
    ]
    assert entries[0].published == datetime(2026, 3, 14, 8, 30, tzinfo=UTC)


def test_sitemap_entries_with_lastmod():
    entries = list_entries(render_page("sitemap.xml"), SITEMAP, DEMO_SITE + "/sitemap.xml")
    assert entries[1] == Entry(DEMO_SITE + "/culture/festival-avignon.html", datetime(2026, 2, 1, tzinfo=UTC))


def test_news_sitemap_gives_the_publication_date():
    (entry,) = list_entries(render_page("sitemap-news.xml"), SITEMAP, DEMO_SITE + "/sitemap-news.xml")
    assert entry == Entry(DEMO_SITE + "/sport/marathon-paris.html", datetime(2026, 3, 10, 17, tzinfo=UTC))


def test_sitemap_index_lists_its_sitemaps():
    entries = list_entries(render_page("sitemap-index.xml"), SITEMAP_INDEX, DEMO_SITE + "/sitemap-index.xml")
    assert [entry.url for entry in entries] == [DEMO_SITE + "/sitemap.xml", DEMO_SITE + "/sitemap-news.xml"]


def test_duplicate_and_non_http_entries_are_dropped():
    feed = b"""<rss><channel>
        <item><link>https://a.example/1</link></item>
        <item><link>https://a.example/1</link></item>
        <item><link>javascript:alert(1)</link></item>
        <item><title>no link</title></item>
    </channel></rss>"""
    assert [entry.url for entry in list_entries(feed, FEED, "https://a.example/rss")] == ["https://a.example/1"]


def test_malformed_feed_is_a_clear_error():
    with pytest.raises(InputError, match=r"^malformed feed: "):
        list_entries(render_page("malformed-feed.xml"), FEED, DEMO_SITE)


def test_feed_entities_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("https://leaked.example/")
    feed = f"""<?xml version="1.0"?>
    <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
    <rss><channel><item><link>&xxe;</link></item></channel></rss>""".encode()
    assert list_entries(feed, FEED, "https://a.example/") == []


def test_directory_is_walked_recursively_for_pages_only(tmp_path):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    for name in ("a.html", "b/c.HTM", "b/deep/d.html.gz", "b/notes.txt", "b/e.htm.gz", "image.png"):
        (tmp_path / name).write_bytes(b"x")
    pages = [path.relative_to(tmp_path).as_posix() for path in local_pages(tmp_path)]
    assert pages == ["a.html", "b/c.HTM", "b/e.htm.gz", "b/deep/d.html.gz"]


def test_missing_path_and_empty_directory_are_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        local_pages(tmp_path / "missing.html")
    with pytest.raises(InputError, match=r"no \.html or \.htm files"):
        local_pages(tmp_path)


def test_gzipped_file_is_read_uncompressed(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<p>bonjour</p>"))
    assert read_local(path) == b"<p>bonjour</p>"


def test_corrupt_gzip_and_empty_files_are_errors(tmp_path):
    (tmp_path / "bad.html.gz").write_bytes(b"\x1f\x8b not really gzip")
    (tmp_path / "empty.html").write_bytes(b"\n")
    with pytest.raises(InputError, match="cannot read the file"):
        read_local(tmp_path / "bad.html.gz")
    with pytest.raises(InputError, match="empty file"):
        read_local(tmp_path / "empty.html")


def test_gzip_is_capped_once_inflated(tmp_path, settings):
    settings.NEWSROOM_MAX_RESPONSE_BYTES = 1000
    bomb = gzip.compress(b" " * 100_000)
    with pytest.raises(InputError, match="larger than 1000 bytes"):
        gunzip(bomb)
    (tmp_path / "bomb.html.gz").write_bytes(bomb)
    with pytest.raises(InputError, match="larger than 1000 bytes"):
        read_local(tmp_path / "bomb.html.gz")
