"""What every reader page shows: the sections of the navigation bar."""

from django.utils.functional import SimpleLazyObject

from .models import Section
from .sections import label_key


def by_position_and_name(sections):
    """In the editors' order, then alphabetically the French way ('Économie' with the E's)."""
    return sorted(sections, key=lambda s: (s.position, label_key(s.name)))


def navigation_sections():
    """The bar: the newsroom's own sections only, in one query."""
    return by_position_and_name(Section.objects.in_navigation().only("name", "slug", "position"))


def navigation(request):
    # Lazy: one query, and only on pages that render the navigation.
    return {"nav_sections": SimpleLazyObject(navigation_sections)}
