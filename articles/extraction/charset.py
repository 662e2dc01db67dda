"""Bytes to text: HTTP header, BOM, <meta charset>, then detection; latin-1 read as cp1252."""

import codecs
import re

from charset_normalizer import from_bytes

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-:.]+)", re.IGNORECASE)
BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
# Browsers read these labels as windows-1252: pages that say latin-1 use its extra characters.
WINDOWS_1252_ALIASES = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "us-ascii", "ascii", "cp819"}


def _codec(label):
    label = label.strip().lower()
    if label in WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data, content_type=None):
    """Decode a page the way a browser would, so accents survive."""
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
        if encoding:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    encoding = _codec(best.encoding) if best else None
    return data.decode(encoding or "cp1252", errors="replace")
