"""Article slugs in the title's own letters when they are not Latin ones (articles/slugs.py): a Japanese,
Arabic or Russian title had the slug "article" or a number, a German "ß" or a Norwegian "ø" dropped.

The field's allow_unicode is a form validator's setting, not a column's: changed in the state alone
(SQLite would otherwise copy the whole table). Existing rows get their new slug; their old URLs redirect
to it (ArticleView answers a wrong slug with a permanent redirect)."""

from django.db import migrations, models

from articles.slugs import slug

BATCH = 2000


def reslug(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    changed = []
    for article in Article.objects.only("pk", "title", "slug").order_by("pk").iterator(chunk_size=BATCH):
        new = slug(article.title, 255) or "article"
        if new != article.slug:
            article.slug = new
            changed.append(article)
        if len(changed) >= BATCH:
            Article.objects.bulk_update(changed, ["slug"])
            changed = []
    Article.objects.bulk_update(changed, ["slug"])


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
