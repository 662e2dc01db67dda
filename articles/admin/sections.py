"""Admin for sections (the bar, aliases of the sources' labels, merging) and authors."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone

from articles import curation
from articles.models import Author, Section, SectionAlias
from articles.sections import labels_meaning


class SectionAliasInline(admin.TabularInline):
    model = SectionAlias
    fields = ["label"]
    extra = 1
    verbose_name = "libellé d'une source envoyé dans cette rubrique"
    verbose_name_plural = (
        "libellés des sources envoyés dans cette rubrique (« Politik », « politics », « news_politics »…)"
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        Section.objects.order_by("-house", "name"),
        label="Dans la rubrique",
        empty_label=None,
        help_text="Les articles et les libellés des sources la rejoignent, maintenant et aux prochaines importations.",
    )


@admin.action(description="Fusionner dans une autre rubrique (ou rattacher à une rubrique de la rédaction)")
def merge_sections(modeladmin, request, queryset):
    sections = list(queryset)  # with article_count (get_queryset)
    form = MergeForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        into = form.cleaned_data["into"]
        merged = [s for s in sections if s.pk != into.pk]
        moved = curation.merge(merged, into)
        names = ", ".join(f"« {s.name} »" for s in merged) or "aucune"
        moved = _plural(moved, "article déplacé", "articles déplacés")
        modeladmin.message_user(request, f"Fusionnées dans « {into} » : {names} ; {moved}.", messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": "Fusionner des rubriques",
        "sections": sections,
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "merge_sections",
    }
    return TemplateResponse(request, "admin/articles/merge_sections.html", context)


@admin.action(description="Mettre dans la barre (rubriques de la rédaction)")
def show_in_bar(modeladmin, request, queryset):
    count = queryset.update(house=True, hidden=False)
    modeladmin.message_user(request, f"{_plural(count, 'rubrique', 'rubriques')} dans la barre.", messages.SUCCESS)


@admin.action(description="Masquer de la barre")
def hide_from_bar(modeladmin, request, queryset):
    count = queryset.update(hidden=True)
    modeladmin.message_user(request, f"{_plural(count, 'rubrique masquée', 'rubriques masquées')}.", messages.SUCCESS)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "house", "hidden", "position", "article_count", "labels"]
    list_editable = ["house", "hidden", "position"]
    list_filter = ["house", "hidden"]
    search_fields = ["name", "aliases__label"]
    ordering = ["-house", "position", "name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SectionAliasInline]
    actions = [merge_sections, show_in_bar, hide_from_bar]
    readonly_fields = ["known_labels"]

    @admin.display(description="libellés reconnus d'office")
    def known_labels(self, section):
        labels = labels_meaning(section.name)
        return ", ".join(labels) if labels else "aucun (articles/data/rubriques.txt)"

    def get_queryset(self, request):
        published = Q(articles__published_at__lte=timezone.now())
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("articles", filter=published, distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, section):
        return section.article_count

    @admin.display(description="libellés des sources")
    def labels(self, section):
        return ", ".join(alias.label for alias in section.aliases.all())

    def save_formset(self, request, form, formset, change):
        if formset.model is not SectionAlias:
            return super().save_formset(request, form, formset, change)
        # Through curation.map_label, not a bare save: a section of that name merges in, and
        # the articles that came with the label follow.
        aliases = formset.save(commit=False)  # also what the history's change message reads
        for alias in formset.deleted_objects:
            alias.delete()
        for alias in aliases:
            if alias.pk:  # a label rewritten: the old one goes
                SectionAlias.objects.filter(pk=alias.pk).delete()
            moved = curation.map_label(alias.label, form.instance)
            if moved:
                self.message_user(
                    request, f"« {alias.label} » : {_plural(moved, 'article rattaché', 'articles rattachés')}."
                )
        return None


def _plural(count, one, many):
    return f"{count} {one if count <= 1 else many}"


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    search_fields = ["name"]
