"""What every reader page shows: the sections of the navigation bar."""

import unicodedata

from django.utils.functional import SimpleLazyObject

from .models import Section


def french_sort_key(name):
    """'Économie' sorts with the E's, not after 'Sport'."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def navigation_sections():
    sections = Section.objects.only("name", "slug", "position")
    return sorted(sections, key=lambda s: (s.position, french_sort_key(s.name)))


def navigation(request):
    # Lazy: one query, and only on pages that render the navigation.
    return {"nav_sections": SimpleLazyObject(navigation_sections)}
