"""Publication dates from metadata strings to timezone-aware datetimes (UTC when no offset)."""

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
