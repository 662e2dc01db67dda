"""Publication dates from metadata strings to timezone-aware datetimes (UTC when no offset).

A page may give only the day ("2024-02-16"): `parse_when` tells it from a day and a time, so that
the reader never shows a time nobody gave (a bare day read as midnight UTC is "à 01:00" in Paris).
Nor one it cannot place: a zone given only by its abbreviation ("07:47 PM EST": New York's EST or
Sydney's?) leaves the day as written and no time."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser
from dateutil import tz

# Offsets written "+0100" or "+01" are not all accepted by fromisoformat on every form.
SHORT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
# Far outside these years a "date" is a parsing accident (an id, a price), not a publication.
MIN_YEAR, MAX_YEAR = 1995, 2100


class _UnplacedZone(Exception):
    """A zone named by an abbreviation alone, which names several offsets ("EST", "CST", "IST")."""


def _zone(name, offset):
    """dateutil's `tzinfos`: the offset the string gives (GMT, UTC and Z are 0), else none at all."""
    if offset is not None:
        return tz.UTC if offset == 0 else tz.tzoffset(name, offset)
    if name:
        raise _UnplacedZone(name)
    return None


def _read(value):
    """(datetime, False when the string names a zone that cannot be placed), or (None, False)."""
    if not value or not isinstance(value, str):
        return None, False
    value = value.strip()
    if not value:
        return None, False
    placed = True
    candidate = SHORT_OFFSET.sub(r"\1:\2", value.replace("Z", "+00:00")) if "T" in value else value
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        try:
            parsed = dateutil_parser.parse(value, fuzzy=False, tzinfos=_zone)
        except _UnplacedZone:
            parsed, placed = dateutil_parser.parse(value, fuzzy=False, ignoretz=True), False
        except (ValueError, OverflowError, TypeError):
            return None, False
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None, False
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed, placed


def parse_date(value):
    """A datetime from an ISO-like or RFC-like string, or None when it is not a plausible date.
    A time whose zone cannot be placed is read as UTC, as a time given with no zone is."""
    return _read(value)[0]


def parse_listing_date(value):
    """A feed's or sitemap's date: `parse_date`, except that RFC 822's own zone names, which an RSS pubDate
    uses by that standard, are placed (EST is UTC-5, PDT UTC-7: the standard gives each one offset)."""
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    # Naive when the zone is "-0000" or a name RFC 822 does not give: parse_date's reading then.
    if parsed is not None and parsed.tzinfo is not None and MIN_YEAR <= parsed.year <= MAX_YEAR:
        return parsed
    return parse_date(value)


# A time of day in a date string: "10:20", "T10:20:05", "10:20:05.123"; not an offset ("+01:00").
_TIME_OF_DAY = re.compile(r"(?<![+\-\d])(\d{1,2}):(\d{2})(?::(\d{2}))?")


def gives_time(value):
    """Whether a date string gives a time of day. Exactly midnight does not count: it is what
    publishing systems write for a bare day ("2024-02-16T00:00:00+01:00"), and a story put
    online at 00:00:00 sharp is far rarer than a system padding a day with zeros."""
    found = _TIME_OF_DAY.search(value or "")
    return bool(found) and any(int(part or 0) for part in found.groups())


def parse_when(value):
    """(datetime, time known) from a date string, or (None, False). A day given without a time, or
    with a time in a zone that cannot be placed, is stored as that day at midnight UTC (the day as
    the source wrote it, whatever its offset)."""
    parsed, placed = _read(value)
    if parsed is None:
        return None, False
    if placed and gives_time(value):
        return parsed, True
    return datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC), False
