"""Admin for articles: the list (thumbnail, filters, full-text search), photos, and the editors' pages."""

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import path, reverse
from django.utils.html import format_html

from articles.admin import actions, history, import_views, photos, stories
from articles.models import Article, Photo
from articles.search import index_article
from articles.stories.grouping import settle


class HasPhotoFilter(admin.SimpleListFilter):
    title = "photo"
    parameter_name = "photo"

    def lookups(self, request, model_admin):
        return [("oui", "Avec photo"), ("non", "Sans photo")]

    def queryset(self, request, queryset):
        has_photo = Exists(Photo.objects.filter(article=OuterRef("pk")))
        if self.value() == "oui":
            return queryset.filter(has_photo)
        if self.value() == "non":
            return queryset.filter(~has_photo)
        return queryset


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    ordering = ["position"]
    fields = ["preview", "position", "is_main", "body_position", "src", "caption", "credit", "alt"]
    readonly_fields = ["preview"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    @admin.display(description="aperçu (état)")
    def preview(self, photo):
        return photos.preview(photo if photo.pk else None, 120)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "published_at", "site_name", "photo", "word_count"]
    list_filter = ["section", HasPhotoFilter, "site_name", "language"]
    date_hierarchy = "published_at"
    # The box searches with the search engine (get_search_results); a field here makes Django show it.
    search_fields = ["title"]
    search_help_text = "Recherche plein texte : mots, « expression exacte », -mot exclu, a OR b, préfixe*."
    readonly_fields = [
        "source_url",
        "canonical_url",
        "site_name",
        "language",
        "published_from_source",
        "word_count",
        "fingerprint",
        "story",
        "fetched_at",
        "created_at",
        "updated_at",
        "history_link",
    ]
    exclude = ["body_text"]  # derived from the body at extraction; the search index reads it
    inlines = [PhotoInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = [actions.refetch, actions.reextract, actions.change_section, stories.merge_stories, stories.split_stories]

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing()

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        results = queryset.search(search_term)  # best matches first...
        if ORDER_VAR in request.GET:  # ...unless the editor sorts by a column
            results = results.order_by(*queryset.query.order_by)
        return results, False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        index_article(form.instance)  # an edited title, lead or caption is searchable at once
        settle(form.instance.story_id)  # an edited date may change which of its story's versions comes first

    @admin.display(description="photo")
    def photo(self, article):
        return photos.preview(article.main_photo, 80)

    @admin.display(description="historique")
    def history_link(self, article):
        if not article.pk:
            return "—"
        count = article.revisions.count()
        if not count:
            return "Aucune version antérieure."
        url = reverse("admin:articles_article_revisions", args=[article.pk])
        return format_html('<a href="{}">{} version(s) antérieure(s) : voir les différences</a>', url, count)

    def get_urls(self):
        def wrap(view):
            def wrapper(request, *args, **kwargs):
                return view(self, request, *args, **kwargs)

            return self.admin_site.admin_view(wrapper)

        return [
            path("import/", wrap(import_views.import_page), name="articles_article_import"),
            path("import/<int:pk>/", wrap(import_views.job_page), name="articles_article_import_job"),
            path("import/<int:pk>/progress/", wrap(import_views.job_progress), name="articles_article_import_progress"),
            path("<int:pk>/revisions/", wrap(history.revisions_page), name="articles_article_revisions"),
            *super().get_urls(),
        ]
