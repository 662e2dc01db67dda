"""Atom and RSS feeds of the latest articles (site-wide, per section, any search) and the page that offers them."""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from django.views.generic import TemplateView

from .context_processors import by_position_and_name
from .filters import ArticleSearchFilter
from .models import Article, Section
from .search import DATE
from .storable import XmlSafeAtomFeed, XmlSafeRssFeed

FEED_SIZE = 30


class RssFeed(XmlSafeRssFeed):
    """RSS 2.0 has no item language: each item says its own in Dublin Core's <dc:language>."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class AtomFeed(XmlSafeAtomFeed):
    """Each entry in another language than the feed's says so: <entry xml:lang="de">."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language") and item["language"] != self.feed["language"]:
            attributes["xml:lang"] = item["language"]
        return attributes


class LatestArticlesFeed(Feed):
    # Rows written before ingestion dropped XML's forbidden characters may still hold some.
    feed_type = RssFeed
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

    def item_extra_kwargs(self, item):
        return {"language": item.lang}

    def item_guid(self, item):
        return item.canonical_url

    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        # One copy per request: enclosures need the request's host, and the view instance is shared.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def item_enclosures(self, item):
        """The main photo as stored here (a JPEG rendition): its real length and type, not the publisher's file."""
        image = item.main_photo.image if item.main_photo else None
        if image is None:
            return []
        url, length, mime_type = image.enclosure()
        return [Enclosure(self.request.build_absolute_uri(url), str(length), mime_type)]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = AtomFeed
    subtitle = LatestArticlesFeed.description


class LatestStoriesAtomFeed(LatestArticlesAtomFeed):
    """/flux/histoires/atom/: one entry per story (its earliest version), for who asks for stories."""

    title = "Newsroom — Dernières Infos, une entrée par histoire"

    def items(self, obj=None):
        return Article.objects.published().one_per_story().for_listing().prefetch_related("authors")[:FEED_SIZE]


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"Newsroom — {obj.name}"

    def description(self, obj):
        return f"Les derniers articles de la rubrique {obj.name}."


class SectionAtomFeed(SectionFeed):
    feed_type = AtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class SearchAtomFeed(LatestArticlesFeed):
    """/recherche/atom/?q=…&section=…: follow a topic; the newest matches first."""

    feed_type = AtomFeed

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


class SubscribeView(TemplateView):
    """« S'abonner »: each feed with what it holds and its address to paste into a feed reader."""

    template_name = "articles/subscribe.html"

    def get_context_data(self, **kwargs):
        absolute = self.request.build_absolute_uri
        q = self.request.GET.get("q", "").strip()[:200]
        search_feed = absolute(reverse("articles:search-atom") + "?" + self.request.GET.urlencode()) if q else ""
        sections = Section.objects.with_counts().filter(article_count__gt=0).only("name", "slug", "position", "house")
        sections = [
            (s, absolute(reverse("articles:section-feed-atom", args=[s.slug]))) for s in by_position_and_name(sections)
        ]
        return super().get_context_data(
            site_feeds=[
                ("Atom", absolute(reverse("articles:feed-atom"))),
                ("RSS", absolute(reverse("articles:feed-rss"))),
            ],
            house_sections=[(s, url) for s, url in sections if s.house],
            source_sections=[(s, url) for s, url in sections if not s.house],
            q=q,
            search_feed=search_feed,
            **kwargs,
        )
