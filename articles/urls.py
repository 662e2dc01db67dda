from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, views
from .sitemaps import sitemaps

app_name = "articles"

urlpatterns = [
    path("", views.TimelineView.as_view(), name="home"),
    path("rubrique/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("article/<int:pk>-<slug:slug>/", views.ArticleView.as_view(), name="article"),
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("recherche/atom/", feeds.SearchAtomFeed(), name="search-atom"),
    path("flux/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("flux/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("rubrique/<slug:slug>/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("rubrique/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
