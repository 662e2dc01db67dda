"""An article's story: fingerprint stored, candidates found by their band keys, the best one's story joined.

    group_article(article)   # in the transaction that writes the article (articles.pipeline.writing)

Candidates are the articles sharing the most band keys with this one, found through the index
on StoryBand.key and never by a scan; the one whose text is most alike, at THRESHOLD or more
(docs/BENCHMARKS.md: the curve and why), gives its story. Re-grouping an article first drops its
own keys, so an update of the same URL is compared with the others, never with itself. A story
an editor decided (Story.pinned) keeps its articles: they are fingerprinted, never moved.
"""

from django.db import connection, transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from articles.canonical import outlet_name
from articles.models import Article, Story, StoryBand, StoryFingerprint
from articles.stories.fingerprint import fingerprint, similarity, unpack

THRESHOLD = 0.4  # share of the shorter text found in the longer one
CANDIDATES = 8  # the articles sharing the most band keys are compared; others share too little


def story_print(lead, body_text, language):
    """The Fingerprint group_article() computes for an article of this lead, body text and language.

    Ingestion computes it in its extraction workers (articles.pipeline.prepare) and hands it in:
    pure Python, it cost the one writing process 1.7 ms an article (docs/BENCHMARKS.md).
    """
    return fingerprint(f"{lead}\n\n{body_text}", language)


def group_article(article, found=None):
    """Store `article`'s fingerprint and put it in the story of its most alike earlier article, if any.

    `found`: its story_print(), when computed already.
    """
    if found is None:
        found = story_print(article.lead, article.body_text, article.language)
    _store([article], [found])
    return _place(article, found)


def _place(article, found, later=(), candidates=None):
    """Put `article`, its fingerprint stored, in its story; the articles `later` (ids) are not candidates.
    `candidates`: its candidates (id, signature, size), when read already (a batch's: _batch_candidates)."""
    if article.story_id and Story.objects.filter(pk=article.story_id, pinned=True).exists():
        settle(article.story_id)  # kept, but its date or outlet may have changed
        return article.story_id
    if candidates is None:
        match = best_match(article.pk, found, later=later)
    else:
        match = choose(found, candidates) if found.keys else None
    target = _story_of(match) if match else None
    if target != article.story_id:
        move(article, target)
    elif target:
        settle(target)
    return article.story_id


# Plain SQL: the ORM's model instances and savepoints cost more than the fingerprint (docs/BENCHMARKS.md).
FORGET_BANDS = "DELETE FROM articles_storyband WHERE article_id IN ({ids})"
FORGET_PRINTS = "DELETE FROM articles_storyfingerprint WHERE article_id IN ({ids})"
STORE_PRINTS = "INSERT INTO articles_storyfingerprint (article_id, signature, size) VALUES "
STORE_BANDS = 'INSERT INTO articles_storyband (article_id, "key") VALUES '
ROWS_A_STATEMENT = 500  # well under either database's limit of parameters
# A batch's band keys' rows, and its candidates' signatures: two statements for the batch (_batch_candidates).
BANDS_OF_KEYS = 'SELECT article_id, "key" FROM articles_storyband WHERE "key" IN ({keys})'
PRINTS_OF = "SELECT article_id, signature, size FROM articles_storyfingerprint WHERE article_id IN ({ids})"
# The CANDIDATES articles sharing the most band keys (found by the index on "key"), with their signatures.
CANDIDATES_SQL = """SELECT f.article_id, f.signature, f.size FROM articles_storyfingerprint f JOIN (
    SELECT article_id, COUNT(*) AS shared FROM articles_storyband WHERE "key" IN ({keys}) AND article_id <> %s{later}
    GROUP BY article_id ORDER BY shared DESC, article_id LIMIT %s
) c ON c.article_id = f.article_id"""


def group_articles(articles, prints=None):
    """group_article() for each of a batch of new articles, in order: each finds those before it.

    `prints`: their story_print()s (None where not computed), in the same order. Their fingerprints
    are stored together, a few statements for the batch; each article's search for its story leaves
    out the articles after it, so it finds what it would have found alone.
    """
    found = [
        story_print(article.lead, article.body_text, article.language) if made is None else made
        for article, made in zip(articles, prints or [None] * len(articles), strict=True)
    ]
    _store(articles, found)
    ids = [article.pk for article in articles]
    # Every article's candidates read at once: what best_match() reads (band keys and fingerprints) is
    # the batch's stored above, and placing an article in a story changes none of it.
    candidates = _batch_candidates(ids, found)
    for position, (article, made) in enumerate(zip(articles, found, strict=True)):
        _place(article, made, later=ids[position + 1 :], candidates=candidates[position])


def _store(articles, prints):
    """Each article's fingerprint and band keys, in place of any it had."""
    ids = [article.pk for article in articles]
    marks = ", ".join(["%s"] * len(ids))
    rows = [(article.pk, found.packed(), found.size) for article, found in zip(articles, prints, strict=True)]
    bands = [(article.pk, key) for article, found in zip(articles, prints, strict=True) for key in found.keys]
    with connection.cursor() as cursor:
        cursor.execute(FORGET_BANDS.format(ids=marks), ids)
        cursor.execute(FORGET_PRINTS.format(ids=marks), ids)
        for table, values, width in ((STORE_PRINTS, rows, 3), (STORE_BANDS, bands, 2)):
            row = "(" + ", ".join(["%s"] * width) + ")"
            for start in range(0, len(values), ROWS_A_STATEMENT):
                chunk = values[start : start + ROWS_A_STATEMENT]
                cursor.execute(table + ", ".join([row] * len(chunk)), [v for value in chunk for v in value])


def best_match(pk, found, threshold=THRESHOLD, later=()):
    """The id of the most alike other article at `threshold` or more, or None: one query.
    `later`: ids of articles not to consider (written after this one in its batch)."""
    if not found.keys:
        return None
    later = list(later)
    sql = CANDIDATES_SQL.format(
        keys=", ".join(["%s"] * len(found.keys)),
        later=f" AND article_id NOT IN ({', '.join(['%s'] * len(later))})" if later else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*found.keys, pk, *later, CANDIDATES])
        candidates = [(other, unpack(signature), size) for other, signature, size in cursor.fetchall()]
    return choose(found, candidates, threshold)


def _batch_candidates(ids, prints):
    """For each article of a batch (ids, their Fingerprints), what best_match() would compare it with: the
    CANDIDATES articles sharing the most band keys with it (ties: the lowest id), itself and the articles
    after it left out, as (id, signature, size) — from two statements for the batch instead of one an article."""
    keys = sorted({key for found in prints for key in found.keys})
    holders = {}  # band key -> the articles holding it, a row each
    with connection.cursor() as cursor:
        for start in range(0, len(keys), ROWS_A_STATEMENT):
            chunk = keys[start : start + ROWS_A_STATEMENT]
            cursor.execute(BANDS_OF_KEYS.format(keys=", ".join(["%s"] * len(chunk))), chunk)
            for article_id, key in cursor.fetchall():
                holders.setdefault(key, []).append(article_id)
        chosen = []
        for position, (pk, found) in enumerate(zip(ids, prints, strict=True)):
            later, shared = set(ids[position + 1 :]), {}
            for key in set(found.keys):
                for other in holders.get(key, ()):
                    if other != pk and other not in later:
                        shared[other] = shared.get(other, 0) + 1
            chosen.append(sorted(shared, key=lambda other: (-shared[other], other))[:CANDIDATES])
        wanted = sorted({other for best in chosen for other in best})
        signatures = {}
        for start in range(0, len(wanted), ROWS_A_STATEMENT):
            chunk = wanted[start : start + ROWS_A_STATEMENT]
            cursor.execute(PRINTS_OF.format(ids=", ".join(["%s"] * len(chunk))), chunk)
            signatures.update((other, (unpack(signature), size)) for other, signature, size in cursor.fetchall())
    return [[(other, *signatures[other]) for other in best if other in signatures] for best in chosen]


def choose(found, candidates, threshold=THRESHOLD):
    """The id of the candidate (id, signature, size) most alike `found`, at `threshold` or more, or None."""
    scored = [(similarity((found.signature, found.size), (sig, size)), pk) for pk, sig, size in candidates]
    score, best = max(scored, default=(0.0, None), key=lambda pair: (pair[0], -pair[1]))
    return best if score >= threshold else None


def _story_of(pk):
    """The story of article `pk`, made for it (a story of one) when it has none yet."""
    story_id = Article.objects.filter(pk=pk).values_list("story_id", flat=True).first()
    if story_id is None:
        story_id = Story.objects.create().pk
        Article.objects.filter(pk=pk).update(story_id=story_id)
    return story_id


def move(article, story_id, *, stories=()):
    """Put `article` in story `story_id` (None: alone), then settle the stories it left and joined."""
    left = article.story_id
    article.story_id = story_id
    alone = {"listed": True, "updated_at": timezone.now()} if story_id is None else {}  # a version no more
    Article.objects.filter(pk=article.pk).update(story_id=story_id, **alone)
    first = settle(left, story_id, *stories).get(story_id)
    article.listed = first is None or first == article.pk  # alone (or its story undone), or its first version


def settle(*story_ids):
    """Each story's first version is the one listed, and its outlets are named on its row (Story.outlets);
    a story left with one article is no story (unless pinned).

    The earliest rather than the most complete: it broke the news, and it stays the story's item
    as later versions arrive (its place in the timeline, its link and its cached page hold), where
    "the longest" would change with each new version; its page lists the longer ones, words more.
    Called whenever a story's articles change (joined, left, updated, deleted, split, merged).
    Returns {story id: its first version's id, None for a story undone}.
    """
    firsts = {}
    for story_id in {s for s in story_ids if s is not None}:
        # Sorted here: ordered by date, SQLite may walk the timeline index rather than read the story's few rows.
        rows = sorted(Article.objects.filter(story_id=story_id).order_by().values_list("published_at", "pk", *_NAMED))
        members = [pk for _, pk, *_ in rows]
        if len(members) < 2 and not Story.objects.filter(pk=story_id, pinned=True).exists():
            Article.objects.filter(pk__in=members).update(story=None, listed=True, updated_at=timezone.now())
            Story.objects.filter(pk=story_id).delete()
            firsts[story_id] = None
            continue
        # updated_at keys each article's cached page (articles.pagecache): its list of versions changed.
        first = firsts[story_id] = members[0] if members else None
        listed = Case(When(pk=first, then=Value(True)), default=Value(False))
        Article.objects.filter(pk__in=members).update(listed=listed, updated_at=timezone.now())
        Story.objects.filter(pk=story_id).update(outlets=[[pk, outlet_name(*named)] for _, pk, *named in rows])
    return firsts


_NAMED = ("site_name", "source_domain", "source_url")  # what outlet_name() reads


def article_deleting(sender, instance, **kwargs):
    """pre_delete of an Article: its story as stored (the instance may predate its grouping)."""
    instance.story_before_delete = Article.objects.filter(pk=instance.pk).values_list("story_id", flat=True).first()


def article_deleted(sender, instance, **kwargs):
    """post_delete of an Article: the rest of its story stays together, its first version listed."""
    settle(getattr(instance, "story_before_delete", instance.story_id))


def regroup(*, batch=500, restart=False, progress=None):
    """Group every article not fingerprinted yet, earliest first, `batch` to a transaction; returns the count.

    Interrupted, it resumes where it stopped: what is done has its fingerprint. `restart` first
    forgets every fingerprint and every story no editor decided, in one transaction.
    """
    if restart:
        with transaction.atomic():
            _forget_all()
    todo = Article.objects.filter(story_fingerprint__isnull=True)
    total, done = todo.count(), 0
    while True:
        with transaction.atomic():
            articles = list(
                todo.order_by("published_at", "id").only("lead", "body_text", "language", "story_id")[:batch]
            )
            for article in articles:
                group_article(article)
        if not articles:
            return done
        done += len(articles)
        if progress:
            progress(done, total)


def _forget_all():
    StoryBand.objects.all().delete()
    StoryFingerprint.objects.all().delete()
    unpinned = Story.objects.filter(pinned=False)
    Article.objects.filter(story__in=unpinned).update(story=None, listed=True)
    unpinned.delete()
