"""Article slugs in the title's own letters when they are not Latin ones (articles/slugs.py): a Japanese,
Arabic or Russian title had the slug "article" or a number, a German "ß" or a Norwegian "ø" dropped.

The field's allow_unicode is a form validator's setting, not a column's: changed in the state alone
(SQLite would otherwise copy the whole table). Existing rows get their new slug; their old URLs redirect
to it (ArticleView answers a wrong slug with a permanent redirect)."""

from django.db import migrations, models

from articles.migrations._slugs import reslug


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0025_search_pairs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, max_length=255),
                ),
            ],
        ),
        migrations.RunPython(reslug, migrations.RunPython.noop),
    ]
