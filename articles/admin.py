"""Admin for editors: articles with their photos, sections, authors."""

from django.contrib import admin

from .models import Article, Author, Photo, Section


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["position", "is_main", "src", "caption", "credit", "alt", "width", "height"]
    ordering = ["position"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "published_at", "site_name", "word_count"]
    list_filter = ["section", "site_name", "language"]
    list_select_related = ["section"]
    date_hierarchy = "published_at"
    search_fields = ["title", "lead", "authors__name"]
    readonly_fields = [
        "source_url",
        "canonical_url",
        "fingerprint",
        "word_count",
        "fetched_at",
        "created_at",
        "updated_at",
    ]
    inlines = [PhotoInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "credit", "is_main"]
    list_select_related = ["article"]
    search_fields = ["caption", "credit"]
    raw_id_fields = ["article"]
