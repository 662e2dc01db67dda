"""The optional read-replica router sends reads to the replica and everything else to the primary."""

import os
import subprocess
import sys
from pathlib import Path

from articles.models import Article
from newsroom.db_router import PrimaryReplicaRouter

ROOT = Path(__file__).resolve().parent.parent


def test_reads_go_to_the_replica_and_writes_and_migrations_to_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Article) == "replica"
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_the_replica_is_configured_only_when_asked_for():
    code = "import newsroom.settings as s; print(sorted(s.DATABASES), s.DATABASE_ROUTERS)"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    base["DJANGO_DEBUG"] = "1"
    alone = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True)
    assert alone.stdout.strip() == "['default'] []"
    replica = {**base, "DATABASE_URL": "postgres://u@db1/news", "DATABASE_REPLICA_URL": "postgres://u@db2/news"}
    both = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=replica, capture_output=True, text=True)
    assert both.stdout.strip() == "['default', 'replica'] ['newsroom.db_router.PrimaryReplicaRouter']"
