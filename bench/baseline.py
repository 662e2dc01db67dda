"""The search baseline benchmarks compare with: naive substring filters, newest first."""

from functools import reduce
from operator import or_

from django.db.models import Q

from articles.search import parse
from articles.search.query import Phrase


def icontains_search(queryset, q):
    """The baseline: every word (or phrase) as a substring of the title, lead or body, newest first."""
    query = parse(q)
    if query.is_empty:
        return queryset.order_by("-published_at", "-id")
    if query.matches_nothing:
        return queryset.none()
    condition = Q()
    for group in query.groups:
        condition &= reduce(or_, (_contains(item) for item in group))
    for item in query.excluded:
        condition &= ~_contains(item)
    return queryset.filter(condition).order_by("-published_at", "-id")


def _contains(item):
    needle = " ".join(item.words) if isinstance(item, Phrase) else item.word
    return Q(title__icontains=needle) | Q(lead__icontains=needle) | Q(body_text__icontains=needle)
