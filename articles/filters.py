"""The search page's filters: every query parameter is validated by this FilterSet."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from .models import Article, Authorship, Photo, Section
from .search import DATE, RELEVANCE, find_articles
from .search.query import describe_cuts, parse

PERIODS = {"24h": timedelta(hours=24), "7j": timedelta(days=7), "30j": timedelta(days=30)}


class SectionsFilter(django_filters.ModelMultipleChoiceFilter):
    """Sections chosen by slug in the URL, compared by id: no join to the sections table for each
    article the search checks."""

    def get_filter_predicate(self, v):
        return {self.field_name: v}


class ArticleSearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Mots", method="filter_text", widget=forms.TextInput(attrs={"type": "search"}), max_length=1000
    )
    section = SectionsFilter(
        label="Rubriques",
        field_name="section",
        to_field_name="slug",
        queryset=Section.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        # An article has one section: the join cannot repeat rows, and DISTINCT would make the
        # page's count compare every column, bodies included (seconds at 100,000 articles).
        distinct=False,
    )
    periode = django_filters.ChoiceFilter(
        label="Période",
        choices=[("24h", "24 heures"), ("7j", "7 jours"), ("30j", "30 jours")],
        method="filter_period",
        empty_label="Toutes les dates",
    )
    du = django_filters.DateFilter(
        label="Du", field_name="published_at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    au = django_filters.DateFilter(
        label="Au", field_name="published_at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    auteur = django_filters.CharFilter(label="Auteur", method="filter_author", max_length=200)
    site = django_filters.CharFilter(label="Site", field_name="site_name", lookup_expr="iexact", max_length=200)
    photo = django_filters.BooleanFilter(
        label="Avec photo",
        method="filter_photo",
        widget=forms.Select(choices=[("", "Indifférent"), ("true", "Avec photo"), ("false", "Sans photo")]),
    )
    agence = django_filters.CharFilter(label="Agence photo ou crédit", method="filter_agency", max_length=100)
    tri = django_filters.ChoiceFilter(
        label="Trier par",
        choices=[(RELEVANCE, "pertinence"), (DATE, "date")],
        method="filter_nothing",  # read by filter_text, which orders the results
        empty_label=None,
    )

    class Meta:
        model = Article
        fields = []

    truncated = False  # set by filter_text: more articles matched than the search window keeps
    simplified = ""  # set by filter_text: why the words were searched in part (articles.search.query), in French

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._without = {}  # name → this search without that filter, searched once

    def filter_queryset(self, queryset):
        # The words go last: the search keeps the newest matches among what the other filters leave.
        data = self.form.cleaned_data
        for name, value in data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return self.filters["q"].filter(queryset, data.get("q"))

    def filter_text(self, queryset, name, value):
        order = self.form.cleaned_data.get("tri") or RELEVANCE
        queryset, self.truncated = find_articles(queryset, value, order=order)
        self.simplified = describe_cuts(parse(value))
        return queryset

    def filter_period(self, queryset, name, value):
        return queryset.filter(published_at__gte=timezone.now() - PERIODS[value])

    def filter_author(self, queryset, name, value):
        authorships = Authorship.objects.filter(article=OuterRef("pk"), author__name__icontains=value.strip())
        return queryset.filter(Exists(authorships))

    def filter_photo(self, queryset, name, value):
        has_photo = Exists(Photo.objects.filter(article=OuterRef("pk")))
        return queryset.filter(has_photo if value else ~has_photo)

    def filter_agency(self, queryset, name, value):
        value = value.strip()
        photos = Photo.objects.filter(article=OuterRef("pk"))
        by_agency, by_credit = photos.filter(agency__iexact=value), photos.filter(credit__icontains=value)
        return queryset.filter(Exists(by_agency) | Exists(by_credit))

    def filter_nothing(self, queryset, name, value):
        return queryset

    @property
    def text(self):
        """The words searched for, once validated ('' when there are none)."""
        self.errors  # noqa: B018 (validates the form)
        return (self.form.cleaned_data.get("q") or "").strip()

    @property
    def facets_truncated(self):
        """Whether a facet's counts come from a search that kept only its newest matches."""
        return self.without("section").truncated or self.without("agence").truncated

    def without(self, name):
        """The same search without one filter: facet counts for that filter come from it."""
        if not self.data.get(name):
            return self  # the same articles: no second search
        if name not in self._without:
            data = self.data.copy()
            data.pop(name, None)
            self._without[name] = type(self)(data, queryset=self.queryset)
        return self._without[name]


def section_facets(filterset):
    """[(section name, slug, count)] for the current search, ignoring the section filter."""
    rows = (
        filterset.without("section")
        .qs.order_by()
        .exclude(section=None)
        .values("section__name", "section__slug")
        .annotate(n=Count("id"))
        .order_by("-n", "section__name")
    )
    return [(row["section__name"], row["section__slug"], row["n"]) for row in rows]


def agency_facets(filterset, limit=12):
    """[(agency, count of articles)] for the current search, ignoring the agency filter."""
    articles = filterset.without("agence").qs.order_by().values("pk")
    rows = (
        Photo.objects.filter(article__in=articles)
        .exclude(agency="")
        .values("agency")
        .annotate(n=Count("article", distinct=True))
        .order_by("-n", "agency")[:limit]
    )
    return [(row["agency"], row["n"]) for row in rows]
