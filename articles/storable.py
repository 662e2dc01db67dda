"""What the newsroom stores and serves: text without the characters XML 1.0 forbids, dates in a sane range.

Scraped pages carry anything. A control character in a headline (`\\u0007`) made every feed
answer 500 (the XML writer refuses it); a NUL cannot be stored in PostgreSQL at all; a date in
year 9999 overflows the search key. Everything extracted passes here before it is written or
shown in a preview (articles.pipeline.ingestion), and the feeds clean what older rows still hold.
"""

import re
from dataclasses import fields
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 but lone surrogates,
# U+FFFE and U+FFFF. NUL is among the refused: one rule keeps feeds and PostgreSQL both happy.
# Removed by one regex: text holding none (most) comes back as it is after a scan, where a
# translation looked up every character of a whole body (issue 18: the extraction workers).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# A news article's dates: nothing before the twentieth century, nothing past this bound (an
# editor may schedule an article in the future); the search key holds dates up to year 4147.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
# A page dated more than this ahead of the clock misread its date (or hides behind it: the
# reader shows nothing published in the future), so the date is dropped.
AHEAD = timedelta(days=2)


def xml_text(value):
    """`value` without the characters XML 1.0 forbids (None stays None)."""
    return _FORBIDDEN.sub("", value) if isinstance(value, str) else value


def storable(extracted):
    """Clean an ExtractedArticle in place (every string, its images' too, its dates); returns it."""
    _clean_strings(extracted)
    extracted.authors = [xml_text(name) for name in extracted.authors]
    extracted.subheadings = [xml_text(heading) for heading in extracted.subheadings]
    for image in extracted.images:
        _clean_strings(image)
    now = timezone.now()
    extracted.published = plausible_date(extracted.published, now=now)
    extracted.modified = plausible_date(extracted.modified, now=now)
    return extracted


def plausible_date(value, *, now=None):
    """A date read from a page, or None when it cannot be one (before 1900, or days ahead)."""
    if value is None:
        return None
    aware = value if timezone.is_aware(value) else value.replace(tzinfo=UTC)
    try:
        plausible = EARLIEST <= aware <= min(LATEST, (now or timezone.now()) + AHEAD)
    except OverflowError:  # year 1 with an offset east of UTC has no UTC time
        plausible = False
    return value if plausible else None


def validate_date(value):
    """Model validator: the range the search key and the reader handle (the admin's fields)."""
    if value is None:
        return
    aware = value if timezone.is_aware(value) else value.replace(tzinfo=UTC)
    try:
        in_range = EARLIEST <= aware < LATEST
    except OverflowError:
        in_range = False
    if not in_range:
        raise ValidationError(
            "Date hors des limites : entre le 1er janvier %(first)s et le 31 décembre %(last)s.",
            code="date_out_of_range",
            params={"first": EARLIEST.year, "last": LATEST.year - 1},
        )


def _clean_strings(obj):
    for field in fields(obj):
        value = getattr(obj, field.name)
        if isinstance(value, str):
            setattr(obj, field.name, xml_text(value))


def _xml_safe(values):
    return {name: _xml_safe_value(value) for name, value in values.items()}


def _xml_safe_value(value):
    if isinstance(value, list | tuple):
        return type(value)(xml_text(item) for item in value)
    return xml_text(value)


class _XmlSafeFeed:
    """A feed generator that drops what XML forbids from every title, text and name it is given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*(_xml_safe_value(arg) for arg in args), **_xml_safe(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*(_xml_safe_value(arg) for arg in args), **_xml_safe(kwargs))


class XmlSafeRssFeed(_XmlSafeFeed, Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(_XmlSafeFeed, Atom1Feed):
    pass
