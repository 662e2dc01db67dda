"""Stories in the admin: each with its versions; merge or split them from the articles' list."""

from django.contrib import admin, messages
from django.db.models import Count

from articles.models import Article, Story
from articles.stories import editing


class VersionInline(admin.TabularInline):
    model = Article
    fields = ["title", "site_name", "published_at", "word_count", "listed"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "version"
    verbose_name_plural = "versions (la première est celle que montre le fil)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("published_at", "id")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "first_title", "versions", "pinned", "created_at"]
    list_filter = ["pinned"]
    fields = ["pinned"]
    inlines = [VersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_count=Count("articles"))

    @admin.display(description="versions", ordering="version_count")
    def versions(self, story):
        return story.version_count

    @admin.display(description="titre de la première version")
    def first_title(self, story):
        first = story.articles.order_by("published_at", "id").first()
        return first.title if first else "—"


@admin.action(description="Regrouper en une seule histoire (avec toutes leurs versions)", permissions=["change"])
def merge_stories(modeladmin, request, queryset):
    articles = list(queryset)
    if len(articles) < 2 and not any(a.story_id for a in articles):
        modeladmin.message_user(request, "Choisissez au moins deux articles à regrouper.", messages.WARNING)
        return
    story = editing.merge(articles)
    count = story.articles.count()
    modeladmin.message_user(request, f"{story} : {count} versions, regroupement gardé aux réimportations.")


@admin.action(description="Séparer de leur histoire (une histoire à part)", permissions=["change"])
def split_stories(modeladmin, request, queryset):
    articles = list(queryset)
    story = editing.split(articles)
    kept = "séparation gardée aux réimportations"
    modeladmin.message_user(request, f"{len(articles)} article(s) séparé(s) dans {story}, {kept}.")
