"""Story.outlets: each story's articles named on its row, for the lists' "aussi chez …" (stories.grouping.settle)."""

from django.db import migrations, models

from articles.canonical import outlet_name  # a pure function of three columns, not today's model


def name_outlets(apps, schema_editor):
    Article, Story = apps.get_model("articles", "Article"), apps.get_model("articles", "Story")
    columns = ("story_id", "published_at", "pk", "site_name", "source_domain", "source_url")
    named = {}
    for story_id, _, pk, *outlet in sorted(Article.objects.filter(story__isnull=False).values_list(*columns)):
        named.setdefault(story_id, []).append([pk, outlet_name(*outlet)])
    for story_id, outlets in named.items():
        Story.objects.filter(pk=story_id).update(outlets=outlets)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_search_title_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="outlets",
            field=models.JSONField(
                default=list,
                editable=False,
                help_text="[id, média] de chacun de ses articles, du premier publié au dernier.",
                verbose_name="versions",
            ),
        ),
        migrations.RunPython(name_outlets, migrations.RunPython.noop),
    ]
