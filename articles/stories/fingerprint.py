"""A story's text fingerprint: normalised word shingles, a one-permutation MinHash and its LSH band keys.

No database here. `fingerprint(text, language)` returns a Fingerprint of the text's first
MAX_WORDS words: its signature (BINS 32-bit values, one per bin), the number of distinct shingles,
and the keys of its BANDS bands; two texts sharing a band key are candidates, and `similarity()`
says how much of the shorter text the longer one contains. One hash per shingle (blake2b),
binned by its top bits, keeps the cost linear and small in pure Python (docs/BENCHMARKS.md);
empty bins are filled from the next full one (densification), so short texts still get every band.
"""

import hashlib
import re
import struct
import unicodedata
from typing import NamedTuple

from articles.extraction.agencies import AGENCIES

SHINGLE = 4  # words per shingle: long enough that stock phrases of the news rarely repeat across stories
BINS = 128  # signature values; the similarity estimate reads them all
ROWS = 2  # values per band
BANDS = 32  # bands over the first BANDS * ROWS bins: texts alike at 0.3 meet in one at 95 %
MIN_SHINGLES = 12  # below this, a text is too short to say it is the same story
# Only a text's beginning is fingerprinted: the cost grows with the length (a 6,000-word text took
# 7.9 ms), while outlets cut a dispatch's tail, not its head, and containment still finds a short
# version in a long one's beginning (docs/BENCHMARKS.md, Stories). Characters first: in Chinese or
# Japanese each is a word.
MAX_WORDS = 1500
MAX_CHARS = 12000
_BIN_SHIFT = 64 - 7  # top 7 bits of a 64-bit hash choose one of the 128 bins
_VALUE_MASK = 0xFFFFFFFF
_EMPTY = _VALUE_MASK + 1
_PACK = struct.Struct(f"<{BINS}I")

# The wire agencies' names vanish wherever they stand ("(AFP)", "avec AFP", "© Reuters", "Paris, 5 déc. (AFP) -"):
# outlets move, drop or add them. Names that are also common words (Sipa, Getty...) are not wire bylines.
_AGENCY_WORDS = {a.name.casefold() for a in AGENCIES if a.byline and " " not in a.name}
_CREDITING = {"avec", "with", "mit", "con", "source", "sources", "selon"}
# Replaced one by one: str.translate with a table looks up every character (100 times slower here).
_TYPOGRAPHY = {"’": "'", "‘": "'", "ʼ": "'", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}
# A word: a run of letters or digits; in scripts written without spaces (Chinese, Japanese, Korean) a character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_WORD = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_AGENCY_NAMES = re.compile(r"agence france[- ]presse|associated press|ria novosti", re.I)


class Fingerprint(NamedTuple):
    signature: tuple  # BINS values
    size: int  # distinct shingles
    keys: list  # BANDS signed 64-bit band keys (empty when the text is too short)

    def packed(self):
        return _PACK.pack(*self.signature)


def words(text):
    """The text's words as compared: case, accents and typography folded, agency lines gone."""
    text = _AGENCY_NAMES.sub(" ", text or "")
    for typed, folded in _TYPOGRAPHY.items():
        if typed in text:
            text = text.replace(typed, folded)
    text = text.casefold()
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    kept = []
    for token in _WORD.findall(text):
        if token not in _AGENCY_WORDS:
            kept.append(token)
        elif kept and kept[-1] in _CREDITING:  # "avec AFP", "with Reuters": the word goes with the agency
            kept.pop()
    return kept


def shingles(tokens):
    """Every run of SHINGLE words, joined by spaces (none in a text of fewer words)."""
    return set(map(" ".join, zip(*(tokens[i:] for i in range(SHINGLE)), strict=False)))  # the shortest ends it


def fingerprint(text, language):
    """The Fingerprint of `text`; band keys also hash the language, so only one language meets."""
    found = shingles(words((text or "")[:MAX_CHARS])[:MAX_WORDS])
    bins = [_EMPTY] * BINS
    blake2b = hashlib.blake2b  # looked up once: the loop runs per shingle
    # Each shingle's 8-byte hash, read as a little-endian unsigned integer: all of them at once.
    digests = b"".join([blake2b(shingle.encode(), digest_size=8).digest() for shingle in found])
    for h in struct.unpack(f"<{len(found)}Q", digests):
        slot, value = h >> _BIN_SHIFT, h & _VALUE_MASK
        if value < bins[slot]:
            bins[slot] = value
    signature = tuple(_densified(bins)) if found else (0,) * BINS
    keys = band_keys(signature, language) if len(found) >= MIN_SHINGLES else []
    return Fingerprint(signature, len(found), keys)


def _densified(bins):
    """Empty bins take the value of the next full one (circularly), salted by the distance."""
    out = list(bins)
    for i, value in enumerate(bins):
        if value == _EMPTY:
            step = 1
            while bins[(i + step) % BINS] == _EMPTY:
                step += 1
            out[i] = (bins[(i + step) % BINS] * 0x9E3779B1 + step) & _VALUE_MASK
    return out


def band_keys(signature, language):
    """Each band's key: the language, the band's number and its ROWS values (as struct "<B{ROWS}I"), hashed."""
    prefix = (language or "").split("-")[0].casefold().encode()
    packed, width = _PACK.pack(*signature), ROWS * 4  # the values packed once, each band a slice
    keys = []
    for band in range(BANDS):
        raw = prefix + bytes((band,)) + packed[band * width : (band + 1) * width]
        keys.append(int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "little", signed=True))
    return keys


def unpack(data):
    return _PACK.unpack(bytes(data))


def similarity(a, b):
    """How much of the shorter text the longer one holds (containment, 0–1), from two (signature, size)."""
    (sig_a, size_a), (sig_b, size_b) = a, b
    if min(size_a, size_b) < MIN_SHINGLES:
        return 0.0
    jaccard = sum(x == y for x, y in zip(sig_a, sig_b, strict=True)) / BINS
    # |A ∩ B| = J (|A| + |B|) / (1 + J)
    return min(1.0, jaccard * (size_a + size_b) / ((1 + jaccard) * min(size_a, size_b)))
