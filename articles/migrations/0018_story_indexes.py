"""Indexes for stories: on Article.story, partial (articles in a story only); the timelines' for listed articles.

See models.Article.Meta.

The old index is dropped by name, not by AlterField: on SQLite, AlterField would copy the whole
article table to change an index.
"""

import django.db.models.deletion
from django.db import migrations, models

FOREIGN_KEY_INDEX = "articles_article_story_id_6cfe4afe"  # Django's name for it, the same on both databases


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_photo_body_position"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="story",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="articles",
                        to="articles.story",
                        verbose_name="histoire",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{FOREIGN_KEY_INDEX}"',
                    f'CREATE INDEX "{FOREIGN_KEY_INDEX}" ON "articles_article" ("story_id")',
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(condition=models.Q(("story__isnull", False)), fields=["story"], name="article_story_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("listed", True)), fields=["-published_at", "-id", "listed"], name="article_listed_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("listed", True)),
                fields=["section", "-published_at", "-id", "listed"],
                name="article_listed_section_idx",
            ),
        ),
    ]
