"""The newsroom's data: sections, articles with their authors and photos, raw pages."""

import zlib
from urllib.parse import urlsplit

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Section(models.Model):
    name = models.CharField("nom", max_length=100, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    position = models.PositiveIntegerField("position", default=100, help_text="Ordre dans la navigation.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "rubrique"
        verbose_name_plural = "rubriques"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField("nom", max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "auteur"
        verbose_name_plural = "auteurs"

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles a reader may see: already published, newest first."""
        return self.filter(published_at__lte=timezone.now()).order_by("-published_at", "-id")

    def in_section(self, section):
        return self.filter(section=section)

    def by_author(self, name):
        return self.filter(authors__name__iexact=name)

    def with_photos(self):
        return self.filter(photos__isnull=False).distinct()

    def search(self, q, *, order="relevance"):
        """Articles matching a web-search query, best first (see articles.search)."""
        from articles.search import search_articles

        return search_articles(self, q, order=order)

    def for_listing(self):
        """Everything a timeline shows, in a fixed number of queries."""
        return self.select_related("section").prefetch_related(
            models.Prefetch("photos", queryset=Photo.objects.filter(is_main=True), to_attr="main_photos")
        )


class Article(models.Model):
    title = models.CharField("titre", max_length=500)
    slug = models.SlugField(max_length=255, allow_unicode=False)
    section = models.ForeignKey(
        Section, verbose_name="rubrique", on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    authors = models.ManyToManyField(Author, verbose_name="auteurs", through="Authorship", related_name="articles")
    published_at = models.DateTimeField(
        "publié le", db_index=False, help_text="Date de la source, sinon date de la première importation."
    )
    published_from_source = models.BooleanField("date donnée par la source", default=True)
    modified_at = models.DateTimeField("modifié le (source)", null=True, blank=True)
    lead = models.TextField("chapô", blank=True)
    body_html = models.TextField("corps (HTML assaini)", blank=True)
    body_text = models.TextField("corps (texte)", blank=True)
    language = models.CharField("langue", max_length=16, blank=True)
    source_url = models.URLField("URL donnée", max_length=2000)
    canonical_url = models.URLField("URL canonique", max_length=2000)
    site_name = models.CharField("site", max_length=200, blank=True)
    word_count = models.PositiveIntegerField("mots", default=0)
    fingerprint = models.CharField("empreinte du contenu", max_length=64)
    fetched_at = models.DateTimeField("téléchargé le", default=timezone.now)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "article"
        verbose_name_plural = "articles"
        constraints = [
            models.UniqueConstraint(fields=["canonical_url"], name="article_unique_canonical_url"),
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="article_timeline_idx"),
            models.Index(fields=["section", "-published_at", "-id"], name="article_section_timeline_idx"),
            models.Index(fields=["site_name"], name="article_site_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"pk": self.pk, "slug": self.slug or "article"})

    @property
    def source_host(self):
        """The site the article came from, as a reader would name it (lorientlejour.com)."""
        host = urlsplit(self.source_url).hostname or self.site_name
        return host.removeprefix("www.")

    @property
    def main_photo(self):
        photos = getattr(self, "main_photos", None)
        if photos is not None:
            return photos[0] if photos else None
        return self.photos.filter(is_main=True).first()


class Authorship(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="authorship_unique_author_per_article"),
        ]

    def __str__(self):
        return f"{self.author} — {self.article}"


class Photo(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    src = models.URLField("image", max_length=2000)
    alt = models.CharField("texte alternatif", max_length=1000, blank=True)
    caption = models.TextField("légende", blank=True)
    credit = models.CharField("crédit", max_length=300, blank=True)
    agency = models.CharField(
        "agence", max_length=100, blank=True, help_text="Tirée du crédit : articles.search.agency_from_credit."
    )
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    is_main = models.BooleanField("photo principale", default=False)

    class Meta:
        ordering = ["article", "position"]
        verbose_name = "photo"
        verbose_name_plural = "photos"
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="photo_unique_position"),
            models.UniqueConstraint(fields=["article"], condition=Q(is_main=True), name="photo_one_main_per_article"),
        ]
        indexes = [models.Index(fields=["agency"], name="photo_agency_idx")]

    def __str__(self):
        return self.caption[:80] or self.src


class RawPage(models.Model):
    """The HTML of an article's last fetch, compressed, to re-extract it without the network."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="raw_page")
    url = models.URLField(max_length=2000)
    compressed_html = models.BinaryField()
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "page brute"
        verbose_name_plural = "pages brutes"

    def __str__(self):
        return self.url

    @property
    def html(self):
        return zlib.decompress(bytes(self.compressed_html)).decode("utf-8")

    @html.setter
    def html(self, text):
        self.compressed_html = zlib.compress(text.encode("utf-8"), level=6)
