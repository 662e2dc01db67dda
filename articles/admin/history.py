"""The revisions page of an article: each earlier version and what changed after it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from articles.models import Article
from articles.revisions import MAX_LINES, MAX_PARAGRAPHS, MAX_REVISIONS_SHOWN, history


def revisions_page(model_admin, request, pk):
    article = get_object_or_404(Article, pk=pk)
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": f"Versions de « {article.title} »",
        "history": history(article),
        "revision_count": article.revisions.count(),
        "max_revisions": MAX_REVISIONS_SHOWN,
        "max_lines": MAX_LINES,
        "max_paragraphs": MAX_PARAGRAPHS,
    }
    return TemplateResponse(request, "admin/articles/revisions.html", context)
