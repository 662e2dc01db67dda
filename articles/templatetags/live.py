"""What a live news feed shows beside a clock time: how long ago (today only), and reading times.

The same wording is kept fresh in the browser by static/js/relative-time.js: change both together.
"""

import math

from django import template
from django.utils import timezone

register = template.Library()

# Words a minute: the usual estimate for reading French prose silently.
WORDS_PER_MINUTE = 200


def ago(value, now):
    """'à l’instant', 'il y a 12 min', 'il y a 3 h': the time since `value`, on its day only
    (site time zone); '' for another day, a future time or no time."""
    if value is None or value > now:
        return ""
    if timezone.localtime(value).date() != timezone.localtime(now).date():
        return ""
    minutes = int((now - value).total_seconds() // 60)
    if minutes < 1:
        return "à l’instant"
    if minutes < 60:
        return f"il y a {minutes} min"
    return f"il y a {minutes // 60} h"


@register.filter
def relative_time(value):
    """`ago` at render time."""
    return ago(value, timezone.now())


@register.filter
def reading_time(word_count):
    """'3 min de lecture' for an article of `word_count` words; '' when the count is unknown."""
    if not word_count:
        return ""
    return f"{max(1, math.ceil(word_count / WORDS_PER_MINUTE))} min de lecture"
