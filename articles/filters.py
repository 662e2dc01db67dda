"""The search page's filters: every query parameter is validated by this FilterSet."""

import copy
from datetime import datetime, time, timedelta
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import BigIntegerField, Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from .canonical import site_host
from .domains import registrable_domain
from .facets import counted_together, facet_rows
from .models import Article, Authorship, Photo, Section
from .search import DATE, RELEVANCE, find_articles, shared
from .search.expressions import in_ids
from .search.query import describe_cuts, parse
from .stories.versions import earliest_of_each_story

MAX_QUERY_CHARS = 1000
FACETS = ("section", "agence", "site")  # the filters whose facets count the search without them


class _Found(NamedTuple):
    """A search's every version of its stories, as the facets read a FilterSet (`qs`, `truncated`)."""

    qs: object
    truncated: bool


def stories(prefix=""):
    """A facet's count: stories, not articles, as the results show a story once (articles.stories);
    an article alone counts as a story of its own, by its id negated. `prefix` leads to the article."""
    key = Coalesce(f"{prefix}story", -F(f"{prefix}pk"), output_field=BigIntegerField())
    return Count(key, distinct=True)


PERIODS = {"24h": timedelta(hours=24), "7j": timedelta(days=7), "30j": timedelta(days=30)}


class _CopiedShallow:
    """A filter of the FilterSet, copied for each of its instances as django-filter does (copy.deepcopy of
    them all: 0.15 ms a FilterSet, each of a page's searches) but shallow: what a filter holds — its
    field's arguments, a section's queryset, its widget — is read, never changed, by a FilterSet; the
    copy gets its own `parent` and `model` (FilterSet.__init__), and its method is bound to it."""

    def __deepcopy__(self, memo):
        copied = copy.copy(self)
        copied.method = self.method  # a FilterMethod names its filter: one for the copy (none without a method)
        return copied


class CharFilter(_CopiedShallow, django_filters.CharFilter):
    pass


class ChoiceFilter(_CopiedShallow, django_filters.ChoiceFilter):
    pass


class DateFilter(_CopiedShallow, django_filters.DateFilter):
    pass


class BooleanFilter(_CopiedShallow, django_filters.BooleanFilter):
    pass


class SectionsFilter(_CopiedShallow, django_filters.ModelMultipleChoiceFilter):
    """Sections chosen by slug in the URL, compared by id: no join to the sections table for each
    article the search checks."""

    def get_filter_predicate(self, v):
        return {self.field_name: v}

    def filter(self, qs, value):
        # No section chosen: the form's value is an empty queryset (`.none()`), which django-filter's
        # `not value` ran through the ORM's compiler to find it empty (0.1 ms, each of a page's searches).
        if isinstance(value, QuerySet) and value.query.is_empty():
            return qs
        return super().filter(qs, value)


class SearchForm(forms.Form):
    """Checks what no single field can: words to search for, and dates in order."""

    def clean_q(self):
        q = self.cleaned_data.get("q") or ""
        if q.strip() and parse(q).is_empty and not parse(q).matches_nothing:
            raise forms.ValidationError("aucun mot à chercher (seulement des signes ou des mots trop courants)")
        return q

    def clean(self):
        data = super().clean()
        du, au = data.get("du"), data.get("au")
        if du and au and au < du:
            self.add_error("au", "cette date est avant celle du champ « Du »")
            data.pop("au", None)
        return data


class ArticleSearchFilter(django_filters.FilterSet):
    q = CharFilter(
        label="Mots",
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        max_length=MAX_QUERY_CHARS,
        error_messages={
            "max_length": "recherche trop longue : %(limit_value)d caractères au plus (%(show_value)d saisis)"
        },
    )
    section = SectionsFilter(
        label="Rubriques",
        field_name="section",
        to_field_name="slug",
        queryset=Section.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "rubrique inconnue : « %(value)s »"},
        # An article has one section: the join cannot repeat rows, and DISTINCT would make the
        # page's count compare every column, bodies included (docs/BENCHMARKS.md, « Measurements »).
        distinct=False,
    )
    periode = ChoiceFilter(
        label="Période",
        choices=[("24h", "24 heures"), ("7j", "7 jours"), ("30j", "30 jours")],
        method="filter_period",
        empty_label="Toutes les dates",
    )
    du = DateFilter(
        label="Du",
        field_name="published_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "date invalide (attendue sous la forme 2024-02-16 ou 16/02/2024)"},
    )
    au = DateFilter(
        label="Au",
        field_name="published_at",
        method="filter_until",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "date invalide (attendue sous la forme 2024-02-16 ou 16/02/2024)"},
    )
    auteur = CharFilter(label="Auteur", method="filter_author", max_length=200)
    site = CharFilter(label="Site (nom ou domaine)", method="filter_site", max_length=200)
    photo = BooleanFilter(
        label="Avec photo",
        method="filter_photo",
        widget=forms.Select(choices=[("", "Indifférent"), ("true", "Avec photo"), ("false", "Sans photo")]),
    )
    agence = CharFilter(label="Agence photo ou crédit", method="filter_agency", max_length=100)
    tri = ChoiceFilter(
        label="Trier par",
        choices=[(RELEVANCE, "pertinence"), (DATE, "date")],
        method="filter_nothing",  # read by filter_text, which orders the results
        empty_label=None,
    )

    class Meta:
        model = Article
        fields = []
        form = SearchForm

    def __init__(self, *args, one_per_story=False, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Kept by every search of the page (this one, and each facet's without one filter): what they
        # read whatever their filters is read once (articles.search.shared).
        self._page = {} if page is None else page
        # Each story once (articles.stories), by its earliest version among the results: the words
        # are searched in every version first. Facets count stories anyway (stories()).
        self.one_per_story = one_per_story
        self._per_story = False  # the search of the words kept one version per story already
        self._every = None  # the articles found, every version of a story kept (for the facets)
        self._without = {}  # name → this search without that filter, searched once
        self._facets = None  # the three facets' rows when counted together (_together)
        self._truncated = False  # more articles matched than the search window keeps (filter_text)
        self._older = 0  # articles older than the window, kept for their title (filter_text)
        self._count = None  # how many articles the words found, when the search counted them (filter_text)
        self._simplified = ""  # why the words were searched in part (articles.search.query), in French
        self._offer_house_sections()

    def get_form_class(self):
        """The form's class, made once for each FilterSet class: its fields are the same for every
        instance (each form copies them), and django-filter made them again, and the class, for each
        of a page's searches (a facet's search without one filter is one more)."""
        cls = type(self)
        if "_made_form_class" not in cls.__dict__:
            cls._made_form_class = super().get_form_class()
        return cls._made_form_class

    def _offer_house_sections(self):
        """The form's boxes: the newsroom's own sections and those chosen, not every source's label
        (the facet lists the others with their counts); any section's slug is still accepted."""
        data = self.data or {}
        chosen = set(data.getlist("section") if hasattr(data, "getlist") else [data.get("section")])
        read = []

        def offered():  # read only when the form is shown, not by each search the facets make; made then too
            if not read:
                shown = Q(house=True, hidden=False) | Q(slug__in=chosen)
                read.append(Section.objects.filter(shown).only("name", "slug"))
            return [(s.slug, s.name) for s in read[0]]

        self.form.fields["section"].widget.choices = offered

    @property
    def truncated(self):
        """Whether the words matched more articles than the search keeps (the newest are kept)."""
        self.qs  # noqa: B018 (the search runs once, with the queryset)
        return self._truncated

    @property
    def older(self):
        """How many of the results are older than the newest matches kept, kept for their title."""
        self.qs  # noqa: B018
        return self._older

    @property
    def count(self):
        """How many articles `qs` holds, when the search of the words counted them itself (the ids it kept);
        else None (no words), and the page counts them with a statement."""
        self.qs  # noqa: B018
        return self._count

    @property
    def simplified(self):
        """Why the words were searched in part, in French ('' when they were searched whole)."""
        self.qs  # noqa: B018
        return self._simplified

    def filter_queryset(self, queryset):
        # The words go last: the search keeps the newest matches among what the other filters leave.
        data = self.form.cleaned_data
        for name, value in data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        queryset = self.filters["q"].filter(queryset, data.get("q"))
        if self.one_per_story and not self._per_story:  # no words: every article the filters keep
            self._every = queryset
            queryset = queryset.first_of_each_story()
        return queryset

    def filter_text(self, queryset, name, value):
        order = self.form.cleaned_data.get("tri") or RELEVANCE
        keep = self._one_version_each if self.one_per_story else None
        again = any(self.data.get(facet) for facet in FACETS)  # a facet searches the words again without it
        with shared.one_page(self._page, again=again):
            queryset, self._truncated, self._older, self._count = find_articles(queryset, value, order=order, keep=keep)
        self._per_story = keep is not None
        if self._every is None:  # nothing was searched (only exclusions, no article to search): no story either
            self._every = queryset
        self._simplified = describe_cuts(parse(value))
        return queryset

    def _one_version_each(self, ids):
        """The search's `keep`: one version per story; every version matched stays for the facets."""
        using = self.queryset.db
        self._every = Article.objects.using(using).filter(in_ids(ids, using))
        return earliest_of_each_story(ids, using)

    def filter_period(self, queryset, name, value):
        return queryset.filter(published_at__gte=timezone.now() - PERIODS[value])

    def filter_until(self, queryset, name, value):
        """Published on that day or before, in the reader's time zone: before the next day starts there — a
        bound on `published_at` itself, which the date index and the search's windows can start from (on the
        day of each article's date, `date__lte`, every search walked its matches from today on)."""
        next_day = datetime.combine(value + timedelta(days=1), time.min)
        return queryset.filter(published_at__lt=timezone.make_aware(next_day))

    def filter_author(self, queryset, name, value):
        authorships = Authorship.objects.filter(article=OuterRef("pk"), author__name__icontains=value.strip())
        return queryset.filter(Exists(authorships))

    def filter_site(self, queryset, name, value):
        """By the site's name ("Le Monde") or its domain, with or without www or a subdomain, or any of its URLs."""
        value = value.strip()
        domain = site_host(value if "//" in value else f"https://{value}").lower()
        by_domain = Q(source_domain=domain) | Q(source_domain__endswith=f".{domain}") if "." in domain else Q()
        return queryset.filter(Q(site_name__iexact=value) | by_domain)

    def filter_photo(self, queryset, name, value):
        has_photo = Exists(Photo.objects.filter(article=OuterRef("pk")))
        return queryset.filter(has_photo if value else ~has_photo)

    def filter_agency(self, queryset, name, value):
        value = value.strip()
        # One EXISTS of either condition: each article's photos read once, not once a condition (the
        # search of a word with an agency 5–20 % faster on SQLite; PostgreSQL joins the photos once, 2–3×
        # faster without words, docs/BENCHMARKS.md, issue 16).
        by_either = Q(agency__iexact=value) | Q(credit__icontains=value)
        return queryset.filter(Exists(Photo.objects.filter(by_either, article=OuterRef("pk"))))

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
        return any(self.without(name).truncated for name in ("section", "agence", "site"))

    def without(self, name):
        """The same search without one filter, every version of a story kept: facet counts for that
        filter come from it (they count stories: a site's version of a story is that site's too)."""
        if not self.data.get(name):  # the same search
            self.qs  # noqa: B018 (runs it)
            return _Found(self._every, self._truncated) if self.one_per_story else self
        if name not in self._without:
            data = self.data.copy()
            data.pop(name, None)
            self._without[name] = type(self)(data, queryset=self.queryset, page=self._page)
        return self._without[name]


def _together(filterset, name):
    """The rows of facet `name` when the three facets count the same search (none of their filters
    is set) and articles.facets counts them in one statement (PostgreSQL): its articles read once,
    not once a facet (docs/BENCHMARKS.md, issue 16); else None."""
    if any(filterset.data.get(other) for other in FACETS):
        return None
    found = filterset.without(name).qs
    if not counted_together(found):
        return None
    if filterset._facets is None:
        filterset._facets = facet_rows(found)
    return filterset._facets[name]


def section_facets(filterset):
    """[(section name, slug, count)] for the current search, ignoring the section filter."""
    together = _together(filterset, "section")
    if together is not None:
        return together
    rows = (
        filterset.without("section")
        .qs.order_by()
        .exclude(section=None)
        .values("section__name", "section__slug")
        .annotate(n=stories())
        .order_by("-n", "section__name")
    )
    return [(row["section__name"], row["section__slug"], row["n"]) for row in rows]


def agency_facets(filterset, limit=12):
    """[(agency, count of articles)] for the current search, ignoring the agency filter."""
    # From the articles to their photos, one join: the articles' stories are at hand, and each
    # article's photos are read by its id (docs/BENCHMARKS.md, issue 16).
    together = _together(filterset, "agence")
    if together is not None:
        return together[:limit]
    rows = (
        filterset.without("agence")
        .qs.order_by()
        .filter(photos__agency__gt="")
        .values("photos__agency")
        .annotate(n=stories())
        .order_by("-n", "photos__agency")[:limit]
    )
    return [(row["photos__agency"], row["n"]) for row in rows]


def site_facets(filterset, limit=12):
    """[(site name, domain, count)] for the current search, ignoring the site filter; picked by domain.

    One site per registrable domain (articles.domains): www.example.com and edition.example.com
    are one site, picked by example.com (filter_site takes its subdomains too) and named as its
    own host names it, else as its host with the most stories does (else by its domain). Its count
    adds its hosts' counts: a story told by two hosts of one site would count twice.
    """
    rows = _together(filterset, "site")
    if rows is None:
        rows = (
            filterset.without("site")
            .qs.order_by()
            .exclude(source_domain="")
            .values_list("source_domain")
            .annotate(n=stories(), name=Max("site_name"))
            .order_by("-n", "source_domain")
        )
    sites = {}  # registrable domain → [count, its name, the one host's domain or the registrable one]
    for domain, n, name in rows:  # most stories first
        site_domain = registrable_domain(domain)
        site = sites.setdefault(site_domain, [0, "", domain])
        site[0] += n
        if name and (not site[1] or domain == site_domain):
            site[1] = name
        if site[2] != domain:
            site[2] = site_domain
    ordered = sorted(sites.values(), key=lambda site: (-site[0], site[2]))
    return [(name or domain, domain, count) for count, name, domain in ordered[:limit]]
