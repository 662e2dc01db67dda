"""Actions on selected articles: fetch again, extract again from the stored page, change section."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from articles.admin.forms import SectionChoiceForm
from articles.messages import french
from articles.pipeline import ingestion
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import is_url
from articles.pipeline.results import CREATED, FAILED, UNCHANGED, UPDATED

# Done while the editor waits: more would risk the request's time limit (the import page runs in the background).
MAX_ARTICLES = 25


@admin.action(description="Re-télécharger les articles sélectionnés", permissions=["change"])
def refetch(modeladmin, request, queryset):
    articles = _selected(modeladmin, request, queryset)
    for article in articles:
        if not is_url(article.source_url):
            modeladmin.message_user(request, f"« {article} » : pas d'adresse web à télécharger.", messages.WARNING)
            continue
        before = article.revisions.count()
        # The editor's section stays; limit=1: a page that has turned into a feed imports nothing else.
        section = article.section.name if article.section_id else None
        report = ingest([article.source_url], section=section, limit=1)
        _report(modeladmin, request, article, report.results[0] if report.results else None, before)


@admin.action(description="Ré-extraire depuis la page enregistrée (sans réseau)", permissions=["change"])
def reextract(modeladmin, request, queryset):
    for article in _selected(modeladmin, request, queryset):
        before = article.revisions.count()
        _report(modeladmin, request, article, ingestion.reextract(article), before)


@admin.action(description="Changer de rubrique", permissions=["change"])
def change_section(modeladmin, request, queryset):
    articles = list(queryset.select_related("section"))
    form = SectionChoiceForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        section = form.cleaned_data["section"]
        for article in articles:
            if article.section_id == section.pk:
                modeladmin.message_user(request, f"« {article} » : déjà dans {section}.", messages.INFO)
                continue
            before = article.section.name if article.section_id else "sans rubrique"
            article.section = section
            article.save(update_fields=["section", "updated_at"])
            modeladmin.message_user(request, f"« {article} » : {before} → {section}.", messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": "Changer de rubrique",
        "articles": articles,
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "change_section",
    }
    return TemplateResponse(request, "admin/articles/change_section.html", context)


def _selected(modeladmin, request, queryset):
    articles = list(queryset.select_related("section")[: MAX_ARTICLES + 1])
    if len(articles) > MAX_ARTICLES:
        modeladmin.message_user(
            request,
            f"Au plus {MAX_ARTICLES} articles à la fois : seuls les {MAX_ARTICLES} premiers ont été traités.",
            messages.WARNING,
        )
    return articles[:MAX_ARTICLES]


def _report(modeladmin, request, article, result, revisions_before):
    if result is None:
        modeladmin.message_user(request, f"« {article} » : aucune page trouvée.", messages.ERROR)
    elif result.status == FAILED:
        modeladmin.message_user(request, f"« {article} » : échec — {french(result.error)}.", messages.ERROR)
    elif result.status == UNCHANGED:
        modeladmin.message_user(request, f"« {article} » : inchangé.", messages.INFO)
    elif result.status == CREATED or result.article != article.pk:
        modeladmin.message_user(
            request,
            f"« {article} » : la page a désormais une autre adresse ({result.url}) ;"
            " elle a été importée comme un nouvel article.",
            messages.WARNING,
        )
    elif result.status == UPDATED:
        kept = article.revisions.count() > revisions_before
        note = " ; la version précédente est conservée dans l'historique" if kept else ""
        modeladmin.message_user(request, f"« {article} » : mis à jour{note}.", messages.SUCCESS)
