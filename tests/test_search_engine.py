"""Full-text search on the database in use: run it on SQLite, then with DATABASE_URL on PostgreSQL."""

import itertools
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.test import override_settings
from django.utils import timezone

from articles import search
from articles.models import Article, Photo
from articles.search import DATE, find_articles, index_article, parse, reindex, search_articles
from articles.search.expressions import pool_sql
from articles.search.sqlite import ID_MASK
from tests.factories import make_article, make_photo, make_section

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def indexed(title, body="", *, lead="", captions=(), **fields):
    article = make_article(title, body_text=body, lead=lead, **fields)
    for position, caption in enumerate(captions):
        make_photo(article, position=position, is_main=position == 0, caption=caption)
    index_article(article)
    return article


def titles(q, queryset=None, **kwargs):
    return [article.title for article in search_articles(queryset or Article.objects.all(), q, **kwargs)]


def index_rows(article_id):
    """The article's entries in the engine's own tables."""
    if connection.vendor == "sqlite":
        tables = [("articles_search_fts", f"rowid & {ID_MASK}"), ("articles_search_key", "article_id")]
    else:
        tables = [("articles_search_document", "article_id")]
    with connection.cursor() as cursor:
        rows = 0
        for table, column in tables:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s", [article_id])
            rows += cursor.fetchone()[0]
        return rows


@pytest.fixture
def corpus():
    return {
        "securite": indexed("Sécurité maritime : accord entre l'UE et le Golfe", "La sécurité des routes."),
        "pekin": indexed("Pollution record à Pékin", "Le smog couvre Pékin et New Delhi."),
        "elections": indexed("Municipales", "Les élections municipales auront lieu en mai à Beyrouth."),
        "diplomatie": indexed("Beyrouth et Nicosie", "La diplomatie chypriote et les diplomates libanais."),
        "democratie": indexed("Débat", "La démocratie locale en question."),
    }


@pytest.mark.parametrize("q", ["securite", "Sécurité", "sécurités", "SECURITES"])
def test_case_accents_and_plurals_do_not_matter(corpus, q):
    assert titles(q) == [corpus["securite"].title]


def test_a_word_without_accent_finds_it_with_accents(corpus):
    assert titles("pekin") == [corpus["pekin"].title]
    assert titles("PÉKIN") == [corpus["pekin"].title]


@pytest.mark.parametrize("q", ["élection", "élections", "election", "Elections"])
def test_singular_finds_plural(corpus, q):
    assert titles(q) == [corpus["elections"].title]


def test_all_words_are_required(corpus):
    assert titles("beyrouth élection") == [corpus["elections"].title]
    assert titles("pekin beyrouth") == []


def test_exact_phrase():
    near = indexed("Port", "La sécurité maritime est renforcée.")
    indexed("Mer", "Le maritime et la sécurité sont deux sujets.")
    assert titles('"sécurité maritime"') == [near.title]
    assert titles('"securites maritimes"') == [near.title]  # still folded and stemmed


def test_an_excluded_word_removes_articles(corpus):
    assert set(titles("beyrouth")) == {corpus["elections"].title, corpus["diplomatie"].title}
    assert titles("beyrouth -élections") == [corpus["diplomatie"].title]
    assert titles('beyrouth -"élections municipales"') == [corpus["diplomatie"].title]


def test_only_exclusions_match_nothing(corpus):
    assert titles("-pekin") == []


def test_or(corpus):
    assert set(titles("pekin OR nicosie")) == {corpus["pekin"].title, corpus["diplomatie"].title}


def test_prefix(corpus):
    assert titles("diplom*") == [corpus["diplomatie"].title]
    assert set(titles("d*")) >= {corpus["diplomatie"].title, corpus["democratie"].title}


def test_a_feminine_nationality_adjective_finds_its_plural():
    article = indexed("Cinéma", "Une réalisatrice libanaise primée.")
    assert titles("libanaises") == [article.title]


def test_photo_captions_are_searched():
    article = indexed("Tempête", "Routes fermées.", captions=["Des chasse-neige à Faraya"])
    assert titles("faraya") == [article.title]


def test_no_words_means_no_condition(corpus):
    assert len(titles("")) == len(corpus)
    assert len(titles(" ?! ")) == len(corpus)
    assert len(titles("le la")) == len(corpus)


def test_title_above_lead_above_caption_above_body():
    body = indexed("D", "Un mot rare : zanzibar.", published_at=NOW - timedelta(days=1))
    caption = indexed("C", "Rien.", captions=["Zanzibar vu du ciel"], published_at=NOW - timedelta(days=2))
    lead = indexed("B", "Rien.", lead="Zanzibar en une phrase.", published_at=NOW - timedelta(days=3))
    title = indexed("Zanzibar", "Rien.", published_at=NOW - timedelta(days=4))
    assert titles("zanzibar") == [title.title, lead.title, caption.title, body.title]


def test_newer_first_among_equals():
    older = indexed("Zanzibar", "Même texte.", lead="Même chapô.", published_at=NOW - timedelta(days=3))
    newer = indexed("Zanzibar", "Même texte.", lead="Même chapô.", published_at=NOW - timedelta(days=1))
    results = list(search_articles(Article.objects.all(), "zanzibar"))
    assert [a.pk for a in results] == [newer.pk, older.pk]
    assert results[0].rank == pytest.approx(results[1].rank)


def test_order_by_date():
    title = indexed("Zanzibar", "Rien.", published_at=NOW - timedelta(days=4))
    body = indexed("D", "Zanzibar.", published_at=NOW - timedelta(days=1))
    assert titles("zanzibar", order=DATE) == [body.title, title.title]


def test_results_stay_a_queryset_for_filters_pages_and_facets():
    economie, monde = make_section("Économie"), make_section("Monde")
    for n in range(3):
        indexed(f"Livre {n}", "La livre libanaise.", section=economie)
    indexed("Londres", "La livre sterling.", section=monde)
    indexed("Futur", "La livre turque.", published_at=NOW + timedelta(days=1))
    results = Article.objects.published().search("livre")
    assert results.in_section(monde).count() == 1
    assert len(Paginator(results.for_listing(), 2).page(2)) == 2
    facets = results.order_by().values("section__name").annotate(n=Count("id")).order_by("section__name")
    assert list(facets) == [{"section__name": "Monde", "n": 1}, {"section__name": "Économie", "n": 3}]
    # As a subquery, the rank and match SQL must follow Django's table aliases.
    assert Article.objects.filter(pk__in=results.values("pk")).count() == 4


def test_findable_right_after_index_article_and_updated_on_reindexing():
    article = make_article("Brouillon", body_text="Un sujet nommé kiwi.")
    assert titles("kiwi") == []
    index_article(article)
    assert titles("kiwi") == ["Brouillon"]
    article.body_text = "Un sujet nommé mangue."
    article.save()
    index_article(article)
    assert titles("kiwi") == []
    assert titles("mangue") == ["Brouillon"]


def test_reindexing_one_article_among_others_replaces_its_entry_only():
    first, second = indexed("Fruit un", "kiwi"), indexed("Fruit deux", "mangue kiwi")
    first.body_text = "papaye"
    first.save()
    index_article(first)
    assert index_rows(first.pk) == index_rows(second.pk)
    assert titles("kiwi") == ["Fruit deux"]
    assert titles("papaye") == ["Fruit un"]


def test_deleting_the_article_deletes_its_entry():
    first, second = indexed("Kiwi un", "kiwi"), indexed("Kiwi deux", "kiwi")
    assert index_rows(first.pk) > 0
    first.delete()
    Article.objects.filter(pk=second.pk).delete()
    assert index_rows(first.pk) == index_rows(second.pk) == 0
    assert titles("kiwi") == []


def test_the_index_is_written_in_the_article_transaction():
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        article = make_article("Annulé", body_text="kiwi")
        index_article(article)
        article_id = article.pk
        raise Abort
    assert index_rows(article_id) == 0


def test_reindex_command_indexes_every_article():
    make_article("Kiwi", body_text="kiwi")
    make_article("Mangue", body_text="mangue kiwi")
    assert titles("kiwi") == []
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "Indexed 2 articles." in out.getvalue()
    assert set(titles("kiwi")) == {"Kiwi", "Mangue"}


def test_reindex_writes_every_batch_and_gives_the_entries_of_article_by_article_indexing(monkeypatch):
    articles = [indexed(f"Fruit {n}", f"kiwi numéro {n}", captions=[f"Photo {n}"]) for n in range(5)]
    queries = ["kiwi", '"kiwi numéro"', "photo", "numéro -kiwi"]
    before = {q: list(search_articles(Article.objects.all(), q).values_list("pk", "rank")) for q in queries}
    monkeypatch.setattr(search, "REINDEX_BATCH", 2)  # three batches, the last one short
    assert reindex() == 5
    assert all(index_rows(article.pk) == index_rows(articles[0].pk) > 0 for article in articles)
    assert {q: list(search_articles(Article.objects.all(), q).values_list("pk", "rank")) for q in queries} == before


def index_tables():
    """Every row of the engine's tables; on SQLite also every term instance of FTS5's inverted index."""
    if connection.vendor == "sqlite":
        queries = [
            "SELECT rowid, * FROM articles_search_fts ORDER BY rowid",
            "SELECT rowid, * FROM articles_search_title ORDER BY rowid",
            "SELECT article_id, key FROM articles_search_key ORDER BY article_id",
        ]
        with connection.cursor() as cursor:
            for table in ("articles_search_fts", "articles_search_title"):
                vocabulary = f"fts5vocab('main', '{table}', 'instance')"
                cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_terms USING {vocabulary}")
                queries.append(f"SELECT * FROM temp.{table}_terms ORDER BY 1, 2, 3, 4")
    else:
        queries = [
            "SELECT article_id, published_at, document::text, title::text FROM articles_search_document "
            "ORDER BY article_id"
        ]
    with connection.cursor() as cursor:
        tables = []
        for query in queries:
            cursor.execute(query)
            tables.append(cursor.fetchall())
        return tables


def test_a_full_reindex_writes_the_entries_of_article_by_article_indexing_whatever_the_order_of_dates(monkeypatch):
    # Publication dates out of the order of the ids, some within one second: reindex writes in
    # date order, by batches, article by article indexing in id order.
    offsets = [3, 40, 1, 7, 7, 25, 2, 90, 12, 5, 60, 4]
    base = NOW.replace(microsecond=0)
    for n, hours in enumerate(offsets):
        indexed(
            f"Fruit {n} de saison",
            f"Le kiwi numéro {n}, cueilli {hours} heures avant.",
            captions=[f"Photo {n} AFP", "Verger"],
            published_at=base - timedelta(hours=hours, microseconds=n),
        )
    before = index_tables()
    assert len(before[0]) == len(offsets)
    monkeypatch.setattr(search, "REINDEX_BATCH", 5)
    assert reindex() == len(offsets)
    assert index_tables() == before
    assert reindex() == len(offsets)  # over a full index this time
    assert index_tables() == before
    # The index rebuilt, deleting an article still deletes its entry (SQLite: the trigger).
    first = Article.objects.get(title="Fruit 0 de saison")
    first.delete()
    assert index_rows(first.pk) == 0
    assert len(index_tables()[0]) == len(offsets) - 1
    assert "Fruit 0 de saison" not in titles("kiwi")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's own setting")
def test_a_full_reindex_puts_back_fts5_default_pending_size():
    indexed("Kiwi", "kiwi")
    reindex()
    with connection.cursor() as cursor:
        for table in ("articles_search_fts", "articles_search_title"):
            cursor.execute(f"SELECT v FROM {table}_config WHERE k = 'hashsize'")
            assert cursor.fetchone() == (1024 * 1024,)


def test_reindex_a_queryset():
    kiwi = make_article("Kiwi", body_text="kiwi")
    make_article("Mangue", body_text="mangue")
    assert reindex(Article.objects.filter(pk=kiwi.pk)) == 1
    assert titles("kiwi") == ["Kiwi"]
    assert titles("mangue") == []


@pytest.mark.django_db(transaction=True)
def test_flushing_the_database_between_tests_still_works():
    """TransactionTestCase empties tables (TRUNCATE on PostgreSQL): the index must not block it."""
    article = indexed("Kiwi", "kiwi")
    assert titles("kiwi") == ["Kiwi"]
    article.delete()
    assert index_rows(article.pk) == 0


def days_ago(days):
    return NOW - timedelta(days=days)


@override_settings(NEWSROOM_SEARCH_WINDOW=3)
def test_a_search_keeps_its_newest_matches_and_the_best_titles_and_says_more_matched():
    for days in (5, 1, 4, 2, 3):
        indexed(f"Fruit {days}", "Le kiwi.", published_at=days_ago(days))
    indexed("Kiwi", "kiwi kiwi, un fruit à part", published_at=days_ago(30))
    found = find_articles(Article.objects.published(), "kiwi", order=DATE)
    assert found.truncated and found.older == 1
    # The newest three matches, then the older article whose title holds the words.
    assert [article.title for article in found.articles] == ["Fruit 1", "Fruit 2", "Fruit 3", "Kiwi"]
    assert found.articles.count() == 4
    # The best match of all is older than the window: its title keeps it, and first.
    assert titles("kiwi") == ["Kiwi", "Fruit 1", "Fruit 2", "Fruit 3"]
    # Fewer matches than the window: nothing left out, nothing added.
    rare = find_articles(Article.objects.published(), "part")
    assert [article.title for article in rare.articles] == ["Kiwi"] and (rare.truncated, rare.older) == (False, 0)


@override_settings(NEWSROOM_SEARCH_WINDOW=2)
@pytest.mark.parametrize("held", [search.sqlite_pool.POOL_HELD, 0], ids=["section-read-at-once", "each-looked-up"])
def test_the_window_is_taken_among_the_articles_the_other_filters_keep(monkeypatch, held):
    # SQLite reads a small section's articles at once, else looks each match's article up: the same.
    monkeypatch.setattr(search.sqlite_pool, "POOL_HELD", held)
    liban, monde = make_section("Liban"), make_section("Monde")
    for days in (1, 2, 3):
        indexed(f"Kiwi monde {days}", "kiwi", section=monde, published_at=days_ago(days))
    indexed("Kiwi liban récent", "kiwi", section=liban, published_at=days_ago(10))
    indexed("Kiwi liban ancien", "kiwi", section=liban, published_at=days_ago(20))
    indexed("Kiwi à paraître", "kiwi", section=liban, published_at=NOW + timedelta(days=1))
    found = find_articles(Article.objects.published().in_section(liban), "kiwi", order=DATE)
    assert [article.title for article in found.articles] == ["Kiwi liban récent", "Kiwi liban ancien"]
    assert not found.truncated


@pytest.mark.parametrize("window", [10, 1], ids=["window", "best-titles"])
@pytest.mark.parametrize("held", [search.sqlite_pool.POOL_HELD, 0], ids=["section-read-at-once", "each-looked-up"])
def test_published_by_a_moment_keeps_what_that_very_second_published_up_to_it(monkeypatch, held, window):
    # SQLite reads « published by now » from the entries' keys (their second), and looks up the articles of that
    # second only: each side of the moment, within its second and in the seconds around it, kept or left as the
    # database compares the dates; with a section (each match's article looked up, or the section read at once),
    # and among the best titles older than a window of one.
    monkeypatch.setattr(search.sqlite_pool, "POOL_HELD", held)
    moment = NOW.replace(microsecond=500_000) - timedelta(days=1)
    monde = make_section("Monde")
    offsets = {"avant": -1_000_000, "début": -500_000, "juste": 0, "après": 1, "fin": 499_999, "suivante": 500_000}
    for name, microseconds in offsets.items():
        indexed(f"Kiwi {name}", "kiwi", section=monde, published_at=moment + timedelta(microseconds=microseconds))
    indexed("Kiwi ailleurs", "kiwi", published_at=moment - timedelta(days=1))
    with override_settings(NEWSROOM_SEARCH_WINDOW=window, NEWSROOM_SEARCH_TITLES=10):
        words = find_articles(Article.objects.filter(published_at__lte=moment), "kiwi", order=DATE)
        section = find_articles(Article.objects.filter(published_at__lte=moment, section=monde), "kiwi", order=DATE)
    assert [article.title for article in words.articles] == ["Kiwi juste", "Kiwi début", "Kiwi avant", "Kiwi ailleurs"]
    assert [article.title for article in section.articles] == ["Kiwi juste", "Kiwi début", "Kiwi avant"]
    assert (words.count, section.count) == (4, 3)


@override_settings(NEWSROOM_SEARCH_WINDOW=1)
def test_a_new_publication_date_moves_the_entry_in_the_window():
    # The word in the body only: no title keeps the older article beyond the window.
    old = indexed("Ancien", "kiwi", published_at=days_ago(9))
    recent = indexed("Récent", "kiwi", published_at=days_ago(1))
    assert titles("kiwi", order=DATE) == ["Récent"]
    old.published_at = NOW + timedelta(minutes=-1)
    recent.published_at = days_ago(3)
    for article in (old, recent):
        article.save()
        index_article(article)
    assert titles("kiwi", order=DATE) == ["Ancien"]
    assert index_rows(old.pk) == (2 if connection.vendor == "sqlite" else 1)  # one entry, not two


def test_a_phrase_finds_its_other_spellings_too():
    # SQLite scores a phrase in the spelling typed only (bm25 over every spelling is slow); the
    # other spellings must still be found, with rank 0 rather than no rank.
    indexed("Les crises économiques du siècle", "Rien d'autre.", published_at=days_ago(1))
    indexed("Un long hiver", "La crise économique s'aggrave.", published_at=days_ago(2))
    results = search_articles(Article.objects.all(), '"crise économique"')
    assert {article.title for article in results} == {"Un long hiver", "Les crises économiques du siècle"}
    assert all(article.rank is not None for article in results)


def test_searching_no_articles_finds_none(corpus):
    assert list(search_articles(Article.objects.none(), "securite")) == []
    assert list(search_articles(Article.objects.filter(pk__in=[]), "securite")) == []


def twelve_in_two_sections(lead, in_economie):
    """Articles 0–11 whose leads are lead(n), in Économie when in_economie(n), else Monde, published two by
    two (ties at a budget's edge), counted by PostgreSQL's planner; returns the two sections."""
    from articles.search import postgresql

    economie, monde = make_section("Économie"), make_section("Monde")
    for n in range(12):
        section = economie if in_economie(n) else monde
        indexed(f"Article {n}", lead(n), section=section, published_at=NOW - timedelta(hours=n // 2))
    with connection.cursor() as cursor:  # the documents counted (a second look is bounded by their number)
        cursor.execute("ANALYZE articles_search_document")
    postgresql._DOCUMENT_COUNTS.clear()
    return economie, monde


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's two plans for the window")
def test_both_plans_of_the_window_find_the_same_articles_in_the_same_order(monkeypatch):
    from articles.search import postgresql

    economie, _ = twelve_in_two_sections(
        lambda n: "la crise économique du port" if n % 3 else "le port et la crise", lambda n: n % 2
    )
    # words that must all match, an exclusion among them: each part a key of the GIN index (postgresql._keys)
    musts = [("port crise", None), ("crise port -économique", None), ("port crise économique", economie)]
    queries = [("port", None), ('"crise économique"', None), ("port -économique", None), ("crise", economie), *musts]
    found = {}
    plans = [("newest", None), ("index", None), ("auto", None)]
    plans += [(plan, budget) for plan in ("walk", "recent", "hashed") for budget in (1, 3, 6, 8, 11)]
    # "recent" looks once more over more documents when the first ones did not fill the window
    plans += [("recent again", budget) for budget in (1, 3, 6)]
    # each kept article's vector read; every match hashed against the articles kept
    plans += [("articles", 0), ("hashed", 0)]
    for plan, budget in plans:
        monkeypatch.setattr(postgresql, "RECENT_AGAIN", 10.0 if plan == "recent again" else 0.2)
        plan = "recent" if plan == "recent again" else plan
        monkeypatch.setattr(postgresql, "PLAN", plan if budget is None else "auto")
        if budget is not None:  # over the `budget` newest documents, then the index if the window is not full
            monkeypatch.setattr(postgresql, "_plan", lambda *args, plan=plan, budget=budget: (plan, budget))
        for q, section in queries:
            queryset = Article.objects.filter(section=section) if section else Article.objects.all()
            with override_settings(NEWSROOM_SEARCH_WINDOW=5):
                articles, truncated = find_articles(queryset, q, order=DATE)[:2]
                found.setdefault((q, section), set()).add((tuple(articles.values_list("pk", flat=True)), truncated))
    assert all(len(results) == 1 for results in found.values())
    assert found[("port", None)] == {
        (tuple(Article.objects.order_by("-published_at", "-pk").values_list("pk", flat=True)[:5]), True)
    }
    newest = Article.objects.order_by("-published_at", "-pk")
    without = newest.filter(title__in=[f"Article {n}" for n in range(0, 12, 3)])  # "le port et la crise"
    assert found[("crise port -économique", None)] == {(tuple(without.values_list("pk", flat=True)), False)}
    in_economie = newest.filter(section=economie).exclude(pk__in=without)
    assert found[("port crise économique", economie)] == {(tuple(in_economie.values_list("pk", flat=True)), False)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's window: its query's terms")
def test_the_window_is_searched_with_the_terms_some_document_holds_and_finds_the_same_articles(monkeypatch):
    from articles.search import postgresql

    indexed("La crise du port", "Le port de Beyrouth et la crise économique.")
    indexed("Le port", "Les navires au port, sans crise.", published_at=NOW - timedelta(hours=1))
    indexed("Harbour news", "The harbour and its crises.", language="en", published_at=NOW - timedelta(hours=2))
    indexed("Économie", "La crise économique, encore.", published_at=NOW - timedelta(hours=3))
    # a word, words that must all match, exclusions (one of a word no document holds), a phrase, OR, a prefix
    queries = ["crise", "crise port", "port -crise", "port -palimpseste", '"crise économique"', "crise OR harbour"]
    queries += ["crises -harbour", "écono*", "palimpseste", "port palimpseste"]

    def searched(q):
        """The ids found, newest first, and the terms of the window's statements' queries."""
        statements = []

        def sent(execute, sql, params, many, context):
            statements.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(sent):
            ids = list(find_articles(Article.objects.all(), q, order=DATE).articles.values_list("pk", flat=True))
        windows = [(sql, params) for sql, params in statements if "document @@" in sql and "EXPLAIN" not in sql]
        windows = [params for sql, params in windows if "TABLESAMPLE" not in sql and "AS rare(" not in sql]
        queries = [param for params in windows for param in params if isinstance(param, str) and "'" in param]
        terms = {term for query in queries for term in re.findall(r"'([^']*)'", query)}
        return ids, {term for term in terms if " " not in term and term != postgresql.LONG}  # not a phrase's pairs

    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM ts_stat('SELECT document FROM articles_search_document')")
        held = {word for (word,) in cursor.fetchall()}
    left_out = set()
    for analysed in (False, True):  # the commonest terms then taken as held (the planner's statistics)
        if analysed:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE articles_search_document")
        postgresql._READ_THIS_MINUTE.clear()
        for q in queries:
            ids, sent = searched(q)
            with monkeypatch.context() as every_term:  # the query rendered with every term, as before
                every_term.setattr(postgresql, "_absent", lambda cursor, candidates: frozenset())
                expected, every = searched(q)
            assert ids == expected, q
            if "palimpseste" not in q and "*" not in q:  # a prefix stands for words, not a term
                assert sent and sent <= held, (q, sent - held)  # only the terms some document holds
                left_out |= every - held
    assert {"en_port", "fr_harbour"} <= left_out  # stems no English or French document holds, among others
    assert searched("port -palimpseste")[0] == searched("port")[0] != []
    assert searched("palimpseste")[0] == searched("port palimpseste")[0] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans keep the newest matches")
def test_a_page_searching_its_words_again_takes_the_window_from_the_newest_matches_its_first_search_kept(monkeypatch):
    from django.test.utils import CaptureQueriesContext

    from articles.search import postgresql, shared

    indexed("Demain", "le port et la crise", published_at=NOW + timedelta(days=1))  # not yet published
    economie, monde = twelve_in_two_sections(
        lambda n: "le port" + (" et la crise" if n % 4 else ""), lambda n: n % 3 == 0
    )
    published = Article.objects.filter(published_at__lte=NOW)
    # every plan that reads every match, or every match since a date; windows the kept matches hold or not
    plans = [("index", 0), ("hashed", 0), ("hashed", 6), ("recent", 2), ("recent", 8), ("recent", 13)]
    # the second search: the first without its section (a facet's), or another section (fewer of the kept pass)
    seconds = (published, published.filter(section=monde))
    queries = ("port", "port crise", "crise -port")
    for (plan, budget), window, q, second in itertools.product(plans, (2, 4, 9), queries, seconds):
        monkeypatch.setattr(postgresql, "_plan", lambda *args, plan=plan, budget=budget: (plan, budget))
        with override_settings(NEWSROOM_SEARCH_WINDOW=window):
            alone = find_articles(second, q, order=DATE)
            expected = (list(alone.articles.values_list("pk", flat=True)), alone.truncated)
            with shared.one_page({}, again=True):
                find_articles(published.filter(section=economie), q, order=DATE)
                with CaptureQueriesContext(connection) as statements:
                    again = find_articles(second, q, order=DATE)
            assert (list(again.articles.values_list("pk", flat=True)), again.truncated) == expected, (plan, budget, q)
        windows = [s["sql"] for s in statements if "document @@" in s["sql"] and "EXPLAIN" not in s["sql"]]
        if plan != "recent" and second is published:  # every match read: the facet's search reads none
            assert not windows, (plan, budget, window, q)
    assert "Demain" not in set(published.values_list("title", flat=True))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's window of a period")
def test_a_word_in_a_period_is_looked_for_among_the_documents_since_its_start_and_finds_what_the_index_finds(
    monkeypatch,
):
    from django.test.utils import CaptureQueriesContext

    from articles.search import postgresql, shared

    economie = make_section("Économie")
    for n in range(14):  # the word in most of them, over five weeks: a period holds some
        body = "le port" if n % 3 else "la mer"
        indexed(f"Port {n}", body, section=economie if n % 2 else None, published_at=days_ago(n * 2.5 + 0.5))
    published = Article.objects.published()
    periods = [published.filter(published_at__gte=days_ago(days)) for days in (3, 10, 20, 60)]
    periods += [
        published.filter(published_at__gt=days_ago(10)),
        published.filter(published_at__date__gte=days_ago(9).date()),
    ]
    periods += [published.filter(published_at__gte=days_ago(10), section=economie)]

    def searched(queryset, q, plan):  # "index": every match of the word, then filtered
        monkeypatch.setattr(postgresql, "_plan", lambda *args: (plan, 0))
        with CaptureQueriesContext(connection) as statements:
            found = find_articles(queryset, q, order=DATE)
            ids = (list(found.articles.values_list("pk", flat=True)), found.truncated)
        windows = [s["sql"] for s in statements if "document @@ (SELECT" in s["sql"] and "published_at >=" in s["sql"]]
        return ids, windows

    filled = 0
    for window, queryset, q in itertools.product((1, 2, 4, 20), periods, ("port", "port -mer", "port OR mer")):
        with override_settings(NEWSROOM_SEARCH_WINDOW=window):
            (ids, windows), (expected, every) = searched(queryset, q, "since"), searched(queryset, q, "index")
        assert ids == expected and not every, (window, q, str(queryset.query))
        if expected[1]:  # the window filled with the period's matches: taken from them alone
            assert len(windows) == 1, (window, q, str(queryset.query))
            filled += 1
    assert 20 < filled < 72
    # A page searching its words again without its section (a facet's): the same as searching alone.
    monkeypatch.setattr(postgresql, "_plan", lambda *args: ("since", 0))
    for window in (1, 2, 4):
        with override_settings(NEWSROOM_SEARCH_WINDOW=window):
            alone = list(find_articles(periods[1], "port", order=DATE).articles.values_list("pk", flat=True))
            with shared.one_page({}, again=True):
                find_articles(periods[1].filter(section=economie), "port", order=DATE)
                again = find_articles(periods[1], "port", order=DATE)
            assert list(again.articles.values_list("pk", flat=True)) == alone


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner estimates")
@pytest.mark.parametrize("kept", [100, 2_001, 1_999])
def test_a_period_s_matches_are_taken_first_when_the_planner_expects_them_to_fill_the_window(monkeypatch, kept):
    from articles.search import postgresql

    indexed("Port", "le port")
    monkeypatch.setattr(postgresql, "_estimate", lambda cursor, sql, params: kept if "@@" in sql else 90_000)
    monkeypatch.setattr(postgresql, "_documents", lambda cursor: 100_000.0)
    published = Article.objects.published()
    period, ended = published.filter(published_at__gte=days_ago(30)), published.filter(published_at__lte=days_ago(30))
    since_day = published.filter(published_at__date__gte=days_ago(30).date())
    with connection.cursor() as cursor:
        plans = [
            postgresql._plan(cursor, "'port'", queryset, 1_000) for queryset in (period, since_day, published, ended)
        ]
    # a period expected to hold twice the window (BUDGET); else, or without a start, every match from the index
    expected = ("since", 0) if kept > 2_000 else ("index", 0)
    assert plans == [expected, expected, ("index", 0), ("index", 0)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner estimates")
def test_a_common_word_is_looked_for_among_the_newest_documents_a_phrase_read_newest_first_or_from_the_index(
    monkeypatch,
):
    from articles.search import postgresql

    for n in range(40):
        indexed(f"Article {n}", "le port" + (" et un palimpseste" if n == 7 else "") + (" la crise" if n < 30 else ""))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_search_document, articles_article")
        postgresql._DOCUMENT_COUNTS.clear()
        queryset = Article.objects.all()

        def plan(q, queryset=queryset, limit=2):
            return postgresql._plan(cursor, postgresql.render(parse(q)), queryset, limit)

        assert plan("port") == ("recent", 4)  # the 2 newest of 40 matches: among the 4 newest documents
        assert plan("port", limit=20) == ("index", 0)  # among them all at once
        monkeypatch.setattr(postgresql, "WORD_VECTOR", 1.0)  # were vectors as cheap as the index's matches:
        assert plan("port") == ("walk", 4)  # the newest documents read first
        assert plan('"port la crise"')[0] == "walk"  # a common phrase: its newest candidates read first
        # a phrase's share is measured (every document, here): the planner counts its words only
        pool, params = pool_sql(queryset, "articles_search_document.article_id")
        share = postgresql._sampled_share
        assert share(cursor, postgresql.render(parse('"port la crise"')), pool, params, 40) == 29 / 40  # not n° 7's
        assert share(cursor, postgresql.render(parse('"crise le port"')), pool, params, 40) == 0.5 / 40
        # the other filters count: few articles of a section hold the common word
        section = make_section("Économie")
        Article.objects.filter(title="Article 3").update(section=section)
        cursor.execute("ANALYZE articles_article")
        assert plan("port", Article.objects.filter(section=section)) == ("articles", 0)  # its one article read


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner estimates")
def test_words_that_must_all_match_are_counted_on_a_sample_not_as_if_independent(monkeypatch):
    from articles.search import postgresql

    for n in range(40):  # `nord` in half the documents, `sud` in the other half and four of the first
        indexed(f"Article {n}", ("le nord" if n < 20 else "") + (" le sud" if n >= 20 or n < 4 else ""))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_search_document, articles_article")
        postgresql._DOCUMENT_COUNTS.clear()
        monkeypatch.setattr(postgresql, "RECENT", 1.0)  # the newest documents looked among, however many
        tsquery = postgresql.render(parse("nord sud"))
        assert postgresql._groups(tsquery) == 2
        # 4 of 40 hold both: the window of 1 is expected within 10 documents, looked for among 20 (the
        # planner, counting the words independent, among 3, then again)
        assert postgresql._plan(cursor, tsquery, Article.objects.all(), 1) == ("recent", 20)
        assert postgresql._groups(postgresql.render(parse("nord -sud"))) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index of word pairs")
def test_a_phrase_looked_for_among_the_documents_holding_its_word_pairs_finds_what_its_words_found(monkeypatch):
    from articles.search import postgresql

    articles = {
        "typed": indexed("Crise économique au Liban", "La crise économique dure."),
        "plural": indexed("Bilan", "Les crises économiques se suivent."),  # the phrase's stems, side by side
        "apart": indexed("Crise", "Une crise. La politique économique."),  # both words, not side by side
        "fields": indexed("Une crise", "économique, dit-il", lead=""),  # the title's last word, the body's first
        "reversed": indexed("Bilan", "économique crise"),
        # `conseils` fills its stem's 255 positions: the last `Conseil` is held as its word alone
        "lost stem": indexed("Séance", "conseils " * 300 + "Le Conseil de sécurité siège."),
        "council": indexed("Séance", "Le Conseil de sécurité de l'ONU."),
        "other council": indexed("Séance", "Le conseil municipal et la sécurité."),
        "english": indexed("Talks", "The security council met.", language="en"),
        "japanese": indexed("東京", "東京大学の研究", language="ja"),
        "number": indexed("Jeux", "Les jeux de Paris 2024 ont eu lieu.", captions=["Paris 2024, le stade"]),
        "unknown": indexed("Rapport", "La crise économique, racontée.", language="xx"),
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_search_document")
    postgresql._DOCUMENT_COUNTS.clear()
    expected = {
        '"crise économique"': {"typed", "plural", "unknown"},
        '"Conseil de sécurité"': {"lost stem", "council"},
        '"security council"': {"english"},
        "東京大学": {"japanese"},
        '"Paris 2024"': {"number"},
        '"crise économique" -Liban': {"plural", "unknown"},
        '"crise économique" suivent': {"plural"},
        '"crise économique" OR "Conseil de sécurité"': {"typed", "plural", "unknown", "lost stem", "council"},
    }
    by_pairs = {}
    for plan in ("newest", "index", "auto"):
        monkeypatch.setattr(postgresql, "PLAN", plan)
        for q in expected:
            assert postgresql.render_pairs(parse(q), search.languages.held("default"))  # looked for by its pairs
            found = {name for name, article in articles.items() if article in search_articles(Article.objects.all(), q)}
            by_pairs.setdefault(q, set()).add(frozenset(found))
    monkeypatch.setattr(postgresql, "render_pairs", lambda query, held: "")  # by its words, each vector read
    by_words = {
        q: {frozenset(name for name, a in articles.items() if a in search_articles(Article.objects.all(), q))}
        for q in expected
    }
    assert by_pairs == by_words == {q: {frozenset(names)} for q, names in expected.items()}
    # a group that a word alone may match needs no pair
    assert postgresql.render_pairs(parse('"crise économique" OR Liban'), frozenset()) == ""


@override_settings(NEWSROOM_SEARCH_WINDOW=1)
def test_one_version_of_a_story_is_kept_among_the_newest_matches_and_the_titles_beyond_them():
    from articles.models import Story
    from articles.stories.versions import earliest_of_each_story

    story = Story.objects.create()
    versions = [indexed("Crue dans le Gard", "La crue.", published_at=days_ago(d), story=story) for d in (1, 5, 9)]
    found = find_articles(Article.objects.published(), "crue gard", keep=earliest_of_each_story)
    # The newest match, then the versions kept for their title: the story once, by its earliest version.
    assert [article.pk for article in found.articles.order_by("-published_at")] == [versions[2].pk]
    assert found.truncated and found.older == 1


@override_settings(NEWSROOM_SEARCH_WINDOW=1)
def test_no_title_is_added_when_more_titles_match_than_single_out_an_article(monkeypatch):
    monkeypatch.setattr(search, "TITLE_MATCHES", 2)
    for days in (1, 2, 3):
        indexed(f"Kiwi {days}", "kiwi", published_at=days_ago(days))
    found = find_articles(Article.objects.published(), "kiwi")
    assert [article.title for article in found.articles] == ["Kiwi 1"]
    assert found.truncated and found.older == 0
    monkeypatch.setattr(search, "TITLE_MATCHES", 3)
    assert find_articles(Article.objects.published(), "kiwi").older == 2


@override_settings(NEWSROOM_SEARCH_WINDOW=1)
def test_a_title_kept_beyond_the_window_still_obeys_the_excluded_words_and_the_filters():
    liban, monde = make_section("Liban"), make_section("Monde")
    for days in (1, 2):
        indexed(f"Marché {days}", "Le kiwi.", section=liban, published_at=days_ago(days))
    indexed("Kiwi", "Un fruit.", section=liban, published_at=days_ago(30))
    indexed("Kiwi du monde", "Rien.", section=monde, published_at=days_ago(40))
    indexed("Kiwi du Liban", "Rien.", section=liban, published_at=days_ago(50))
    found = find_articles(Article.objects.published().in_section(liban), "kiwi -fruit")
    # The newest match of the section, and its one older title without the excluded word (in the body).
    assert sorted(article.title for article in found.articles) == ["Kiwi du Liban", "Marché 1"]
    assert found.truncated and found.older == 1


@override_settings(NEWSROOM_SEARCH_WINDOW=1, NEWSROOM_SEARCH_TITLES=1)
def test_the_best_title_beyond_the_window_is_found_behind_better_ones_the_filters_leave_out():
    liban, monde = make_section("Liban"), make_section("Monde")
    for days in (1, 2):
        indexed(f"Marché {days}", "Le kiwi.", section=liban, published_at=days_ago(days))
    # Titles matching better (shorter), left out by the section or the excluded word: more of them
    # than the first candidates checked.
    for days in (10, 11, 12, 13):
        indexed("Kiwi", "Rien.", section=monde, published_at=days_ago(days))
    for days in (14, 15):
        indexed("Kiwi", "Un fruit.", section=liban, published_at=days_ago(days))
    indexed("Kiwi du Liban en hiver", "Rien.", section=liban, published_at=days_ago(50))
    found = find_articles(Article.objects.published().in_section(liban), "kiwi -fruit")
    assert [article.title for article in found.articles] == ["Kiwi du Liban en hiver", "Marché 1"]
    assert found.truncated and found.older == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's check of the best titles")
@override_settings(NEWSROOM_SEARCH_WINDOW=1, NEWSROOM_SEARCH_TITLES=2)
def test_the_best_titles_beyond_the_window_are_checked_best_first_a_few_at_a_time():
    from django.test.utils import CaptureQueriesContext

    liban, monde = make_section("Liban"), make_section("Monde")
    indexed("Marché", "Le kiwi.", section=liban, published_at=days_ago(1))
    indexed("Kiwi", "Rien.", section=monde, published_at=days_ago(9))  # the best title, in another section
    for days in (10, 11):
        indexed("Kiwi", "Rien.", section=liban, published_at=days_ago(days))
    for days in range(12, 42):  # longer titles: they rank lower
        indexed(f"Kiwi du marché de Beyrouth, {days} jours", "Rien.", section=liban, published_at=days_ago(days))
    with CaptureQueriesContext(connection) as statements:
        found = find_articles(Article.objects.published().in_section(liban), "kiwi", order=DATE)
    assert [(a.title, a.section_id) for a in found.articles] == [("Marché", liban.pk)] + [("Kiwi", liban.pk)] * 2
    assert found.truncated and found.older == 2
    # The 33 matching titles' articles are not all checked for the section: the best few (on the old code, all 33).
    checks = [s["sql"] for s in statements if s["sql"].startswith('SELECT "articles_article"."id" AS "pk" FROM')]
    assert checks and sum(len(re.findall(r"\d+", sql.partition("ANY(")[2])) for sql in checks) <= 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's floors")
@override_settings(NEWSROOM_SEARCH_WINDOW=2)
@pytest.mark.parametrize("plan", ["recent", "hashed", "walk"])
def test_a_floor_read_before_documents_were_added_or_removed_finds_the_same_articles(monkeypatch, plan):
    from django.test.utils import CaptureQueriesContext

    from articles.search import postgresql

    monkeypatch.setattr(postgresql, "_plan", lambda *args: (plan, 4))
    section = make_section("Économie")
    for n in range(10):
        indexed(f"Port {n}", "le port" if n % 3 else "la mer", published_at=days_ago(n + 2), section=section)
    queryset = Article.objects.published().in_section(section)

    def fresh():  # the floors read again
        postgresql._READ_THIS_MINUTE.clear()
        return list(find_articles(queryset, "port", order=DATE).articles.values_list("pk", flat=True))

    with CaptureQueriesContext(connection) as statements:
        first = fresh()
        assert list(find_articles(queryset, "port", order=DATE).articles.values_list("pk", flat=True)) == first
    floors = [s for s in statements if s["sql"].startswith("SELECT published_at FROM articles_search_document")]
    assert len(floors) == 1  # the second search takes the first one's floor
    newer = [indexed("Port neuf", "le port", published_at=days_ago(h / 24), section=section) for h in (1, 2, 3)]
    added = list(find_articles(queryset, "port", order=DATE).articles.values_list("pk", flat=True))
    assert added == fresh() != first  # the floor read before they were added, then again: the same articles
    Article.objects.filter(pk__in=[article.pk for article in newer]).delete()
    removed = list(find_articles(queryset, "port", order=DATE).articles.values_list("pk", flat=True))
    assert removed == fresh() == first  # the floor read while they were there, then again


def test_a_phrase_as_typed_ranks_above_its_other_spellings_in_the_text():
    indexed("Une année", "Les crises économiques reviennent, les crises économiques passent.", published_at=days_ago(1))
    indexed("Un hiver", "La crise économique s'aggrave.", published_at=days_ago(2))
    assert titles('"crise économique"') == ["Un hiver", "Une année"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans are forced by settings")
@override_settings(NEWSROOM_SEARCH_WINDOW=2)
def test_the_settings_forcing_a_plan_do_not_outlive_the_search_in_an_outer_transaction(monkeypatch):
    from articles.search import postgresql

    for n in range(6):
        indexed(f"Article {n}", "la crise économique du port", published_at=NOW - timedelta(hours=n))

    def settings():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
            return cursor.fetchone()

    before = settings()
    with transaction.atomic():
        for plan in (("walk", 2), ("recent", 2), ("index", 0)):
            monkeypatch.setattr(postgresql, "_plan", lambda *args, plan=plan: plan)
            for q in ("port", '"crise économique"'):
                assert find_articles(Article.objects.all(), q, order=DATE).articles.count() == 2
                assert settings() == before


def test_a_search_keeps_the_rows_of_the_queryset_it_narrows_whatever_its_filters():
    two = indexed("Kiwi de saison", "kiwi")
    for position, credit in enumerate(("Photo AFP/A", "Photo AFP/B", "Reuters/C")):
        make_photo(two, position=position, is_main=position == 0, credit=credit)
    other = indexed("Kiwi d'ailleurs", "kiwi")
    make_photo(other, credit="Reuters/D")
    # A condition on the article's own rows or through EXISTS: each article once, the others left out.
    afp = Exists(Photo.objects.filter(article=OuterRef("pk"), agency="AFP"))
    found = search_articles(Article.objects.filter(afp, published_at__lte=timezone.now() + timedelta(days=1)), "kiwi")
    assert [article.pk for article in found] == [two.pk] and found.count() == 1
    # A join to many photos repeats an article, the search as the queryset itself.
    joined = Article.objects.filter(photos__agency="AFP")
    assert joined.count() == 2 and search_articles(joined, "kiwi").count() == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's window")
def test_a_search_of_words_among_published_articles_plans_nothing_and_is_bounded_by_the_keys():
    # Nothing to plan or to read at once: the window's one statement, FTS5's walk bounded by the keys.
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        indexed(f"Kiwi {n}", "kiwi", published_at=days_ago(n))
    with CaptureQueriesContext(connection) as queries:
        found = find_articles(Article.objects.published(), "kiwi")
    statements = [query["sql"] for query in queries.captured_queries]
    (window,) = [sql for sql in statements if "articles_search_fts" in sql]
    assert not any(sql.startswith("EXPLAIN") for sql in statements)
    assert "articles_search_fts.rowid <" in window and found.count == 3


@override_settings(NEWSROOM_SEARCH_WINDOW=2, NEWSROOM_SEARCH_TITLES=5)
def test_a_word_with_a_photo_agency_keeps_the_articles_whose_photos_name_it_in_and_beyond_the_window():
    # SQLite checks a condition over the photos with the entry's own article id (no article row read), one on the
    # article's columns through its row: the articles each keeps, newest first, then the best titles beyond.
    monde = make_section("Monde")
    credits = {"agence": "AFP", "crédit": "Jean Dupont pour l'AFP", "autre": "Reuters", "agence ancienne": "afp"}
    for days, (name, credit) in enumerate(credits.items(), start=1):
        make_photo(indexed(f"Kiwi {name}", "kiwi", section=monde, published_at=days_ago(days)), credit=credit)
    indexed("Kiwi sans photo", "kiwi", section=monde, published_at=days_ago(10))
    make_photo(indexed("Kiwi à paraître", "kiwi", section=monde, published_at=NOW + timedelta(days=1)), credit="AFP")
    by_agency = Photo.objects.filter(Q(agency__iexact="AFP") | Q(credit__icontains="AFP"), article=OuterRef("pk"))
    published = Article.objects.filter(published_at__lte=NOW)
    for queryset in (published.filter(Exists(by_agency)), published.filter(Exists(by_agency), section=monde)):
        found = find_articles(queryset, "kiwi", order=DATE)
        assert [article.title for article in found.articles] == ["Kiwi agence", "Kiwi crédit", "Kiwi agence ancienne"]
        assert (found.truncated, found.older, found.count) == (True, 1, 3)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's search")
@override_settings(NEWSROOM_SEARCH_WINDOW=4, NEWSROOM_SEARCH_TITLES=2)
def test_a_windows_title_scores_read_from_the_titles_matching_are_the_title_tables_bm25(monkeypatch):
    # The search read every title matching, with its score, to find the best ones beyond the window: the page's
    # rank reads the window's from them, the same floats as the title table's bm25 set up again in its statement.
    from articles.search import sqlite

    for n in range(7):
        title = ["Kiwi de saison", "Saison du kiwi en Nouvelle-Zélande", "Le kiwi", "Kiwi"][n % 4] + f" {n}"
        indexed(title, "kiwi saison " * (n + 1) + "et le reste", published_at=days_ago(n))
    indexed("Marché", "kiwi de saison au marché", published_at=days_ago(0.5))

    def ranks():
        found = find_articles(Article.objects.published(), "kiwi saison")
        return sorted(found.articles.values_list("pk", "rank")), found.older

    read, older = ranks()
    scored_again = sqlite._titles_score
    monkeypatch.setattr(sqlite, "_titles_score", lambda keys, matching, *args: scored_again(keys, None, *args))
    assert ranks() == (read, older) and older == 1 and len(read) == 5


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's search")
def test_a_search_compiles_its_querysets_pool_once_for_its_window_and_its_titles(monkeypatch):
    from articles.search import sqlite, sqlite_pool

    now = timezone.now()
    for n in range(6):  # more matches than the window: the best titles are looked for, and checked
        index_article(make_article(f"Kiwi {n}", published_at=now - timedelta(days=n)))
    compiled = []

    def counted(queryset, entry_article_id):
        compiled.append(entry_article_id)
        return pool_sql(queryset, entry_article_id)

    monkeypatch.setattr(sqlite_pool, "pool_sql", counted)
    queryset = Article.objects.published().filter(title__startswith="Kiwi")  # the pool: each match's article
    found, truncated, older, count = sqlite.search(queryset, parse("kiwi"), 2, best=3, most=100)
    assert truncated and older == 1 and count == 3
    assert sorted(found.values_list("title", flat=True)) == ["Kiwi 0", "Kiwi 1", "Kiwi 2"]
    assert len(compiled) == 1  # the window's statement and the titles' check: one compile
