"""`manage.py bench_relevance`: known-item search quality (bench/relevance.py), printed as tables.

Two sets of targets: (a) every article that is not synthetic (the dev pages, ingested first
with --ingest-dev), (b) --synthetic N synthetic articles picked at random. Each is searched
with four kinds of queries, through full-text search with the window (NEWSROOM_SEARCH_WINDOW) and
the best titles beyond it (NEWSROOM_SEARCH_TITLES), with the window alone, without it, and through
the icontains baseline. See docs/BENCHMARKS.md.
"""

import json
import random
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.models import Article
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page
from bench import relevance
from bench.synthetic import BASE_URL

NO_WINDOW = 10**9


class Command(BaseCommand):
    help = "MRR@10 and success@1/@10 of known-item queries, per kind, set and language, beside icontains."

    def add_arguments(self, parser):
        parser.add_argument("--ingest-dev", metavar="DIR", help="first ingest the pages of DIR/MANIFEST.json")
        parser.add_argument("--synthetic", type=int, default=200, help="synthetic targets, set (b) (200)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument(
            "--sample", type=int, metavar="N", help="words' rarity counted in N random articles (default: all of them)"
        )
        parser.add_argument("--no-baseline", action="store_true", help="skip icontains")
        parser.add_argument("--window", type=int, default=1000, help="the window searched with (1,000)")
        parser.add_argument("--titles", type=int, default=20, help="best titles added beyond the window (20)")

    def handle(self, *args, ingest_dev, synthetic, seed, sample, no_baseline, window, titles, **options):
        if ingest_dev:
            self.ingest_dev(Path(ingest_dev))
        synthetic_ids = list(
            Article.objects.filter(canonical_url__startswith=BASE_URL).order_by("pk").values_list("pk", flat=True)
        )
        dev = list(Article.objects.published().exclude(canonical_url__startswith=BASE_URL).order_by("pk"))
        picked = random.Random(seed).sample(synthetic_ids, min(synthetic, len(synthetic_ids)))  # noqa: S311 (a benchmark sample)
        targets = [("(a) dev", article) for article in dev]
        targets += [("(b) synthétiques", article) for article in Article.objects.filter(pk__in=picked).order_by("pk")]
        if not targets:
            raise CommandError("No article to search for: generate_articles, then --ingest-dev.")
        configurations = [
            (f"fenêtre {window:,} + {titles} titres", "fts", window, titles),
            (f"fenêtre {window:,} seule", "fts", window, 0),
            ("sans fenêtre", "fts", NO_WINDOW, 0),
        ]
        if not no_baseline:
            configurations.append(("icontains", "icontains", window, 0))
        self.stdout.write(
            f"{connection.vendor}, {Article.objects.count():,} articles; targets: {len(dev)} dev, "
            f"{len(picked)} synthetic; seed {seed}\n"
        )
        started = time.perf_counter()
        frequencies = relevance.document_frequencies(seed, sample)
        scores = relevance.run(targets, frequencies, configurations)
        self.stderr.write(f"{len(scores)} cells in {time.perf_counter() - started:.0f} s")
        names = [name for name, *_ in configurations]
        self.stdout.write(self.kinds_table(scores, names))
        self.stdout.write(self.languages_table(scores, names[0]))
        self.stdout.write(self.time_table(scores, names))

    def ingest_dev(self, directory):
        manifest = json.loads((directory / "MANIFEST.json").read_text(encoding="utf-8"))
        pages = [
            Page(label=case["id"], url=case["url"], path=directory / case["id"] / "page.html.gz") for case in manifest
        ]
        report = ingest(pages, workers=1)
        self.stderr.write(f"dev pages: {report.summary()}")

    def kinds_table(self, scores, names):
        head = "| Ensemble | Requête | n |" + "".join(f" {name} MRR@10 | S@1 | S@10 |" for name in names)
        lines = ["", head, "|---|---|---:|" + "---:|---:|---:|" * len(names)]
        for set_name in sorted({key[1] for key in scores}):
            for kind in relevance.KINDS:
                first = scores.get((names[0], set_name, kind, "*"))
                if not first:
                    continue
                row = f"| {set_name} | {kind} | {len(first.ranks)} |"
                for name in names:
                    score = scores[(name, set_name, kind, "*")]
                    row += f" {score.mrr:.2f} | {score.success(1):.2f} | {score.success(10):.2f} |"
                lines.append(row)
        return "\n".join(lines) + "\n"

    def languages_table(self, scores, name):
        head = "| Langue | n |" + "".join(f" {kind} MRR@10 | S@1 |" for kind in relevance.KINDS)
        lines = ["", f"Set (a), per language, {name}:", "", head, "|---|---:|" + "---:|---:|" * len(relevance.KINDS)]
        languages = sorted({key[3] for key in scores if key[1] == "(a) dev" and key[3] != "*"})
        for language in languages:
            cells = [scores.get((name, "(a) dev", kind, language)) for kind in relevance.KINDS]
            count = max(len(cell.ranks) for cell in cells if cell)
            row = f"| {language} | {count} |"
            for cell in cells:
                row += f" {cell.mrr:.2f} | {cell.success(1):.2f} |" if cell else " – | – |"
            lines.append(row)
        return "\n".join(lines) + "\n"

    def time_table(self, scores, names):
        """Per set and configuration: the median and p95 time, and their ratio to the window alone's."""
        head = "| Ensemble | Recherche | requêtes | médiane (ms) | p95 (ms) | médiane / fenêtre seule | p95 / fenêtre seule |"  # noqa: E501
        lines = ["", head, "|---|---|---:|---:|---:|---:|---:|"]
        for set_name in sorted({key[1] for key in scores}):
            summaries = {name: self.times(scores, name, set_name) for name in names}
            base = summaries[names[1] if len(names) > 1 else names[0]]
            for name, summary in summaries.items():
                ratios = "– | –"
                if base.seconds:
                    ratios = f"{summary.median_ms / base.median_ms:.2f} | {summary.p95_ms / base.p95_ms:.2f}"
                times = f"{summary.median_ms:.1f} | {summary.p95_ms:.1f}"
                lines.append(f"| {set_name} | {name} | {len(summary.seconds)} | {times} | {ratios} |")
        return "\n".join(lines) + "\n"

    def times(self, scores, name, set_name):
        seconds = [
            s for key, score in scores.items() if key[:2] == (name, set_name) and key[3] == "*" for s in score.seconds
        ]
        return relevance.Score(seconds=seconds)
