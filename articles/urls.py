from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from . import feeds, live_views, search_views, section_views, views
from .sitemaps import sitemaps


class WordsConverter:
    r"""A slug of articles.slugs: ASCII for Latin letters, the text's own letters otherwise ("国際",
    "पुलिस"). Anything but a slash: `\w` matches no mark, and a wrong slug is the view's to answer."""

    regex = r"[^/]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(WordsConverter, "words")

app_name = "articles"

urlpatterns = [
    path("", views.TimelineView.as_view(), name="home"),
    path("nouvelles.json", live_views.fresh_count, name="fresh"),
    path("rubriques/", section_views.SectionsView.as_view(), name="sections"),
    path("rubrique/<words:slug>/", views.SectionView.as_view(), name="section"),
    path("article/<int:pk>-<words:slug>/", views.ArticleView.as_view(), name="article"),
    path("recherche/", search_views.SearchView.as_view(), name="search"),
    path("recherche/atom/", feeds.SearchAtomFeed(), name="search-atom"),
    path("s-abonner/", feeds.SubscribeView.as_view(), name="subscribe"),
    path("flux/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("flux/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("flux/histoires/atom/", feeds.LatestStoriesAtomFeed(), name="stories-feed-atom"),
    path("rubrique/<words:slug>/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("rubrique/<words:slug>/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
