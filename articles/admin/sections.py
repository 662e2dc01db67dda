"""Admin for sections (article counts, order), authors and photos."""

from django.contrib import admin
from django.db.models import Count

from articles.models import Author, Photo, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_count"]
    list_editable = ["position"]
    ordering = ["position", "name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, section):
        return section.article_count


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "credit", "is_main"]
    list_select_related = ["article"]
    search_fields = ["caption", "credit"]
    raw_id_fields = ["article"]
