"""The articles app: after `migrate`, the database cache table exists too."""

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_delete, post_migrate, pre_delete


def create_cache_table(sender, using, **kwargs):
    # Login throttling lives in the database cache (settings.CACHES): without its table the admin
    # login answers 500. `migrate` is the one documented step, so it creates the table as well
    # (createcachetable skips tables that exist, and caches of other kinds).
    call_command("createcachetable", database=using, verbosity=0)


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="articles.create_cache_table")
        from articles.stories.grouping import article_deleted, article_deleting  # models are ready only now

        pre_delete.connect(article_deleting, sender="articles.Article", dispatch_uid="articles.stories.deleting")
        post_delete.connect(article_deleted, sender="articles.Article", dispatch_uid="articles.stories.deleted")
