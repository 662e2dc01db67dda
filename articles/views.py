"""Reader pages: the timeline of latest news, one section, one article."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import http_date
from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, Section

RELATED_COUNT = 5


class TimelineView(ListView):
    """Dernières Infos: newest first, 30 a page; the template groups them by day."""

    template_name = "articles/timeline.html"
    context_object_name = "articles"
    paginate_by = 30
    section = None

    def get_queryset(self):
        articles = Article.objects.published()
        if self.section is not None:
            articles = articles.in_section(self.section)
        return articles.for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class SectionView(TimelineView):
    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)


class ArticleView(DetailView):
    template_name = "articles/article.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("section").prefetch_related("photos", "authors")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            return redirect(self.object, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        response["Last-Modified"] = http_date(self.object.updated_at.timestamp())
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        photos = list(article.photos.all())
        context = super().get_context_data(
            main_photo=next((p for p in photos if p.is_main), None),
            other_photos=[p for p in photos if not p.is_main],
            **kwargs,
        )
        if article.section_id:
            context.update(
                related=related_articles(article),
                previous_article=neighbour(article, older=True),
                next_article=neighbour(article, older=False),
            )
        return context


def related_articles(article, count=RELATED_COUNT):
    """The articles of the same section closest in time, before and after, newest first."""
    siblings = Article.objects.published().in_section(article.section_id).exclude(pk=article.pk)
    before = list(siblings.filter(published_at__lte=article.published_at)[:count])
    after = list(siblings.filter(published_at__gt=article.published_at).order_by("published_at", "id")[:count])
    closest = sorted(before + after, key=lambda a: abs(a.published_at - article.published_at))[:count]
    return sorted(closest, key=lambda a: a.published_at, reverse=True)


def neighbour(article, *, older):
    """The previous (older) or next (newer) article of the section; ties broken by id."""
    siblings = Article.objects.published().in_section(article.section_id).only("title", "slug")
    when = article.published_at
    if older:
        return siblings.filter(Q(published_at__lt=when) | Q(published_at=when, pk__lt=article.pk)).first()
    newer = siblings.filter(Q(published_at__gt=when) | Q(published_at=when, pk__gt=article.pk))
    return newer.order_by("published_at", "id").first()


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


class SearchView(TimelineView):
    """Titles containing the words typed in the header box (full-text search comes later)."""

    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = " ".join(self.request.GET.get("q", "").split())[:200]
        articles = Article.objects.published()
        for word in self.query.split():
            articles = articles.filter(title__icontains=word)
        return articles.for_listing() if self.query else Article.objects.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)
