"""Photo rows rewritten with their article (articles.pipeline.writing) keep the image already stored for their URL."""

from articles.models import Photo


def keep_stored(article, rows):
    """`rows` (new, unsaved Photos of `article`) with the stored image of the same URL, if it had one."""
    known = dict(
        Photo.objects.filter(article=article, state=Photo.STORED, image__isnull=False).values_list("src", "image_id")
    )
    for row in rows:
        if row.src in known:
            row.image_id, row.state = known[row.src], Photo.STORED
    return rows
