"""The articles' search entries written by a data migration (0013, 0024), read through its own models.

Plain values for the search code to analyse and write (articles.search.index_rows), never today's
models nor articles.search.reindex, which reads through them: at this point of the history the
database lacks the columns later migrations add, and today's models may name them. Only columns
every article and photo has had since 0001.
"""

from articles.search import REINDEX_BATCH, index_rows


def write(apps, using, *, full=False, languages=None):
    """Index the articles of database `using` (those written in `languages`, if given); the count.
    `full`: the whole index made again."""
    Article, Photo = apps.get_model("articles", "Article"), apps.get_model("articles", "Photo")
    articles = Article.objects.using(using).order_by("published_at", "pk")
    if languages is not None:
        articles = articles.filter(language__in=languages)
    rows = articles.values_list("pk", "published_at", "title", "lead", "body_text", "language")
    photos = Photo.objects.using(using).exclude(caption="").order_by("article_id", "position")

    def captions(ids):
        return photos.filter(article_id__in=ids).values_list("article_id", "caption")

    return index_rows(rows.iterator(chunk_size=REINDEX_BATCH), captions, using, full=full)
