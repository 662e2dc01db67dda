"""The "Importer des articles" pages: the form, then the job's preview, progress and results."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from articles import tasks
from articles.admin.forms import ImportForm, UploadFormSet
from articles.messages import COUNT_LABELS, STATUS_LABELS
from articles.models import Article, ImportJob
from articles.pipeline import jobs, progress
from articles.pipeline.results import CREATED, EXTRACTED, FAILED, UNCHANGED, UPDATED

IMPORT_PERMISSION = "articles.add_article"
POLL_SECONDS = 2  # how often the page's script asks for the job's progress while it works
RESULTS_PER_PAGE = 50  # an import of 100,000 pages is read a page at a time
SHOWN_STATUSES = (FAILED, CREATED, UPDATED, UNCHANGED, jobs.IGNORED)  # the filters, failures first


def import_page(model_admin, request):
    _check_permission(request)
    tasks.recover_stale()
    form = ImportForm(request.POST or None)
    uploads = UploadFormSet(request.POST or None, request.FILES or None, prefix="fichiers")
    if request.method == "POST" and form.is_valid() and uploads.is_valid():
        files = [
            jobs.Upload(row["file"].name, row.get("url", ""), row["file"])
            for row in uploads.cleaned_data
            if row.get("file")
        ]
        if form.cleaned_data["urls"].strip() or files:
            job = jobs.create_job(
                user=request.user,
                urls_text=form.cleaned_data["urls"],
                uploads=files,
                section=form.cleaned_data["section"],
                limit=form.cleaned_data["limit"],
            )
            tasks.enqueue_preview(job)
            return redirect(job.get_absolute_url())
        form.add_error(None, "Indiquez au moins une URL ou un fichier.")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": "Importer des articles",
        "form": form,
        "uploads": uploads,
        "recent_jobs": visible_jobs(request.user).select_related("created_by")[:5],
    }
    return TemplateResponse(request, "admin/articles/import.html", context)


def job_page(model_admin, request, pk):
    _check_permission(request)
    job = get_object_or_404(visible_jobs(request.user).select_related("section", "created_by"), pk=pk)
    tasks.recover_if_stale(job)  # a job whose worker died shows as interrupted, not « en cours » forever
    if request.method == "POST" and "resume" in request.POST:
        if tasks.enqueue_resume(job):
            messages.success(request, "Importation relancée : elle reprend en arrière-plan là où elle s'était arrêtée.")
        else:
            messages.warning(request, "Cette importation n'est pas interrompue.")
        return redirect(job.get_absolute_url())
    if request.method == "POST":
        if tasks.enqueue_import(job):
            messages.success(request, "Importation lancée : elle se poursuit en arrière-plan.")
        else:
            messages.warning(request, "Cette importation n'attend plus de confirmation.")
        return redirect(job.get_absolute_url())
    show_preview = job.status == ImportJob.Status.PREVIEWED or (
        job.status == ImportJob.Status.FAILED and not job.started_at
    )
    shown = {} if show_preview else results_context(job, request.GET)
    rows = [_row(item) for item in (job.preview if show_preview else shown["page"])]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": f"Importation n° {job.pk}",
        "job": job,
        "rows": rows,
        "show_preview": show_preview,
        "importable": sum(1 for row in rows if row["status"] == EXTRACTED),
        **shown,
        "poll_seconds": POLL_SECONDS,
        **progress_context(job),
    }
    return TemplateResponse(request, "admin/articles/import_job.html", context)


def job_progress(model_admin, request, pk):
    """The job's state for the page's script: the progress fragment, and whether it still works."""
    _check_permission(request)
    job = get_object_or_404(visible_jobs(request.user).select_related("section"), pk=pk)
    tasks.recover_if_stale(job)
    context = {"job": job, "finished_while_watching": True, **progress_context(job)}
    html = render_to_string("admin/articles/import_progress.html", context, request)
    return JsonResponse({"active": job.is_active, "status": job.status, "html": html})


def results_context(job, query):
    """The results' counts, and one page of them: the failures first (when there are some), or
    those of the status chosen (`etat`), or all of them (`etat=tous`)."""
    counts = progress.counts(job)
    chosen = query.get("etat") or (FAILED if counts[FAILED] else "tous")
    status = chosen if chosen in SHOWN_STATUSES else None
    paginator = Paginator(progress.items(job, status), RESULTS_PER_PAGE)
    paginator.count = counts[status] if status else sum(counts.values())  # counted already: no second pass
    page = paginator.get_page(query.get("page"))
    filters = [("tous", "tous", sum(counts.values()))] + [
        (name, COUNT_LABELS.get(name, "ignorés"), counts[name]) for name in SHOWN_STATUSES if counts[name]
    ]
    return {"page": page, "filters": filters, "chosen": status or "tous"}


def progress_context(job):
    """What the progress line shows: a bar only for the step that counts its own items.

    A queued import has counted nothing yet (the preview's counters are not its own), so it
    shows no bar; a preview counts pages previewed, an import pages processed.
    """
    counting = job.status == ImportJob.Status.PREVIEWING or job.started_at is not None
    return {
        "show_bar": counting and job.items_total > 0,
        "bar_word": "prévisualisé" if job.status == ImportJob.Status.PREVIEWING else "traité",
        "percent": round(100 * job.items_done / job.items_total) if job.items_total else 0,
    }


def visible_jobs(user):
    """The import jobs `user` may see and confirm: their own; a superuser's, everyone's."""
    jobs = ImportJob.objects.all()
    return jobs if user.is_superuser else jobs.filter(created_by=user)


def _check_permission(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


def _row(item):
    """A preview or result item (or ImportItem), with its label in French and the links the page shows."""
    row = dict(item) if isinstance(item, dict) else progress.as_row(item)
    row["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
    row["published"] = parse_datetime(row["published"]) if row.get("published") else None
    article = row.get("article") or row.get("existing")
    if article:
        row["admin_url"] = reverse("admin:articles_article_change", args=[article])
    return row
