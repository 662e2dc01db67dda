"""Measuring story grouping: pair precision and recall over a threshold, on texts grouped in memory.

Grouping is replayed as ingestion does it (articles.stories.grouping): each text in turn looks up
the texts before it that share the most band keys, and joins the group of the most alike at the
threshold or more. A pair is counted as grouped when both texts end in one group (so a wrong
chain counts against precision, as it would in the database).
"""

import gzip
import json
import random
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from articles.stories.fingerprint import fingerprint
from articles.stories.grouping import CANDIDATES, choose
from bench.republish import Version, republish


def group_in_memory(texts, threshold):
    """[(text, language)] → the group number of each, grouped in order as ingestion would."""
    index, prints, group = defaultdict(list), [], []
    for n, (text, language) in enumerate(texts):
        found = fingerprint(text, language)
        shared = Counter(other for key in found.keys for other in index[key])
        ids = [other for other, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]]
        best = choose(found, [(i, prints[i].signature, prints[i].size) for i in ids], threshold)
        group.append(group[best] if best is not None else n)
        prints.append(found)
        for key in found.keys:
            index[key].append(n)
    return group


def pair_scores(labels, groups):
    """(precision, recall, true pairs, grouped pairs) of the grouping `groups` against `labels`."""
    true = grouped = hits = 0
    for a, b in combinations(range(len(labels)), 2):
        same, together = labels[a] == labels[b], groups[a] == groups[b]
        true += same
        grouped += together
        hits += same and together
    return (hits / grouped if grouped else 1.0), (hits / true if true else 1.0), true, grouped


def curve(versions, thresholds):
    """[(threshold, precision, recall, grouped pairs)] for `versions` grouped in their order."""
    texts = [(v.text, v.language) for v in versions]
    labels = [v.story for v in versions]
    rows = []
    for threshold in thresholds:
        precision, recall, _, grouped = pair_scores(labels, group_in_memory(texts, threshold))
        rows.append((threshold, precision, recall, grouped))
    return rows


def corpus_versions(directory, *, count=2, seed=1):
    """Each page's text of the corpus (its ground truth, read now, never stored) and `count` republications."""
    rng = random.Random(seed)  # noqa: S311 (reproducible edits, not secrets)
    versions = []
    for truth_path in sorted(Path(directory).glob("*/truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        paragraphs = [p for p in (truth.get("body") or "").split("\n") if p.strip()]
        if not paragraphs:
            continue
        lead, language, story = truth.get("lead") or "", truth.get("language") or "", truth["id"]
        versions.append(Version(story, truth.get("site", ""), truth.get("title", ""), lead, paragraphs, language))
        leads = [lead, paragraphs[0]]
        for n in range(count):
            versions.append(republish(story, truth.get("title", ""), leads, paragraphs, rng, n, language))
    return versions


def read_page(path):
    return gzip.decompress(Path(path).read_bytes()).decode("utf-8", "replace")
