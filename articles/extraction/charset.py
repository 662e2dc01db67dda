"""Bytes to text: HTTP header, BOM, <meta charset>, then detection; latin-1 read as cp1252."""

import codecs
import re

from charset_normalizer import from_bytes

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-:.]+)", re.IGNORECASE)
BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
# Browsers read these labels as windows-1252: pages that say latin-1 use its extra characters.
WINDOWS_1252_ALIASES = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "us-ascii", "ascii", "cp819"}
WESTERN = {"cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman", "ascii", "utf_8"}
HIGH_BYTE_RUN = re.compile(rb"[\x80-\xff]+")
# Detection needs this many non-ASCII bytes before it may overrule the Western default.
MIN_HIGH_BYTES = 64
# Single-byte labels that saved or re-served pages often keep after being converted to UTF-8.
SINGLE_BYTE = {"cp1252", "iso8859-15", "iso8859-2", "ascii"}


def _stray_byte_as_cp1252(error):
    """Decoding error handler: a byte that is not UTF-8 in a UTF-8 page is read as windows-1252 (the
    usual stray: one pasted "é"), instead of the whole page being read as windows-1252."""
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("newsroom-stray-cp1252", _stray_byte_as_cp1252)
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _mostly_utf8(data):
    """Most non-ASCII bytes form UTF-8 sequences: a UTF-8 page with a few stray bytes."""
    valid = sum(len(m) for m in UTF8_SEQUENCE.findall(data))
    return valid > 0 and valid >= 0.8 * sum(len(run) for run in HIGH_BYTE_RUN.findall(data))


def _codec(label):
    label = label.strip().lower()
    if label in WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _looks_single_byte_western(data):
    """In cp1252 text an accented letter is one byte between ASCII letters ("été"); in Cyrillic,
    Greek or CJK encodings non-ASCII bytes come in runs. Mostly-isolated high bytes: Western."""
    runs = HIGH_BYTE_RUN.findall(data)
    high = sum(len(run) for run in runs)
    if high < MIN_HIGH_BYTES:
        return True
    in_runs = sum(len(run) for run in runs if len(run) > 2)
    return in_runs < high / 2


def _undeclared(data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if _mostly_utf8(data):
            return data.decode("utf-8", errors="newsroom-stray-cp1252")
    if not _looks_single_byte_western(data):
        best = from_bytes(data[:200_000]).best()
        encoding = _codec(best.encoding) if best else None
        if encoding and encoding not in WESTERN:
            return data.decode(encoding, errors="replace")
    return data.decode("cp1252", errors="replace")


def decode_html(data, content_type=None):
    """Decode a page the way a browser would, so accents survive."""
    if isinstance(data, str):
        return data
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    candidates = []
    if content_type and (m := HEADER_CHARSET.search(content_type)):
        candidates.append(m.group(1))
    if m := META_CHARSET.search(data[:4096]):
        candidates.append(m.group(1).decode("ascii", "ignore"))
    for label in candidates:
        encoding = _codec(label)
        if encoding in SINGLE_BYTE and HIGH_BYTE_RUN.search(data):
            # Accented text that is valid UTF-8 is UTF-8: in cp1252 it would read "Ã©".
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        if encoding:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                if encoding == "utf-8" and _mostly_utf8(data):
                    return data.decode("utf-8", errors="newsroom-stray-cp1252")
                continue
    return _undeclared(data)
