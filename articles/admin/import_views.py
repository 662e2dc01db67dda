"""The "Importer des articles" pages: the form, then the job's preview, progress and results."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from articles import imports
from articles.admin.forms import ImportForm, UploadFormSet
from articles.models import Article, ImportJob

IMPORT_PERMISSION = "articles.add_article"
REFRESH_SECONDS = 2


def import_page(model_admin, request):
    _check_permission(request)
    form = ImportForm(request.POST or None)
    uploads = UploadFormSet(request.POST or None, request.FILES or None, prefix="fichiers")
    if request.method == "POST" and form.is_valid() and uploads.is_valid():
        files = [
            imports.Upload(row["file"].name, row.get("url", ""), row["file"])
            for row in uploads.cleaned_data
            if row.get("file")
        ]
        if form.cleaned_data["urls"].strip() or files:
            job = imports.create_job(
                user=request.user,
                urls_text=form.cleaned_data["urls"],
                uploads=files,
                section=form.cleaned_data["section"],
                limit=form.cleaned_data["limit"],
            )
            imports.enqueue_preview(job)
            return redirect(job.get_absolute_url())
        form.add_error(None, "Indiquez au moins une URL ou un fichier.")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": "Importer des articles",
        "form": form,
        "uploads": uploads,
        "recent_jobs": ImportJob.objects.select_related("created_by")[:5],
    }
    return TemplateResponse(request, "admin/articles/import.html", context)


def job_page(model_admin, request, pk):
    _check_permission(request)
    job = get_object_or_404(ImportJob.objects.select_related("section", "created_by"), pk=pk)
    if request.method == "POST":
        if imports.enqueue_import(job):
            messages.success(request, "Importation lancée : elle se poursuit en arrière-plan.")
        else:
            messages.warning(request, "Cette importation n'attend plus de confirmation.")
        return redirect(job.get_absolute_url())
    show_preview = job.status == ImportJob.Status.PREVIEWED or (
        job.status == ImportJob.Status.FAILED and not job.started_at
    )
    rows = [_row(item) for item in (job.preview if show_preview else job.results)]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": f"Importation n° {job.pk}",
        "job": job,
        "rows": rows,
        "show_preview": show_preview,
        "importable": sum(1 for row in rows if row["status"] == imports.EXTRACTED),
        "refresh": REFRESH_SECONDS if job.is_active else None,
        "percent": round(100 * job.items_done / job.items_total) if job.items_total else 0,
    }
    return TemplateResponse(request, "admin/articles/import_job.html", context)


def _check_permission(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


def _row(item):
    """A preview or result item, with its label in French and the links the page shows."""
    row = dict(item)
    row["status_label"] = imports.STATUS_LABELS.get(item["status"], item["status"])
    row["published"] = parse_datetime(item["published"]) if item.get("published") else None
    article = item.get("article") or item.get("existing")
    if article:
        row["admin_url"] = reverse("admin:articles_article_change", args=[article])
    return row
