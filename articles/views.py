"""Reader pages: the timeline of latest news, one section, one article."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import http_date
from django.views.generic import DetailView, ListView, TemplateView

from . import figures
from .live_views import fresh_news, latest_headlines
from .models import Article, Photo, Section
from .pagecache import article_page
from .stories.versions import attach_outlets, attach_versions

RELATED_COUNT = 5


class TimelineView(ListView):
    """Dernières Infos: newest first, 30 a page; the template groups them by day."""

    template_name = "articles/timeline.html"
    context_object_name = "articles"
    paginate_by = 30
    section = None

    def get_queryset(self):
        # One item per story: its earliest version, the one that broke the news (articles.stories).
        articles = Article.objects.published().one_per_story()
        if self.section is not None:
            articles = articles.in_section(self.section)
        return articles.for_listing().with_outlets()

    def get_context_data(self, **kwargs):
        # On a section page, the header box searches that section.
        context = super().get_context_data(section=self.section, search_section=self.section, **kwargs)
        context["articles"] = attach_outlets(context["articles"])  # "aussi chez …", read with the page
        if not context["page_obj"].has_previous():
            context.update(fresh_news(self.request, context["object_list"], self.section))
        return context


class SectionView(TimelineView):
    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)


class ArticleView(DetailView):
    template_name = "articles/article.html"
    context_object_name = "article"

    def get_queryset(self):
        # body_text feeds the search index; the page never shows it.
        return Article.objects.published().select_related("section").defer("body_text")

    def get(self, request, *args, **kwargs):
        # Its slug and version first, in a query of three columns: a cached page needs no more.
        found = Article.objects.published().filter(pk=kwargs["pk"]).only("slug", "updated_at").first()
        if found is None:
            raise Http404("Aucun article ne correspond.")
        if kwargs["slug"] != (found.slug or "article"):  # as get_absolute_url spells an empty slug
            return redirect(found, permanent=True)
        response = article_page(request, found, self.render)
        response["Last-Modified"] = http_date(found.updated_at.timestamp())
        return response

    def render(self):
        """The page rendered: the article and what it shows are read only now, on a miss."""
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object)).render()

    def get_context_data(self, **kwargs):
        article = self.object
        # Each photo with its stored file, in the same query (models.Prefetch + select_related).
        prefetch_related_objects([article], Prefetch("photos", Photo.objects.select_related("image")), "authors")
        photos = figures.distinct(article.photos.all())
        body_parts, photos_after = figures.in_body(article.body_html, [p for p in photos if not p.is_main])
        context = super().get_context_data(
            main_photo=next((p for p in photos if p.is_main), None),
            body_parts=body_parts,
            photos_after=photos_after,
            live_feed=latest_headlines(),
            **kwargs,
        )
        attach_versions([article])  # the other versions of its story: one query, only when it has some
        if article.section_id:
            older_article, newer_article, related = in_section_around(article)
            context.update(related=related, older_article=older_article, newer_article=newer_article)
        return context


def in_section_around(article, count=RELATED_COUNT):
    """(older, newer, related) in the article's section, in two queries of `count` rows each.

    Older and newer are the next and the previous article of the timeline (date, then id). Related are the `count`
    articles closest in time among the `count` before and the `count` after, newest first.
    """
    siblings = (
        Article.objects.in_section(article.section_id)
        .one_per_story()
        .only("title", "slug", "published_at", "published_time_known", "language")
    )
    when, pk = article.published_at, article.pk
    # A range on the date and the tie on the id as a filter, never `date < x OR (date = x AND
    # id < y)`: SQLite answers that OR with two lookups and sorts every later article of the section.
    # Older ones are published, as this one is; a second upper bound (published()'s "now") would
    # make SQLite start the range at now and walk every newer article of the section.
    older = siblings.filter(published_at__lte=when).exclude(published_at=when, pk__gte=pk)
    older = list(older.order_by("-published_at", "-id")[:count])
    newer = siblings.published().filter(published_at__gte=when).exclude(published_at=when, pk__lte=pk)
    newer = list(newer.order_by("published_at", "id")[:count])
    # Stable sort: at equal distance, the older article wins, as it always has.
    closest = sorted(older + newer, key=lambda a: abs(a.published_at - when))[:count]
    related = sorted(closest, key=lambda a: (a.published_at, a.pk), reverse=True)
    return (older[0] if older else None), (newer[0] if newer else None), related


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
