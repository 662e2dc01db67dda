"""Admin for photos: credit, caption, and the agency derived from the credit; their article's search entry kept true."""

from django.contrib import admin
from django.db import models

from articles.models import Article, Photo
from articles.search import index_article


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "credit", "agency", "is_main"]
    list_select_related = ["article"]
    search_fields = ["caption", "credit"]
    raw_id_fields = ["article"]
    readonly_fields = ["agency"]  # derived from the credit on save (Photo.derive)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # The article's search entry holds its captions: every change to a photo rewrites it.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "article" in form.changed_data and form.initial.get("article"):
            index_article(Article.objects.get(pk=form.initial["article"]))  # the article it left
        index_article(obj.article)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        index_article(obj.article)

    def delete_queryset(self, request, queryset):
        articles = list(Article.objects.filter(photos__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for article in articles:
            index_article(article)
