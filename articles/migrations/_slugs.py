"""A migration step giving every article the slug articles.slugs makes of its title now (0026, 0028).
Old addresses redirect to the new ones: ArticleView answers a wrong slug with a permanent redirect."""

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
