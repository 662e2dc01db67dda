"""What every reader page shows: the sections of the navigation bar."""

from .models import Section


def navigation(request):
    # A lazy QuerySet: one query, and only on pages that render the navigation.
    return {"nav_sections": Section.objects.only("name", "slug")}
