from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.TimelineView.as_view(), name="home"),
    path("rubrique/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("article/<int:pk>-<slug:slug>/", views.ArticleView.as_view(), name="article"),
]
