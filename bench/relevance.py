"""Known-item search: a person remembers an article and types its title or some of its words.

For each target article, four queries (KINDS): its full title; the three rarest words of its
title; the title lower-cased without Latin accents (as typed on a keyboard without them); the
three rarest words of its lead. Rarity is the words' document frequency in the whole archive
(`--sample N`: in N articles drawn at random, as the benchmark did before). A query scores
1/rank when the target is among the first 10 results (MRR@10), and counts for success@1 and
success@10.
"""

import random
import statistics
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.test.utils import override_settings

from articles.models import Article
from articles.search import parse, search_articles, text
from bench.baseline import icontains_search

KINDS = ("titre complet", "3 mots rares du titre", "titre sans accents", "3 mots rares du chapô")
TOP = 10


def document_frequencies(seed=0, size=None):
    """Each folded word's document frequency (title, lead and body) in every article or, with `size`,
    in `size` articles drawn at random by `seed` from the ids in id order (the same articles for every
    build of the same data, whatever their dates: docs/BENCHMARKS.md, issue 16, rel16).

    Every article by default: a sample of 5,000 had never seen most of a dev page's words, so they
    all counted 0, shared or not, and the first three of the lead were taken for its rarest (one
    site's credit line in every review, the words three leads open with)."""
    articles = Article.objects.order_by("pk")
    if size is not None:
        ids = list(articles.values_list("pk", flat=True))
        chosen = random.Random(seed).sample(ids, min(size, len(ids)))  # noqa: S311 (a benchmark sample)
        articles = articles.filter(pk__in=chosen)
    counts = Counter()
    for title, lead, body in articles.values_list("title", "lead", "body_text").iterator(chunk_size=2_000):
        counts.update({text.fold(word) for word in text.tokens(f"{title} {lead} {body}")})
    return counts


def rarest(value, frequencies, count=3):
    """The `count` rarest words of `value` (not stopwords, not one letter), in their order."""
    words = [word for word in dict.fromkeys(text.tokens(value)) if not text.is_stopword(word) and len(word) > 1]
    chosen = set(sorted(words, key=lambda word: (frequencies.get(text.fold(word), 0), words.index(word)))[:count])
    return " ".join(word for word in words if word in chosen)


def unaccented(value):
    """Lower case, Latin accents dropped: what a keyboard without accents types."""
    kept = []
    for ch in unicodedata.normalize("NFD", value.lower()):
        if unicodedata.combining(ch) and kept and "LATIN" in unicodedata.name(kept[-1], ""):
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def queries(article, frequencies):
    """{kind: query} for a target article (a kind is left out when it has no words)."""
    found = {
        KINDS[0]: article.title,
        KINDS[1]: rarest(article.title, frequencies),
        KINDS[2]: unaccented(article.title),
        KINDS[3]: rarest(article.lead, frequencies),
    }
    return {kind: q for kind, q in found.items() if parse(q).groups}


@dataclass
class Score:
    ranks: list = field(default_factory=list)  # 1-based rank in the top 10, or None
    seconds: list = field(default_factory=list)

    def add(self, rank, seconds):
        self.ranks.append(rank)
        self.seconds.append(seconds)

    @property
    def mrr(self):
        return sum(1 / rank for rank in self.ranks if rank) / len(self.ranks) if self.ranks else 0.0

    def success(self, at):
        return sum(1 for rank in self.ranks if rank and rank <= at) / len(self.ranks) if self.ranks else 0.0

    @property
    def median_ms(self):
        return statistics.median(self.seconds) * 1000 if self.seconds else 0.0

    @property
    def p95_ms(self):
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000 if ordered else 0.0


def rank_of(article_id, q, engine, window, titles=0):
    """(1-based rank of the article in the first 10 results or None, seconds), searched with a
    window of `window` newest matches and, beyond it, the `titles` best titles."""
    started = time.perf_counter()
    with override_settings(NEWSROOM_SEARCH_WINDOW=window, NEWSROOM_SEARCH_TITLES=titles):
        if engine == "icontains":
            results = icontains_search(Article.objects.published(), q)
        else:
            results = search_articles(Article.objects.published(), q)
        ids = list(results.values_list("pk", flat=True)[:TOP])
    seconds = time.perf_counter() - started
    return (ids.index(article_id) + 1 if article_id in ids else None), seconds


def run(targets, frequencies, configurations):
    """{(configuration, set, kind, language): Score} over targets [(set name, article)] and
    configurations [(name, "fts" or "icontains", window, best titles)]."""
    scores = {}
    for set_name, article in targets:
        for kind, q in queries(article, frequencies).items():
            for name, engine, window, titles in configurations:
                rank, seconds = rank_of(article.pk, q, engine, window, titles)
                for language in (text.language_code(article.language) or article.language or "?", "*"):
                    scores.setdefault((name, set_name, kind, language), Score()).add(rank, seconds)
    return scores
