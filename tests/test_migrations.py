"""An archive made with the first schema, upgraded: every data migration reads it through its own models.

Part way through the history the database lacks the columns later migrations add; today's models
(and the search code's own reading, articles.search.reindex) describe the latest schema and may
name them: a data migration reading through them crashes an upgrade as soon as they do (0013
and 0024 read through them once). Today's models name no column this old database lacks yet, so
the test makes any use of them during the migrations fail.
"""

import contextlib
from datetime import timedelta

import dj_database_url
import pytest
from django.apps import apps
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend
from django.utils import timezone

from articles.models import Article, Photo
from tests.scratch_databases import scratch_database

pytestmark = pytest.mark.django_db

BEFORE = ("articles", "0001_initial")


class TodaysModel:
    """Stands in for a model's manager: today's model does not describe this database."""

    def __get__(self, instance, owner):
        raise AssertionError(f"a migration read {owner.__name__} through today's model, not its own")


@pytest.fixture
def old_database(tmp_path):
    """A scratch database migrated to BEFORE, standing in for the default one; its models' apps then."""
    with scratch_database(tmp_path) as url, _as_default(url):
        executor = MigrationExecutor(connection)
        executor.migrate([BEFORE])
        yield executor.loader.project_state([BEFORE]).apps


@contextlib.contextmanager
def _as_default(url):
    """The database at `url` as the default connection: the migrations' data functions read there."""
    suite = connections["default"]
    settings = {**suite.settings_dict, "NAME": dj_database_url.parse(url)["NAME"]}
    connections["default"] = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = suite


def _old_article(old, title, language, **fields):
    n = old.get_model("articles", "Article").objects.count()
    return old.get_model("articles", "Article").objects.create(
        title=title,
        slug=f"article-{n}",
        language=language,
        published_at=timezone.now() - timedelta(days=n + 1),
        source_url=f"https://example.org/{n}.html",
        canonical_url=f"https://example.org/{n}.html",
        fingerprint=f"{n:064d}",
        **fields,
    )


def _found(q):
    return list(Article.objects.search(q).values_list("title", flat=True))


def test_an_archive_from_the_first_schema_is_upgraded_and_its_articles_found(old_database, monkeypatch):
    section = old_database.get_model("articles", "Section").objects.create(name="Politique", slug="politique")
    french = _old_article(
        old_database,
        "Les électeurs de Lyon votent",
        "fr",
        lead="Une journée d'élection.",
        body_text="Le scrutin.",
        section=section,
    )
    old_database.get_model("articles", "Photo").objects.create(
        article=french, src="https://example.org/p.jpg", caption="Une salle comble à la mairie", credit="Photo AFP"
    )
    _old_article(old_database, "Habari za kawaida", "sw", lead="Mvua kubwa.", body_text="Wakulima wanafurahi.")
    _old_article(old_database, "पुलिस ने पकड़ा", "hi", lead="दो दिन।", body_text="चोरी।")

    for model in apps.get_app_config("articles").get_models():
        monkeypatch.setattr(model, "objects", TodaysModel())
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    monkeypatch.undo()

    assert _found("électeur") == ["Les électeurs de Lyon votent"]  # its stem, in French
    assert _found("mairie") == ["Les électeurs de Lyon votent"]  # its photo's caption
    assert _found("scrutin") == ["Les électeurs de Lyon votent"]  # its body
    assert _found("wakulima") == ["Habari za kawaida"]  # a language without a stemmer (0024)
    assert _found("kawaida mvua") == ["Habari za kawaida"]
    assert Article.objects.filter(section__name="Politique").count() == 1  # 0007
    assert set(Article.objects.values_list("source_domain", flat=True)) == {"example.org"}  # 0008
    assert Photo.objects.get().agency == "AFP"  # 0002
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "les-electeurs-de-lyon-votent",
        "habari-za-kawaida",
        "पुलिस-ने-पकड़ा",  # 0026, 0028: a script's letters, its vowel signs with them
    }
