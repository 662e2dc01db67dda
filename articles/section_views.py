"""« Toutes les rubriques »: every section with its count of articles, the newsroom's own first."""

from django.views.generic import TemplateView

from .context_processors import by_position_and_name
from .models import Section
from .sections import label_key


class SectionsView(TemplateView):
    template_name = "articles/sections.html"

    def get_context_data(self, **kwargs):
        sections = list(
            Section.objects.with_counts().filter(article_count__gt=0).only("name", "slug", "position", "house")
        )
        house = by_position_and_name(s for s in sections if s.house)
        # The sources' sections: the most read first, as a reader looks for what there is most of.
        sources = sorted((s for s in sections if not s.house), key=lambda s: (-s.article_count, label_key(s.name)))
        return super().get_context_data(house_sections=house, source_sections=sources, **kwargs)
