"""Import jobs in the admin: the list of past imports; adding one opens the import page."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from articles import tasks
from articles.admin.import_views import IMPORT_PERMISSION, visible_jobs
from articles.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["job", "created_at", "created_by", "status", "progress", "items_failed"]
    list_filter = ["status"]
    list_select_related = ["created_by"]

    def changelist_view(self, request, extra_context=None):
        tasks.recover_stale()
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        # An editor's import (its URLs, files and preview) is theirs; superusers see every one.
        return visible_jobs(request.user).select_related("created_by")

    # Jobs are made and read through the import pages; this list links to them.
    def has_add_permission(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(IMPORT_PERMISSION) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:articles_article_import")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:articles_article_import_job", pk=object_id)

    @admin.display(description="importation")
    def job(self, job):
        return format_html('<a href="{}">{}</a>', reverse("admin:articles_article_import_job", args=[job.pk]), job)

    @admin.display(description="avancement")
    def progress(self, job):
        return f"{job.items_done} / {job.items_total}"
