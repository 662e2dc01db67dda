"""ImportItem: an import's results a row each (articles.pipeline.progress), the jobs' JSON lists moved there."""

import django.db.models.deletion
from django.db import migrations, models

FIELDS = ("source", "status", "reason", "article", "title", "url")


def move_results(apps, schema_editor):
    from articles.pipeline.progress import rejected_key, upload_key, url_key  # the keys a job's items use

    ImportJob, ImportItem = apps.get_model("articles", "ImportJob"), apps.get_model("articles", "ImportItem")
    ImportChunk = apps.get_model("articles", "ImportChunk")
    for job in ImportJob.objects.exclude(results=[]).iterator(chunk_size=100):
        uploads = {}
        for pk, name in job.uploads.order_by("position").values_list("pk", "name"):
            uploads.setdefault(f"fichier {name}", []).append(pk)
        items = {}
        for row in job.results:
            if row in job.rejected:
                key = rejected_key(job.rejected.index(row))
            elif uploads.get(row.get("source")):
                key = upload_key(uploads[row["source"]].pop(0))
            else:
                key = url_key(row.get("source") or "")
            values = {name: row.get(name) or "" for name in FIELDS if name != "article"}
            items.setdefault(key, ImportItem(job=job, key=key, article=row.get("article"), **values))
        ImportItem.objects.bulk_create(items.values(), batch_size=500)
    for chunk in ImportChunk.objects.exclude(reported=[]):
        ImportChunk.objects.filter(pk=chunk.pk).update(items_done=len(chunk.reported))


def restore_results(apps, schema_editor):
    ImportJob, ImportItem = apps.get_model("articles", "ImportJob"), apps.get_model("articles", "ImportItem")
    for job in ImportJob.objects.filter(pk__in=ImportItem.objects.values("job")):
        rows = ImportItem.objects.filter(job=job).order_by("id").values_list(*FIELDS)
        ImportJob.objects.filter(pk=job.pk).update(results=[dict(zip(FIELDS, row, strict=True)) for row in rows])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_story_outlets"),
    ]

    operations = [
        migrations.AddField(
            model_name="importchunk",
            name="items_done",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.CreateModel(
            name="ImportItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64)),
                ("source", models.TextField(verbose_name="source")),
                ("status", models.CharField(max_length=16, verbose_name="résultat")),
                ("reason", models.TextField(blank=True, verbose_name="raison")),
                ("article", models.BigIntegerField(blank=True, null=True, verbose_name="article")),
                ("title", models.TextField(blank=True, verbose_name="titre")),
                ("url", models.TextField(blank=True, verbose_name="URL canonique")),
                (
                    "job",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="articles.importjob",
                    ),
                ),
            ],
            options={
                "verbose_name": "résultat d'importation",
                "verbose_name_plural": "résultats d'importation",
                "ordering": ["id"],
                "indexes": [models.Index(fields=["job", "status", "id"], name="import_item_status")],
                "constraints": [models.UniqueConstraint(fields=("job", "key"), name="import_item_unique_key")],
            },
        ),
        migrations.RunPython(move_results, restore_results),
        migrations.RemoveField(
            model_name="importchunk",
            name="reported",
        ),
        migrations.RemoveField(
            model_name="importjob",
            name="results",
        ),
    ]
