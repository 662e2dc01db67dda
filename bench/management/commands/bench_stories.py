"""`manage.py bench_stories`: story grouping's pair precision and recall over the threshold, and its cost.

Quality (no database): the labelled stories (tests/stories/labelled.json) and their republished
versions (bench.republish), grouped in memory as ingestion groups; with --corpus, the pages of a
corpus directory read at run time (their ground-truth text) with versions made the same way.
Cost (--cost, on the configured database, e.g. 100,000 synthetic articles): every article
fingerprinted first (`regroup`, timed); then the labelled versions ingested through save_article
with grouping off and on (same run, rolled back); with them grouped, the timeline's and search's
database work and whole pages (view and template, no page cache) in three modes, sample by sample
in turn: as if stories did not exist (every version listed), the same articles as with stories but
none of their work, and with stories. See docs/BENCHMARKS.md.
"""

import os
import statistics
import time
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search_views, views
from articles.filters import ArticleSearchFilter
from articles.models import Article, ArticleQuerySet, StoryBand, StoryFingerprint
from articles.pipeline import writing
from articles.search import find_articles
from articles.stories import grouping
from articles.stories.fingerprint import fingerprint
from articles.stories.versions import attach_outlets, earliest_of_each_story
from bench.republish import as_extracted, labelled_versions
from bench.stories import corpus_versions, curve, pair_scores

# CPU time of this process, not wall time: the shared machine runs many times more work than it has
# cores, and wall time mostly measures the wait. On SQLite the database work runs in this process
# and is counted; on PostgreSQL the server's share is not.
CLOCK = time.process_time
THRESHOLDS = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8]
SEARCHES = ["gouvernement", "crise économique", "Beyrouth", "inondations Gard", "taux BCE"]


class Command(BaseCommand):
    help = "Pair precision/recall of story grouping over the threshold; with --cost, its cost on this database."

    def add_arguments(self, parser):
        parser.add_argument("--versions", type=int, default=6, help="republished versions of each labelled story (6)")
        parser.add_argument("--corpus", help="a corpus directory (*/truth.json) to measure on, read at run time")
        parser.add_argument("--cost", action="store_true", help="measure the cost on the configured database")
        parser.add_argument("--repeat", type=int, default=15, help="timed runs of each page query (15)")
        parser.add_argument(
            "--no-regroup", action="store_true", help="measure as the database is, without fingerprinting the rest"
        )

    def handle(self, *args, versions, corpus, cost, repeat, no_regroup, **options):
        labelled = labelled_versions(count=versions, seed=1)
        stories = len({v.story for v in labelled})
        self.stdout.write(f"Labelled set: {stories} stories, {len(labelled)} texts.\n")
        self.stdout.write(self.curve_table(curve(labelled, THRESHOLDS)))
        if corpus:
            found = corpus_versions(corpus, count=2)
            self.stdout.write(f"\nCorpus {corpus}: {len(found) // 3} pages, each with 2 republished versions.\n")
            self.stdout.write(self.curve_table(curve(found, [0.25, 0.3, 0.4, 0.5, 0.6])))
            self.stdout.write(_fingerprint_costs(found))
        if cost:
            self.measure_cost(labelled, repeat, regroup=not no_regroup)

    def curve_table(self, rows):
        lines = ["| seuil | précision (paires) | rappel (paires) | paires groupées |", "|---:|---:|---:|---:|"]
        for threshold, precision, recall, grouped in rows:
            mark = " ← retenu" if threshold == grouping.THRESHOLD else ""
            lines.append(f"| {threshold:.2f}{mark} | {precision:.3f} | {recall:.3f} | {grouped} |")
        return "\n".join(lines) + "\n"

    def measure_cost(self, labelled, repeat, regroup=True):
        load = os.getloadavg()[0]
        prints = StoryFingerprint.objects.count()
        self.stdout.write(
            f"\n{connection.vendor}, {Article.objects.count():,} articles ({prints:,} fingerprinted, "
            f"{StoryBand.objects.count():,} band keys); CPU time (load {load:.1f})\n"
        )
        started = CLOCK()
        progress = lambda d, t: self.stderr.write(f"regroup {d}/{t}")  # noqa: E731
        done = grouping.regroup(batch=1000, progress=progress) if regroup else 0
        if done:
            per = (CLOCK() - started) / done * 1000
            self.stdout.write(f"regroup_stories: {done:,} articles fingerprinted, {per:.2f} ms each\n")
        off = self.ingest(labelled, grouped=False, repeat=repeat)
        on = self.ingest(labelled, grouped=True, repeat=repeat)
        lines = [
            "| mesure | sans regroupement | avec | rapport |",
            "|---|---:|---:|---:|",
            _row("save_article, ms par article (médiane)", off["save"], on["save"]),
            f"| dont group_article, ms par article (médiane / p95) | — | {on['group']:.2f} / {on['group95']:.2f} | |",
            f"| dont l'empreinte seule, ms (médiane) | — | {_fingerprint_ms(labelled):.2f} | |",
        ]
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.write(
            f"Grouped in the database: {on['stories']} stories, pair precision {on['precision']:.3f}, "
            f"recall {on['recall']:.3f}\n\n"
        )
        self.stdout.write(_reader_table(on["reader"], on["shown"], on["queries"]))

    def ingest(self, labelled, *, grouped, repeat):
        """Save the labelled versions (rolled back); grouped, time the reader's pages in every mode."""
        saves, groups, result = [], [], {}
        real = grouping.group_article

        def timed_group(article, found=None):
            clock = CLOCK()
            real(article, found)
            groups.append(CLOCK() - clock)

        with transaction.atomic(), _grouping(grouped, timed_group):
            now = timezone.now()
            ids = []
            for n, version in enumerate(labelled):
                clock = CLOCK()
                ids.append(_save(version, n, now - timedelta(minutes=len(labelled) - n)))
                saves.append(CLOCK() - clock)
            result["save"] = statistics.median(saves) * 1000
            if grouped:
                result["group"] = statistics.median(groups) * 1000
                result["group95"] = sorted(groups)[int(len(groups) * 0.95)] * 1000
                stories = dict(Article.objects.filter(pk__in=ids).values_list("pk", "story_id"))
                groups_of = [stories[pk] or -pk for pk in ids]
                result["precision"], result["recall"], _, _ = pair_scores([v.story for v in labelled], groups_of)
                result["stories"] = len({story for story in stories.values() if story})
                result["reader"] = _time_reader(repeat)
                result["shown"] = {mode: _shown(mode, set(ids)) for mode in MODES}
                result["queries"] = {mode: _queries(mode) for mode in MODES}
            transaction.set_rollback(True)
        return result


# The reader measured three ways on one database (the labelled versions saved and grouped), sample by
# sample in turn so that the machine's load weighs on each alike:
EVERY = "toutes les versions, sans histoires"  # as if stories did not exist: every version listed
SAME = "mêmes articles, sans le travail des histoires"  # what the stories page shows, without naming outlets
STORIES = "avec les histoires"
MODES = (EVERY, SAME, STORIES)


def _time_reader(repeat):
    """{(page, mode): (CPU ms, wall ms)}, medians of `repeat` samples taken in turn."""
    client = Client(SERVER_NAME="localhost")
    pages = {
        "fil (page 1), requêtes": lambda mode: _timeline(mode),
        "fil, page entière (vue et gabarit)": lambda mode: _page(client, "/"),
        "recherche (5 requêtes, page 1), requêtes": lambda mode: [_search(q, mode) for q in SEARCHES],
        "recherche, 5 pages entières": lambda mode: [_page(client, "/recherche/", q) for q in SEARCHES],
    }
    samples = {}
    for name, run in pages.items():
        for mode in MODES:  # warm-up
            with _reader(mode):
                run(mode)
        for _ in range(repeat):
            for mode in MODES:
                with _reader(mode):
                    cpu, wall = CLOCK(), time.perf_counter()
                    run(mode)
                    samples.setdefault((name, mode), []).append((CLOCK() - cpu, time.perf_counter() - wall))
    return {
        key: tuple(statistics.median(s[i] for s in values) * 1000 for i in (0, 1)) for key, values in samples.items()
    }


def _shown(mode, labelled_ids):
    """What the timeline's first page shows in this mode: (labelled versions, older articles, with a photo, words)."""
    with _reader(mode):
        page = list(views.TimelineView(kwargs={}).get_queryset()[:30])
    photos = sum(1 for a in page if a.main_photo)
    return (
        sum(a.pk in labelled_ids for a in page),
        sum(a.pk not in labelled_ids for a in page),
        photos,
        sum(a.word_count for a in page),
    )


def _queries(mode):
    """Queries of the timeline's page and of one search page, in this mode."""
    client = Client(SERVER_NAME="localhost")
    counts = []
    with _reader(mode):
        for path, params in (("/", {}), ("/recherche/", {"q": SEARCHES[0]})):
            with CaptureQueriesContext(connection) as captured:
                client.get(path, params)
            counts.append(len(captured))
    return counts


def _reader_table(times, shown, queries):
    lines = [
        f"| page (ms, CPU / horloge) | {EVERY} | {SAME} | {STORIES} | rapport / toutes | rapport / mêmes |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in dict.fromkeys(page for page, _ in times):
        every, same, stories = (times[(name, mode)] for mode in MODES)
        cells = " | ".join(f"{cpu:.2f} / {wall:.2f}" for cpu, wall in (every, same, stories))
        lines.append(
            f"| {name} | {cells} | {stories[0] / every[0]:.2f} / {stories[1] / every[1]:.2f} "
            f"| {stories[0] / same[0]:.2f} / {stories[1] / same[1]:.2f} |"
        )
    lines.append("")
    for mode in MODES:
        labelled, older, photos, words = shown[mode]
        timeline, search = queries[mode]
        lines.append(
            f"- {mode}: the timeline's page 1 shows {labelled} labelled versions and {older} older articles "
            f"({photos} with a photo, {words:,} words); queries: timeline {timeline}, one search {search}"
        )
    return "\n".join(lines) + "\n"


@contextmanager
def _grouping(on, timed):
    with mock.patch.object(writing, "group_article", timed if on else (lambda article, found=None: None)):
        yield


def _save(version, n, published):
    url = f"https://bench-stories.example/{n}.html"
    return writing.save_article(as_extracted(version, url, published), html="<html></html>", fetched_url=url)[1]


@contextmanager
def _reader(mode):
    """The reader's pages in one of MODES (see there); never from the page cache."""
    with override_settings(CACHE_MIDDLEWARE_SECONDS=0):
        if mode == STORIES:
            yield
            return
        same = lambda queryset: queryset  # noqa: E731
        listed = ArticleQuerySet.one_per_story if mode == SAME else same
        with (
            mock.patch.object(ArticleQuerySet, "one_per_story", listed),
            mock.patch.object(ArticleQuerySet, "first_of_each_story", same),
            mock.patch.object(ArticleQuerySet, "with_outlets", same),
            mock.patch.object(search_views, "ArticleSearchFilter", _listed_only if mode == SAME else _per_article),
            mock.patch.object(views, "attach_outlets", list),
            mock.patch.object(search_views, "attach_outlets", list),
        ):
            yield


def _per_article(*args, **kwargs):
    return ArticleSearchFilter(*args, **{**kwargs, "one_per_story": False})


def _listed_only(*args, queryset, **kwargs):
    """The search among the versions the timeline lists: each story once, found by its first version's words."""
    return ArticleSearchFilter(*args, queryset=queryset.one_per_story(), **{**kwargs, "one_per_story": False})


def _timeline(mode):
    articles = Article.objects.published().one_per_story()  # every article, unless mode is SAME or STORIES
    if mode == STORIES:
        return attach_outlets(articles.for_listing().with_outlets()[:30])
    return list(articles.for_listing()[:30])


def _search(q, mode):
    published = Article.objects.published()
    if mode == STORIES:
        found = find_articles(published, q, keep=earliest_of_each_story).articles.for_listing().with_outlets()
    else:
        found = find_articles(published.one_per_story(), q).articles.for_listing()
    page = list(found[:20])
    found.count()
    return attach_outlets(page) if mode == STORIES else page


def _page(client, path, q=None):
    response = client.get(path, {"q": q} if q else {})
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response


def _fingerprint_seconds(versions):
    """The fingerprint's CPU time of each version's text, in seconds."""
    samples = []
    for version in versions:
        clock = CLOCK()
        fingerprint(version.text, version.language)
        samples.append(CLOCK() - clock)
    return samples


def _fingerprint_costs(versions):
    """The fingerprint's CPU time over texts of every length (one line)."""
    samples = sorted(_fingerprint_seconds(versions))
    words = sorted(len(v.text.split()) for v in versions)
    at = lambda values, q: values[min(int(len(values) * q), len(values) - 1)]  # noqa: E731
    median, p95 = at(samples, 0.5) * 1000, at(samples, 0.95) * 1000
    return (
        f"Fingerprint alone, CPU ms per text: median {median:.2f}, p95 {p95:.2f}, max {samples[-1] * 1000:.2f} "
        f"(texts of {at(words, 0.5)} words median, {at(words, 0.95)} p95, {words[-1]} max)\n"
    )


def _fingerprint_ms(labelled):
    return statistics.median(_fingerprint_seconds(labelled)) * 1000


def _row(label, off, on):
    return f"| {label} | {off:.2f} | {on:.2f} | {on / off:.2f} |"
