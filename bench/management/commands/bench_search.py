"""`manage.py bench_search`: latency of the search page on 20 searches, beside a naive icontains search.

Each search does what SearchView does for a request, without the template: the FilterSet, its
`.qs`, the count and first page of 20, `highlight` on that page, the section and agency facets.
The baseline runs the same FilterSet with `q` turned into title/lead/body_text__icontains
(newest first, no highlighting) and the same count, page and facets. See docs/BENCHMARKS.md.
"""

import platform
import statistics
import time
from contextlib import nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.http import QueryDict

from articles.filters import ArticleSearchFilter, agency_facets, section_facets
from articles.models import Article
from articles.search import highlight
from articles.search_views import SearchView, listed
from bench.baseline import icontains_search
from bench.probe import Probe

# (what it stands for, the search page's query string)
SEARCHES = [
    ("mot courant", "q=sécurité"),
    ("mot très courant", "q=gouvernement"),
    ("mot très courant", "q=pays"),
    ("pluriel (radical)", "q=élections"),
    ("nom de lieu", "q=Pékin"),
    ("mot moyen", "q=diplomatie"),
    ("mot rare", "q=cornemuse"),
    ("mot très rare", "q=palimpseste"),
    ("expression", 'q="Conseil de sécurité"'),
    ("expression", 'q="crise économique"'),
    ("trois mots", "q=crise économique Beyrouth"),
    ("trois mots", "q=armée frontière sud"),
    ("mot + rubrique", "q=réforme&section=economie"),
    ("mot + deux rubriques", "q=élection&section=liban&section=diplomatie"),
    ("mot courant, tri par date", "q=Beyrouth&tri=date"),
    ("mot + 30 derniers jours", "q=port&periode=30j"),
    ("mot + agence photo", "q=festival&agence=AFP"),
    ("OU", "q=tempête OR inondation"),
    ("exclusion", "q=Liban -Hezbollah"),
    ("préfixe", "q=reconstr*"),
]
STEPS = ("count", "page", "highlight", "sections", "agencies")


class IcontainsSearchFilter(ArticleSearchFilter):
    """The baseline: the search page's FilterSet with `q` as naive substring filters, newest first."""

    def filter_text(self, queryset, name, value):
        return icontains_search(queryset, value)


def search_page(query_string, filterset_class=ArticleSearchFilter, highlighted=True):
    """One search page's database work, as SearchView does it: ({step: seconds}, result count)."""
    steps, clock = {}, time.perf_counter()

    def done(step):
        nonlocal clock
        now = time.perf_counter()
        steps[step], clock = now - clock, now

    filterset = filterset_class(QueryDict(query_string), queryset=Article.objects.published())
    paginator = SearchView.paginator_class(listed(filterset.qs), SearchView.paginate_by, count=filterset.count)
    count = paginator.count
    done("count")
    articles = list(paginator.page(1).object_list)
    done("page")
    if highlighted:
        highlight(articles, filterset.text)
    done("highlight")
    section_facets(filterset)
    done("sections")
    agency_facets(filterset)
    done("agencies")
    return steps, count


def percentile(samples, fraction):
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class Command(BaseCommand):
    help = "Median and p95 latency of 20 searches through the search page's code, beside naive icontains."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=10, help="timed runs of each search (10)")
        parser.add_argument("--baseline-repeat", type=int, default=3, help="timed runs of each icontains search (3)")
        parser.add_argument("--no-baseline", action="store_true", help="skip the icontains baseline")
        parser.add_argument("--steps", action="store_true", help="also print the median of each step")
        parser.add_argument(
            "--probe", action="store_true", help="also print the machine's speed during the full-text runs"
        )

    def handle(self, *args, repeat, baseline_repeat, no_baseline, steps, probe, **options):
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: every query is logged, timings are a little higher.")
        self.stdout.write(self.machine())
        with Probe() if probe else nullcontext() as machine:
            fts = self.measure(ArticleSearchFilter, True, repeat)
        baseline = None if no_baseline else self.measure(IcontainsSearchFilter, False, baseline_repeat)
        self.stdout.write(self.table(fts, baseline))
        if steps:
            self.stdout.write(self.steps_table(fts))
        if probe:
            self.stdout.write(machine.summary())

    def machine(self):
        if connection.vendor == "sqlite":
            import sqlite3

            database = f"SQLite {sqlite3.sqlite_version}"
        else:
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                database = f"PostgreSQL {cursor.fetchone()[0]}"
        return (
            f"{database}, {Article.objects.count():,} articles; Python {platform.python_version()}, "
            f"{platform.machine()}, {_cpus()} CPU\n"
        )

    def measure(self, filterset_class, highlighted, repeat):
        """{query string: (count, [total seconds], [{step: seconds}])}; one warm-up run each first."""
        results = {}
        for _, query_string in SEARCHES:
            _, count = search_page(query_string, filterset_class, highlighted)
            results[query_string] = (count, [], [])
        for _ in range(repeat):  # round-robin, so that noise spreads over every search
            for _, query_string in SEARCHES:
                steps, _ = search_page(query_string, filterset_class, highlighted)
                results[query_string][1].append(sum(steps.values()))
                results[query_string][2].append(steps)
        label = "full-text" if highlighted else "icontains"
        self.stderr.write(f"{label}: {repeat} runs of {len(SEARCHES)} searches done")
        return results

    def table(self, fts, baseline):
        head = "| # | Recherche | Paramètres | Résultats | Médiane (ms) | p95 (ms) |"
        rule = "|---|---|---|---:|---:|---:|"
        if baseline:
            head += " icontains : résultats | médiane (ms) | p95 (ms) | Rapport des médianes |"
            rule += "---:|---:|---:|---:|"
        lines = [head, rule]
        for number, (label, query_string) in enumerate(SEARCHES, start=1):
            count, samples, _ = fts[query_string]
            row = f"| {number} | {label} | `{query_string}` | {count:,} | {_ms(statistics.median(samples))} "
            row += f"| {_ms(percentile(samples, 0.95))} |"
            if baseline:
                base_count, base_samples, _ = baseline[query_string]
                ratio = statistics.median(base_samples) / statistics.median(samples)
                row += f" {base_count:,} | {_ms(statistics.median(base_samples))} "
                row += f"| {_ms(percentile(base_samples, 0.95))} | {ratio:,.0f}× |"
            lines.append(row)
        every = [sample for _, samples, _ in fts.values() for sample in samples]
        row = f"| | **toutes** | | | **{_ms(statistics.median(every))}** | **{_ms(percentile(every, 0.95))}** |"
        if baseline:
            base = [sample for _, samples, _ in baseline.values() for sample in samples]
            ratio = statistics.median(base) / statistics.median(every)
            row += f" | **{_ms(statistics.median(base))}** | **{_ms(percentile(base, 0.95))}** | **{ratio:,.0f}×** |"
        lines.append(row)
        return "\n".join(lines) + "\n"

    def steps_table(self, fts):
        lines = [
            "\nMedian of each step (ms), full-text search:\n",
            "| # | " + " | ".join(STEPS) + " |",
            "|---|" + "---:|" * len(STEPS),
        ]
        for number, (_, query_string) in enumerate(SEARCHES, start=1):
            runs = fts[query_string][2]
            cells = " | ".join(_ms(statistics.median(run[step] for run in runs)) for step in STEPS)
            lines.append(f"| {number} | {cells} |")
        return "\n".join(lines) + "\n"


def _ms(seconds):
    return f"{seconds * 1000:,.1f}"


def _cpus():
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
