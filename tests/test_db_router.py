"""The optional read-replica router sends reads to the replica and everything else to the primary."""

from articles.models import Article
from newsroom.db_router import PrimaryReplicaRouter
from tests.subprocesses import run_python


def test_reads_go_to_the_replica_and_writes_and_migrations_to_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Article) == "replica"
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_the_replica_is_configured_only_when_asked_for():
    code = "import newsroom.settings as s; print(sorted(s.DATABASES), s.DATABASE_ROUTERS)"
    alone = run_python(code, DJANGO_DEBUG="1")
    assert alone.stdout.strip() == "['default'] []"
    replica = {"DATABASE_URL": "postgres://u@db1/news", "DATABASE_REPLICA_URL": "postgres://u@db2/news"}
    both = run_python(code, DJANGO_DEBUG="1", **replica)
    assert both.stdout.strip() == "['default', 'replica'] ['newsroom.db_router.PrimaryReplicaRouter']"
