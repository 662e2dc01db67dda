"""`manage.py bench_served_search`: bench_search's 20 searches as a reader gets them, served by gunicorn.

bench_search times a search's work on one connection held for its whole run; a reader's request also
pays what serving it costs (the middleware, the template, the database connection as the settings keep
it or not). Here gunicorn serves /recherche/ with production settings (2 workers, as `make run`) on an
existing database, never changed (a copy of a benchmark database: `--database-url`), and one client or
more request the 20 searches in turn, each request timed from the client. The page cache is off
(NEWSROOM_PAGE_CACHE_SECONDS=0): every request is a search, not a page kept from the last one.

Two codes or settings are compared alternated: each `--serve LABEL=CHECKOUT[,KEY=VALUE…]` is a server
started from CHECKOUT (another worktree, e.g. main's) with KEY=VALUE added to its environment; a pass
starts each in turn (the order swapped every pass), warms it, times `--rounds` rounds of the 20
searches and stops it. See docs/BENCHMARKS.md, issue 16.
"""

import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.databases import database_exists
from bench.management.commands.bench_search import SEARCHES, percentile
from bench.processes import Gunicorn, get, manage, status_mb

PATHS = [(label, "/recherche/?" + urlencode(parse_qsl(query))) for label, query in SEARCHES]


def serve_spec(text):
    """LABEL=CHECKOUT[,KEY=VALUE…] → (label, checkout, {key: value})."""
    label, _, rest = text.partition("=")
    checkout, *pairs = rest.split(",")
    if not label or not checkout or not all("=" in pair for pair in pairs):
        raise ValueError(text)
    return label, Path(checkout).resolve(), dict(pair.split("=", 1) for pair in pairs)


def timed_get(base, path):
    started = time.perf_counter()
    status, _ = get(base + path, timeout=60)
    if status != 200:
        raise CommandError(f"{path} answered {status}")
    return time.perf_counter() - started


def timed_rounds(base, rounds, clients):
    """{path: [seconds]} of `rounds` rounds of every search, from `clients` clients each requesting in turn."""
    samples = {path: [] for _, path in PATHS}

    def client(offset):
        for _ in range(rounds):
            for index in range(len(PATHS)):
                path = PATHS[(index + offset) % len(PATHS)][1]
                samples[path].append(timed_get(base, path))

    threads = [threading.Thread(target=client, args=(n * len(PATHS) // clients,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


class Command(BaseCommand):
    help = "The search page served by gunicorn (2 workers) on an existing database, codes or settings alternated."

    def add_arguments(self, parser):
        parser.add_argument("--database-url", required=True, help="an existing database (sqlite:////… or postgres://…)")
        parser.add_argument(
            "--serve",
            action="append",
            type=serve_spec,
            metavar="LABEL=CHECKOUT[,KEY=VALUE…]",
            help="a server to measure, repeated (default: this checkout, labelled `here`)",
        )
        parser.add_argument("--passes", type=int, default=5, help="passes, each server once a pass (5)")
        parser.add_argument("--rounds", type=int, default=3, help="timed rounds of the 20 searches a pass (3)")
        parser.add_argument("--clients", type=int, default=1, help="clients requesting at the same time (1)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2, as `make run`)")

    def handle(self, *args, database_url, serve, passes, rounds, clients, workers, **options):
        if not database_exists(database_url):
            raise CommandError(f"no database at {database_url}: this command never creates one")
        servers = serve or [("here", Path(settings.BASE_DIR), {})]
        for _, checkout, _ in servers:  # the static files' manifest, which production settings read (`make run`)
            manage("collectstatic", "--noinput", "-v0", url=database_url, checkout=checkout)
        runs = {label: [] for label, _, _ in servers}  # label: [{path: [seconds]} a pass]
        with tempfile.TemporaryDirectory(prefix="newsroom-served-search-") as logdir:
            for number in range(passes):
                order = servers if number % 2 == 0 else servers[::-1]
                for label, checkout, env in order:
                    samples = self.one_pass(database_url, logdir, checkout, env, rounds, clients, workers)
                    runs[label].append(samples)
                    every = [s for values in samples.values() for s in values]
                    self.stderr.write(f"pass {number + 1} {label}: {_summary(every)}")
        self.stdout.write(self.passes_table(runs, rounds, clients, workers))
        self.stdout.write(self.searches_table(runs))

    def one_pass(self, url, logdir, checkout, env, rounds, clients, workers):
        env = {"NEWSROOM_PAGE_CACHE_SECONDS": 0, **env}
        with Gunicorn(url, logdir, workers=workers, checkout=checkout, env=env) as server:
            for _ in range(2):  # warm-up: each worker's first pages, templates, the OS's file cache
                for _, path in PATHS:
                    timed_get(server.base, path)
            samples = timed_rounds(server.base, rounds, clients)
            if server.server_errors():
                raise CommandError(f"5xx in gunicorn's access log ({checkout})")
            self.stderr.write(f"  workers' resident memory, anonymous + file-backed: {_memory(server.workers())}")
        return samples

    def passes_table(self, runs, rounds, clients, workers):
        labels = list(runs)
        first = labels[0]
        lines = [
            f"\ngunicorn {workers} sync workers, page cache off, {clients} client(s), {rounds} rounds of "
            f"{len(PATHS)} searches a pass; median / p95 of a request (ms), client-side\n",
            "| pass | " + " | ".join(labels) + "".join(f" | {label} / {first}" for label in labels[1:]) + " |",
            "|---|" + "---:|" * (2 * len(labels) - 1),
        ]
        ratios = {label: [] for label in labels[1:]}
        for number in range(len(runs[first])):
            every = {label: [s for v in runs[label][number].values() for s in v] for label in labels}
            cells = [_summary(every[label]) for label in labels]
            for label in labels[1:]:
                ratio = _ratio(every[label], every[first])
                ratios[label].append(ratio)
                cells.append(f"{ratio[0]:.2f} / {ratio[1]:.2f}")
            lines.append(f"| {number + 1} | " + " | ".join(cells) + " |")
        pooled = [_summary([s for run in runs[label] for v in run.values() for s in v]) for label in labels]
        medians = [
            f"**{statistics.median(r[0] for r in ratios[label]):.2f} / "
            f"{statistics.median(r[1] for r in ratios[label]):.2f}**"
            for label in labels[1:]
        ]
        lines.append("| all passes (pooled; ratios: median of the passes') | " + " | ".join(pooled + medians) + " |")
        return "\n".join(lines) + "\n"

    def searches_table(self, runs):
        labels = list(runs)
        lines = [
            "\nEach search: median of its requests over every pass (ms)\n",
            "| # | search | `/recherche/?…` | " + " | ".join(labels) + " |",
            "|---|---|---|" + "---:|" * len(labels),
        ]
        for number, (label, path) in enumerate(PATHS, start=1):
            cells = [_ms(statistics.median(s for run in runs[name] for s in run[path])) for name in labels]
            lines.append(f"| {number} | {label} | `{path.split('?', 1)[1]}` | " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"


def _memory(pids):
    """Each process's RssAnon + RssFile (MB), read from /proc (Linux): a kept SQLite connection keeps the
    pages its memory map touched."""
    return ", ".join(f"{status_mb(pid, 'RssAnon'):.0f} + {status_mb(pid, 'RssFile'):.0f}" for pid in pids)


def _ratio(samples, baseline):
    return (
        statistics.median(samples) / statistics.median(baseline),
        percentile(samples, 0.95) / percentile(baseline, 0.95),
    )


def _summary(samples):
    return f"{_ms(statistics.median(samples))} / {_ms(percentile(samples, 0.95))}"


def _ms(seconds):
    return f"{seconds * 1000:.1f}"
