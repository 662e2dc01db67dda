"""Publication dates from metadata strings to timezone-aware datetimes (UTC when no offset).

A page may give only the day ("2024-02-16"): `parse_when` tells it from a day and a time, so that
the reader never shows a time nobody gave (a bare day read as midnight UTC is "à 01:00" in Paris)."""

import re
from datetime import UTC, datetime

from dateutil import parser as dateutil_parser

# Offsets written "+0100" or "+01" are not all accepted by fromisoformat on every form.
SHORT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
# Far outside these years a "date" is a parsing accident (an id, a price), not a publication.
MIN_YEAR, MAX_YEAR = 1995, 2100


def parse_date(value):
    """A datetime from an ISO-like or RFC-like string, or None when it is not a plausible date."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if not value:
        return None
    parsed = None
    candidate = SHORT_OFFSET.sub(r"\1:\2", value.replace("Z", "+00:00")) if "T" in value else value
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        try:
            parsed = dateutil_parser.parse(value, fuzzy=False)
        except (ValueError, OverflowError, TypeError):
            return None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


# A time of day in a date string: "10:20", "T10:20:05", "10:20:05.123"; not an offset ("+01:00").
_TIME_OF_DAY = re.compile(r"(?<![+\-\d])(\d{1,2}):(\d{2})(?::(\d{2}))?")


def gives_time(value):
    """Whether a date string gives a time of day. Exactly midnight does not count: it is what
    publishing systems write for a bare day ("2024-02-16T00:00:00+01:00"), and a story put
    online at 00:00:00 sharp is far rarer than a system padding a day with zeros."""
    found = _TIME_OF_DAY.search(value or "")
    return bool(found) and any(int(part or 0) for part in found.groups())


def parse_when(value):
    """(datetime, time known) from a date string, or (None, False). A day given without a time
    is stored as that day at midnight UTC (the day as the source wrote it, whatever its offset)."""
    parsed = parse_date(value)
    if parsed is None:
        return None, False
    if gives_time(value):
        return parsed, True
    return datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC), False
