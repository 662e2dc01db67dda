"""Batched writes: many articles a transaction, each alone when the batch fails, idempotent."""

import threading
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.extraction import ExtractedImage
from articles.messages import CodedError
from articles.models import Article, Author, Authorship, Photo, RawPage
from articles.pipeline import batches, writing
from articles.pipeline.batches import Write, save_batch
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import CREATED, FAILED, UNCHANGED, UPDATED
from articles.pipeline.writing import UpdateRefused
from articles.search import search_articles
from articles.stories.grouping import group_articles
from tests.factories import extracted, save
from tests.sample_pages import DEMO_SITE, article_page

pytestmark = pytest.mark.django_db
BROKEN = "Quinze mille"  # a word only the failing article holds


def _write(n, **fields):
    url = f"{DEMO_SITE}/monde/article-{n}.html"
    fields.setdefault("title", f"Dépêche numéro {n} sur le sommet")
    fields.setdefault("authors", [f"Autrice {n % 3}", "Claire Moreau"])
    fields.setdefault(
        "images", [ExtractedImage(src=f"{DEMO_SITE}/img/{n}.jpg", caption=f"Légende {n}", credit="Photo AFP")]
    )
    return Write(extracted(url=url, canonical_url=url, **fields), f"<html><p>page {n}</p></html>", url)


def _fail_on_broken(monkeypatch):
    real = writing.sanitize_html

    def sanitize(html):
        if BROKEN in html:
            raise ValueError("le disque est plein")
        return real(html)

    monkeypatch.setattr(writing, "sanitize_html", sanitize)


def test_a_failing_article_in_the_middle_of_a_batch_loses_only_itself(monkeypatch):
    _fail_on_broken(monkeypatch)
    writes = [_write(n) for n in range(5)]
    writes[2] = _write(2, body_html=f"<p>{BROKEN} manifestants.</p>")

    outcomes = save_batch(writes)

    assert [outcome[0] for outcome in outcomes if isinstance(outcome, tuple)] == [CREATED] * 4
    failed = outcomes[2]
    assert isinstance(failed, CodedError) and failed.code == "save_failed"
    assert "le disque est plein" in str(failed)
    stored = {write.extracted.canonical_url for position, write in enumerate(writes) if position != 2}
    assert set(Article.objects.values_list("canonical_url", flat=True)) == stored
    # Each article whole: its photo, raw page, byline and search entry; nothing of the failed one.
    for article in Article.objects.all():
        assert article.photos.count() == 1
        assert RawPage.objects.filter(article=article).count() == 1
        assert list(article.authorship_set.values_list("author__name", flat=True)) == [
            f"Autrice {int(article.canonical_url[-6]) % 3}",
            "Claire Moreau",
        ]
    assert Photo.objects.count() == RawPage.objects.count() == 4
    assert search_articles(Article.objects.all(), "Légende").count() == 4
    assert set(Author.objects.values_list("name", flat=True)) == {"Autrice 0", "Autrice 1", "Claire Moreau"}


def test_a_batch_is_one_transaction_with_a_few_statements_a_table(monkeypatch):
    writes = [_write(n) for n in range(30)]
    # Story grouping runs article by article (each finds the stories of those before it): its
    # statements are counted apart.
    grouping = []

    def counted_grouping(articles, prints=None):
        start = len(queries.captured_queries)
        group_articles(articles, prints)
        grouping.append(len(queries.captured_queries) - start)

    monkeypatch.setattr(batches, "group_articles", counted_grouping)
    with CaptureQueriesContext(connection) as queries:
        outcomes = save_batch(writes)
    assert [status for status, _ in outcomes] == [CREATED] * 30
    # One at a time, each article costs ~15 statements (450 here); batched, a fixed number of them.
    written = len(queries) - sum(grouping)
    assert written < 30, [query["sql"][:80] for query in queries]
    assert sum(grouping) <= 5 * 30  # a story: a few indexed statements an article, never a scan
    assert Authorship.objects.count() == 60
    assert search_articles(Article.objects.all(), "sommet").count() == 30


def test_batches_are_idempotent_and_a_page_twice_in_one_batch_is_one_article():
    writes = [_write(n) for n in range(4)]
    first = save_batch([*writes, _write(1)])
    assert [status for status, _ in first] == [CREATED, CREATED, CREATED, CREATED, UNCHANGED]
    assert first[4][1] == first[1][1]
    again = save_batch([_write(n) for n in range(4)])
    assert [status for status, _ in again] == [UNCHANGED] * 4
    assert [pk for _, pk in again] == [pk for _, pk in first[:4]]
    assert Article.objects.count() == 4


def test_known_articles_in_a_batch_are_updated_or_refused_beside_new_ones():
    _, pk = save(extracted())
    changed = Write(extracted(title="Sommet de Genève : un accord signé"), "<p>x</p>", extracted().url)
    refused = save_batch([_write(1), changed, _write(2)], may_update=False)
    assert refused[0][0] == refused[2][0] == CREATED
    assert isinstance(refused[1], UpdateRefused) and refused[1].article == pk
    assert save_batch([changed])[0] == (UPDATED, pk)
    assert Article.objects.get(pk=pk).title == "Sommet de Genève : un accord signé"


def test_ingest_writes_the_pages_around_one_that_cannot_be_written(monkeypatch, tmp_path, settings):
    settings.NEWSROOM_INGEST_BATCH = 10
    _fail_on_broken(monkeypatch)
    for n in range(1, 8):
        canonical = f'<link rel="canonical" href="https://gazette.test/a/{n}">'
        body = f"<p>{BROKEN} personnes ont défilé.</p>" if n == 4 else ""
        (tmp_path / f"{n}.html").write_text(article_page(body=body, head=canonical, title=f"Dépêche {n}"))
    report = ingest([str(tmp_path)], workers=2)
    assert report.counts[CREATED] == 6
    [failed] = report.failures
    assert failed.status == FAILED and failed.label.endswith("4.html")
    assert failed.reason == "could not save: le disque est plein"
    assert Article.objects.count() == 6
    assert not Article.objects.filter(canonical_url="https://gazette.test/a/4").exists()


def test_a_batch_reads_its_sections_together_and_files_each_article_as_one_alone_would():
    from articles.curation import map_label
    from articles.models import Section

    politique = Section.objects.create(name="Politique", slug="politique")
    sport = Section.objects.create(name="Sport", slug="sport")
    map_label("Inland", politique)  # an editor's alias
    labels = ["Politique", "Inland", "sport", "Jardinage", "Jardinage ", "Politique", "Jardinage"]
    writes = [_write(n, section=label) for n, label in enumerate(labels)]
    with CaptureQueriesContext(connection) as queries:
        outcomes = save_batch(writes)
    assert [status for status, _ in outcomes] == [CREATED] * len(labels)
    sections = [Article.objects.get(pk=pk).section for _, pk in outcomes]
    jardinage = Section.objects.get(name="Jardinage")  # one new section, shared by the three that name it
    assert sections == [politique, politique, sport, jardinage, jardinage, politique, jardinage]
    read = [
        q["sql"] for q in queries if q["sql"].startswith("SELECT") and '"articles_section' in q["sql"].split("FROM")[1]
    ]
    assert len(read) <= 4, read  # the batch's labels read together, not two or more queries a label


def test_a_batch_creates_its_new_sections_in_one_order_whatever_the_order_of_its_articles():
    """Two imports whose batches create the same new sections each in its articles' order deadlocked
    on PostgreSQL (one page failed); in one order, the second waits for the first."""
    from articles.models import Section

    def created(labels):
        with CaptureQueriesContext(connection) as queries:
            save_batch([_write(n, section=label) for n, label in enumerate(labels)])
        inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "articles_section"')]
        names = [name for sql in inserts for name in ("Zoologie", "Astronomie", "Météo") if f"'{name}'" in sql]
        Section.objects.all().delete()
        Article.objects.all().delete()
        return names

    assert created(["Zoologie", "Astronomie", "Météo"]) == ["Astronomie", "Météo", "Zoologie"]
    assert created(["Météo", "Zoologie", "Astronomie"]) == ["Astronomie", "Météo", "Zoologie"]


def test_a_section_another_import_created_since_the_batch_read_it_files_the_articles_there(monkeypatch):
    from articles.curation import SectionReads
    from articles.models import Section

    astronomie = Section.objects.create(name="Astronomie", slug="astronomie")
    # The batch read its sections before the other import's commit: it believes the section is new.
    monkeypatch.setattr(SectionReads, "by_name", lambda self, name: (True, None))
    monkeypatch.setattr(batches, "save_alone", lambda *args, **kwargs: pytest.fail("the batch fell back"))

    outcomes = save_batch([_write(n, section="Astronomie") for n in range(3)])

    assert [status for status, _ in outcomes] == [CREATED] * 3
    assert Section.objects.get() == astronomie
    assert set(Article.objects.values_list("section", flat=True)) == {astronomie.pk}


@pytest.mark.django_db(transaction=True)
def test_an_import_falling_back_page_by_page_does_not_deadlock_with_another_writing_the_same_new_sections(
    monkeypatch, tmp_path, settings
):
    """PostgreSQL: two db_workers. One import's batch fails on a bad page and is written again page by
    page: its first page creates « Zoologie »; meanwhile another batch creates « Astronomie » then
    « Zoologie » (by name) and waits for it; the import's third page then creates « Astronomie ». Held
    in one transaction, the fallback's sections deadlocked with that batch, and the page failed."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: no two writers hold locks at once")
    settings.NEWSROOM_INGEST_BATCH = 10
    pages = {1: "Zoologie", 2: "Zoologie", 3: "Astronomie"}
    for n, label in pages.items():
        head = f'<link rel="canonical" href="https://gazette.test/a/{n}">'
        head += f'<meta property="article:section" content="{label}">'
        (tmp_path / f"{n}.html").write_text(article_page(head=head, title=f"Dépêche {n}"))
    other = {}

    def other_batch():  # another db_worker's batch, on its own connection
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET deadlock_timeout = '20s'")  # this import's page finds the deadlock
            other["pid"] = connection.connection.info.backend_pid
            writes = [_write(10 + n, section=label) for n, label in enumerate(["Zoologie", "Astronomie"])]
            other["outcomes"] = save_batch(writes)
        finally:
            connection.close()

    thread = threading.Thread(target=other_batch)
    real, tries = writing.slug, []

    def slug(title, *args):
        if title == "Dépêche 2":
            tries.append(title)
            if len(tries) == 2:  # written again alone, after the first page: the other batch runs now
                thread.start()
                _wait_until_waiting(other, thread)
            raise ValueError("le disque est plein")
        return real(title, *args)

    monkeypatch.setattr(writing, "slug", slug)
    report = ingest([str(tmp_path)], record=lambda results, total: None)
    thread.join(30)
    assert [(result.label.rsplit("/", 1)[-1], result.status) for result in report.results] == [
        ("1.html", CREATED),
        ("2.html", FAILED),
        ("3.html", CREATED),
    ], [result.reason for result in report.results]
    assert [outcome[0] for outcome in other["outcomes"]] == [CREATED, CREATED]
    assert sorted(Article.objects.values_list("section__name", flat=True)) == ["Astronomie"] * 2 + ["Zoologie"] * 2


def _wait_until_waiting(other, thread):
    """Until the other batch waits for a lock or is done (at most 10 s)."""
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while thread.is_alive() and time.monotonic() < deadline:
            if other.get("pid"):
                cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [other["pid"]])
                row = cursor.fetchone()
                if row and row[0] == "Lock":
                    return
            time.sleep(0.05)


def test_a_batch_indexes_its_photos_captions_from_the_rows_it_wrote_without_reading_them_back():
    writes = [_write(n) for n in range(6)]
    writes[3].extracted.images.append(ExtractedImage(src=f"{DEMO_SITE}/img/x.jpg", caption="Flotte au port de Dakar"))
    with CaptureQueriesContext(connection) as queries:
        outcomes = save_batch(writes)
    assert [status for status, _ in outcomes] == [CREATED] * 6
    assert not [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "articles_photo" in q["sql"]]
    # Every caption searchable, each under its own article, in the photos' order.
    assert search_articles(Article.objects.all(), "Légende").count() == 6
    assert list(search_articles(Article.objects.all(), "Dakar").values_list("pk", flat=True)) == [outcomes[3][1]]
