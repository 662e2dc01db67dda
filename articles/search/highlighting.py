"""Matched words marked in an article's own text, the same way for both databases.

The indexes hold analysed terms, not the text: a word of the text is marked when its analysis
(`text.py`, in the article's language) meets the query's (`terms.py`): the word as typed, one of
its stems, or a prefix; in a CJK run, the character pairs the query holds. The snippet is the
run of SNIPPET_WORDS words showing the most distinct matched words; the title is marked whole.
"""

from bisect import bisect_left
from itertools import compress, filterfalse, islice, repeat
from operator import itemgetter

import regex
from django.apps import apps
from django.db import connections

from articles.search import terms, text
from articles.search.expressions import among_ids
from articles.search.marks import START, STOP
from articles.search.query import Phrase

SNIPPET_WORDS = 30
LEAD_IN = 4  # words shown before the first match of a snippet
MAX_CHARS = 50_000  # of a body read for its snippet: a match further on is not shown
ELLIPSIS = "…"
_CJK = object()  # a CJK run: its character pairs are matched one by one
# (folded, stem) of the words highlighting has looked at, by language code: a dict's lookup costs 0.6 of
# text.fold() and text.stem() through their lru_cache (a page looks at some 1,700 words); all forgotten
# beyond ANALYSED_WORDS words.
ANALYSED_WORDS = 50_000
_ANALYSED = {}
_FOLDED, _STEM = itemgetter(0), itemgetter(1)
# The photos' captions of a page's articles ({among}: their ids), each article's in the photos' order.
_CAPTIONS = "SELECT article_id, caption FROM articles_photo WHERE {among} AND caption <> '' ORDER BY position, id"


class Matcher:
    """The terms, stems and prefixes a query looks for, and where a text holds them."""

    def __init__(self, query):
        self.terms, self.stems, self.prefixes = set(), set(), []
        self._seen = {}  # language code → {word: its span's folded word, or None}: a page repeats words
        self._read = {}  # language code → (every word without CJK looked at, {matched word: folded})
        for item in query.positive_items:
            words = item.words if isinstance(item, Phrase) else (item.word,)
            if isinstance(item, Phrase):  # a phrase's stopwords are not worth a mark on their own
                words = [word for word in words if not text.is_stopword(word)] or words
            for word in words:
                expanded = terms.expand(Phrase((word,)) if isinstance(item, Phrase) else item)
                if isinstance(expanded, terms.Prefix):
                    self.prefixes.append(expanded.term)
                else:
                    self.terms.update(expanded.words)
                    self.stems.update(step for sequence in expanded.stems for step in sequence)
        self._prefixes = tuple(self.prefixes)

    def _hit(self, term):
        return term in self.terms or term.startswith(self._prefixes)

    def spans(self, value, language, words=None):
        """[(start, end, folded word)] of the matched words of `value` (its `text.words`), in order."""
        code = text.language_code(language)
        found = []
        for start, end, word in text.words(value) if words is None else words:
            match = self.matched(word, code)
            if match is _CJK:
                found.extend(self._cjk_spans(start, word))
            elif match is not None:
                found.append((start, end, match))
        return found

    def matched(self, word, code):
        """The word folded if it matches in language `code`, else None; _CJK for a CJK run."""
        seen = self._seen.setdefault(code, {})
        if word not in seen:
            seen[word] = _CJK if text.is_cjk(word) else self._match(word, code)
        return seen[word]

    def hits(self, words, code):
        """{word: folded} of the matched words the page has shown in language `code`, those of `words` (a text's
        words, without CJK) among them: each word looked at once a page, the loops in C (map, compress)."""
        read, hits = self._read.setdefault(code, (set(), {}))
        new = tuple(set(filterfalse(read.__contains__, words)))
        if new:  # _match() on each: a page has some 1,700 words
            analysed = _analysed(new, code)
            found = set(compress(new, map(self.terms.__contains__, map(_FOLDED, analysed))))
            if self._prefixes:
                found.update(compress(new, map(str.startswith, map(_FOLDED, analysed), repeat(self._prefixes))))
            if code and self.stems:
                found.update(compress(new, map(self.stems.__contains__, map(_STEM, analysed))))
            hits.update((word, folded) for word, (folded, _) in zip(new, analysed, strict=True) if word in found)
            read.update(new)
        return hits

    def _match(self, word, code):
        folded = text.fold(word)
        return folded if self._hit(folded) or (code and text.stem(word, code) in self.stems) else None

    def _cjk_spans(self, start, word):
        chars = [(m.start(), m.end()) for m in regex.finditer(r"\X", word)]
        grams = text.grams(word)
        found = []
        for i, gram in enumerate(grams):
            if self._hit(gram):
                first, last = chars[i][0], chars[min(i + 1, len(chars) - 1)][1]
                if found and found[-1][1] > start + first:  # overlapping pairs: one mark
                    found[-1] = (found[-1][0], start + last, found[-1][2] + gram[1:])
                else:
                    found.append((start + first, start + last, gram))
        return found


def _analysed(words, code):
    """[(folded, stem in language `code` or None)] of each of `words`."""
    known = _ANALYSED.setdefault(code, {})
    found = list(map(known.get, words))
    if None in found:
        if sum(map(len, _ANALYSED.values())) > ANALYSED_WORDS:
            for every in list(_ANALYSED.values()):  # a copy: another thread may add a language
                every.clear()
        for number, word in enumerate(words):
            if found[number] is None:
                found[number] = known[word] = (text.fold(word), text.stem(word, code))
    return found


def marked(value, spans):
    """`value` with START/STOP around each span."""
    parts, last = [], 0
    for start, end, _ in spans:
        parts += [value[last:start], START, value[start:end], STOP]
        last = end
    parts.append(value[last:])
    return "".join(parts)


def snippet(value, spans, words=None):
    """The SNIPPET_WORDS words of `value` (its `text.words`) around the most distinct matches, marked;
    '' without a match."""
    if not spans:
        return ""
    words = text.words(value) if words is None else words
    starts = [start for start, _, _ in words]
    best, best_count = 0, -1
    for first in range(len(spans)):
        # the window of words beginning LEAD_IN words before this match
        index = max(0, _word_at(starts, spans[first][0]) - LEAD_IN)
        stop = starts[index + SNIPPET_WORDS] if index + SNIPPET_WORDS < len(starts) else len(value) + 1
        count = len({word for start, _, word in spans[first:] if start < stop})
        if count > best_count:
            best, best_count = index, count
    last = min(best + SNIPPET_WORDS, len(words)) - 1
    begin, end = words[best][0], words[last][1]
    inside = [span for span in spans if begin <= span[0] and span[1] <= end]
    shifted = [(start - begin, stop - begin, word) for start, stop, word in inside]
    return (ELLIPSIS if best else "") + marked(value[begin:end], shifted) + (ELLIPSIS if last < len(words) - 1 else "")


def _word_at(starts, position):
    low, high = 0, len(starts) - 1
    while low < high:  # the last word starting at or before `position`
        middle = (low + high + 1) // 2
        if starts[middle] <= position:
            low = middle
        else:
            high = middle - 1
    return low


def headlines(article_ids, query, using, rows=None):
    """{article id: {field: text with START/STOP around matched words}} for the given articles.

    `rows`: their (id, title, lead, body_text, language) when the caller has read them (a results
    page's articles hold them); else they are read here."""
    Article = apps.get_model("articles", "Article")
    matcher = Matcher(query)
    if rows is None:
        rows = (
            Article.objects.using(using)
            .filter(pk__in=article_ids)
            .values_list("pk", "title", "lead", "body_text", "language")
        )
    captions = _captions(article_ids, using)
    found = {}
    for pk, title, lead, body, language in rows:
        found[pk] = {
            "title": _marked_title(matcher, text.clean(title), language),
            "lead": _field_snippet(matcher, text.clean(lead), language),
            "captions": _field_snippet(matcher, text.clean(f" {ELLIPSIS} ".join(captions.get(pk, []))), language),
            "body": _field_snippet(matcher, text.clean(body, MAX_CHARS), language),
        }
    return found


def _captions(article_ids, using):
    """{article id: [its photos' captions, in their order]} of the articles' photos that have one.

    Its SQL written once, not built by the ORM for each page: Django took ten times longer to make the
    statement than SQLite to run it (0.5 against 0.04 ms, docs/BENCHMARKS.md, issue 16)."""
    among, params = among_ids("article_id", article_ids, using)
    captions = {}
    with connections[using].cursor() as cursor:
        cursor.execute(_CAPTIONS.format(among=among), params)
        for article_id, caption in cursor.fetchall():
            captions.setdefault(article_id, []).append(caption)
    return captions


def _quick_words(value):
    """(pattern, words) of `value` when the quick path holds — no CJK run, no over-long word: then its
    words are the pattern's every match, their offsets read again only where needed — else None."""
    pattern = text.word_pattern(value)
    tokens = pattern.findall(value)
    if (pattern is text.WORD and text.has_cjk(value)) or max(map(len, tokens), default=0) > text.MAX_TOKEN_CHARS:
        return None
    return pattern, tokens


def _marked_title(matcher, value, language):
    """The title with its matched words marked ('' without a match), as marked(value, matcher.spans(…))."""
    quick = _quick_words(value)
    if quick is None:
        spans = matcher.spans(value, language)
        return marked(value, spans) if spans else ""
    pattern, tokens = quick
    hits = matcher.hits(tokens, text.language_code(language))
    if not any(map(hits.__contains__, tokens)):
        return ""
    return marked(value, [(*match.span(), hits[match[0]]) for match in pattern.finditer(value) if match[0] in hits])


def _field_snippet(matcher, value, language):
    """snippet() of a field's matches, computed on word numbers rather than on every word's offsets
    when the text has no CJK run and no over-long word (the same result; a page's 20 bodies were
    most of a search's highlighting time, docs/BENCHMARKS.md, issue 16)."""
    quick = _quick_words(value)
    if quick is None:
        words = text.words(value)
        return snippet(value, matcher.spans(value, language, words), words)
    pattern, tokens = quick
    hits = matcher.hits(tokens, text.language_code(language))
    numbers = list(compress(range(len(tokens)), map(hits.__contains__, tokens)))
    if not numbers:
        return ""
    best, best_count = 0, -1
    for first in range(len(numbers)):
        index = max(0, numbers[first] - LEAD_IN)
        stop = index + SNIPPET_WORDS if index + SNIPPET_WORDS < len(tokens) else len(tokens)
        count = len({hits[tokens[number]] for number in numbers[first : bisect_left(numbers, stop, first)]})
        if count > best_count:
            best, best_count = index, count
    last = min(best + SNIPPET_WORDS, len(tokens)) - 1
    shown = [match.span() for match in islice(pattern.finditer(value), best, last + 1)]
    begin, end = shown[0][0], shown[-1][1]
    inside = [
        (start - begin, stop - begin, hits[tokens[best + offset]])
        for offset, (start, stop) in enumerate(shown)
        if tokens[best + offset] in hits
    ]
    return (ELLIPSIS if best else "") + marked(value[begin:end], inside) + (ELLIPSIS if last < len(tokens) - 1 else "")
