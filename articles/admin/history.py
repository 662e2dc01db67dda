"""The revisions page of an article: each earlier version and what changed after it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from articles.models import Article
from articles.revisions import history


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
    }
    return TemplateResponse(request, "admin/articles/revisions.html", context)
