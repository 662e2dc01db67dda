"""`manage.py db_worker`: django-tasks' database worker, an import's extraction workers kept from chunk to chunk."""

from articles.tasks import WorkerCommand as Command

__all__ = ["Command"]
