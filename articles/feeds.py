"""Atom and RSS feeds of the latest articles, site-wide and per section."""

import mimetypes

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape

from .filters import ArticleSearchFilter
from .models import Article, Section
from .search import DATE

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    title = "Newsroom — Dernières Infos"
    description = "Les derniers articles."
    language = "fr"

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else reverse("articles:home")

    def items(self, obj=None):
        articles = Article.objects.published()
        if obj is not None:
            articles = articles.in_section(obj)
        return articles.for_listing().prefetch_related("authors")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The lead is plain text; the feed's summary is HTML, so it is escaped once here
        # (and once more by the XML writer): a reader shows "<script>" as text.
        return escape(item.lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at or item.published_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [item.section.name] if item.section else []

    def item_guid(self, item):
        return item.canonical_url

    item_guid_is_permalink = False

    def item_enclosures(self, item):
        photo = item.main_photo
        if photo is None:
            return []
        mime_type = mimetypes.guess_type(photo.src.split("?", 1)[0])[0] or "image/jpeg"
        return [Enclosure(photo.src, "0", mime_type)]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"Newsroom — {obj.name}"

    def description(self, obj):
        return f"Les derniers articles de la rubrique {obj.name}."


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class SearchAtomFeed(LatestArticlesFeed):
    """/recherche/atom/?q=…&section=…: follow a topic; the newest matches first."""

    feed_type = Atom1Feed

    def get_object(self, request):
        data = request.GET.copy()
        data["tri"] = DATE
        return ArticleSearchFilter(data, queryset=Article.objects.published())

    def title(self, obj):
        return f"Newsroom — recherche « {obj.text} »" if obj.text else "Newsroom — recherche"

    def subtitle(self, obj):
        return "Les derniers articles qui répondent à cette recherche."

    def link(self, obj):
        return reverse("articles:search") + "?" + obj.data.urlencode()

    def items(self, obj):
        return obj.qs.for_listing().prefetch_related("authors")[:FEED_SIZE]
