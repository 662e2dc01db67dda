"""/recherche/: the search page, its filters said back in French (chips, errors), facets, and pages past the end."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.dateformat import format as date_format
from django.views.generic import ListView

from .filters import ArticleSearchFilter, agency_facets, section_facets, site_facets
from .models import Article
from .search import highlight
from .stories.versions import attach_outlets

# What a result shows (the template, highlighting, the story's outlets): its other columns, the body's HTML
# above all, are not read (docs/BENCHMARKS.md, issue 16).
SHOWN = (
    "title",
    "slug",
    "section",
    "published_at",
    "published_time_known",
    "lead",
    "body_text",
    "language",
    "source_url",
    "site_name",
    "source_domain",
    "story",
)


def listed(articles):
    """What a list of results reads with each article: the columns it shows, its section and its story's
    outlets. Not its main photo, as a timeline does (for_listing): the results page shows none, and reading
    them was one more statement and 20 photos and images made (docs/BENCHMARKS.md, issue 16)."""
    return articles.select_related("section").with_outlets().only(*SHOWN)


class IdsFirstPaginator(Paginator):
    """A page of results read in two steps: its articles' ids in the search's order, then the list's
    rows for those ids alone. Ordered by a score, SQLite read every column of each of the 1,000
    matches (the bodies on their overflow pages) before keeping 20 (docs/BENCHMARKS.md, issue 16).

    `count`: how many results there are, when the search knows (ArticleSearchFilter.count): no
    statement counts them again (at 100,000 articles: SQLite 1 ms a page, PostgreSQL 2–3)."""

    def __init__(self, object_list, per_page, *args, count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.count = count  # Paginator.count is a cached property: this is its value

    def page(self, number):
        page = super().page(number)
        ids = list(page.object_list.values_list("pk", flat=True))
        # Unordered: they are put in the search's order here (the model's ordering was compiled and sorted for nothing).
        rows = listed(Article.objects.using(self.object_list.db).filter(pk__in=ids).order_by())
        found = {article.pk: article for article in rows}
        page.object_list = [found[pk] for pk in ids if pk in found]
        return page


class SearchView(ListView):
    """Full-text search with filters and facet counts; every parameter validated, every refusal said."""

    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = IdsFirstPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, count=self.filterset.count, **kwargs)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:  # a page number past the end (or not a number): say so, and offer the last page
            return render(request, "articles/search_no_page.html", self.missing_page_context(), status=404)

    def get_queryset(self):
        # Every version is searched, then each story shown once (articles.stories): a word that only
        # one outlet's version holds still finds the story.
        # Always bound: /recherche/ alone is the search of no words, as `?q=` is (every story, newest first).
        published = Article.objects.published()
        self.filterset = ArticleSearchFilter(self.request.GET, queryset=published, one_per_story=True)
        return listed(self.filterset.qs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.filterset.text
        older = self.filterset.older
        context.update(
            # When more matched than the search keeps: the newest matches, and the older articles kept for their title.
            older=older,
            recent=context["paginator"].count - older if context.get("paginator") else 0,
            filterset=self.filterset,
            query=query,
            typed_query=self.request.GET.get("q", ""),
            articles=attach_outlets(highlight(context["articles"], query)),
            section_facets=section_facets(self.filterset),
            agency_facets=agency_facets(self.filterset),
            site_facets=site_facets(self.filterset),
            active_filters=active_filters(self.filterset),
            filter_errors=filter_errors(self.filterset),
            sort=self.filterset.form.cleaned_data.get("tri"),
            search_section=self.searched_section(),
        )
        return context

    def searched_section(self):
        """The section the header box searches in: the only one chosen, if there is one. The form read it
        when it checked the slug (its `cleaned_data`: none when unknown): not read again."""
        if len(self.request.GET.getlist("section")) != 1:
            return None
        return next(iter(self.filterset.form.cleaned_data.get("section") or ()), None)

    def missing_page_context(self):
        pages = self.get_paginator(self.object_list, self.paginate_by).num_pages
        params = self.request.GET.copy()
        params["page"] = pages
        last = "?" + params.urlencode() if pages > 1 else "?" + _without_page(self.request.GET)
        return {"pages": pages, "last_page_url": last, "first_page_url": "?" + _without_page(self.request.GET)}


def _without_page(params):
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def active_filters(filterset):
    """[(label, value shown, parameter, value)] for each filter in use, to offer removing it."""
    filterset.errors  # noqa: B018 (validates the form)
    active = []
    for name, field in filterset.form.fields.items():
        if name in ("q", "tri") or name in filterset.form.errors:
            continue
        for value in filterset.data.getlist(name):
            if value not in ("", None):
                active.append((field.label, _shown(filterset, name, field, value), name, value))
    return active


def _shown(filterset, name, field, value):
    cleaned = filterset.form.cleaned_data.get(name)
    if name == "section":
        return next((s.name for s in cleaned or [] if s.slug == value), value)
    if name in ("du", "au") and cleaned:
        return date_format(cleaned, "j F Y")  # "16 février 2024", as the reader writes it
    if hasattr(field, "choices"):
        return dict(field.choices).get(value, value)
    return value


def filter_errors(filterset):
    """[(label, what was typed, why)] for each parameter the search could not use, in French."""
    errors = []
    for name, messages in filterset.form.errors.items():
        field = filterset.form.fields.get(name)
        typed = ", ".join(v for v in filterset.data.getlist(name) if v)
        for message in messages:
            errors.append((field.label if field else "Recherche", typed, message))
    return errors
