"""The newsroom's data: sections, articles with their authors and photos, raw pages."""

import zlib
from datetime import UTC, timedelta

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from articles.canonical import outlet_name, site_host
from articles.extraction.credits import agency_from_credit
from articles.languages import language_tag
from articles.search import RELEVANCE, search_articles
from articles.sections import label_key
from articles.slugs import SlugField
from articles.storable import validate_date


class SectionQuerySet(models.QuerySet):
    def with_counts(self):
        """Each section with `article_count`, its published articles."""
        published = Q(articles__published_at__lte=timezone.now())
        return self.annotate(article_count=models.Count("articles", filter=published))

    def in_navigation(self):
        """The bar: the newsroom's own sections, not hidden, that have something to read."""
        published = Article.objects.published().filter(section=models.OuterRef("pk"))
        return self.filter(models.Exists(published), house=True, hidden=False)


class Section(models.Model):
    """A reader's section: the newsroom's own (in the bar) or one a source's label brought (listed only)."""

    name = models.CharField("nom", max_length=100, unique=True)
    slug = SlugField(max_length=120, unique=True)
    position = models.PositiveIntegerField("position", default=100, help_text="Ordre dans la navigation.")
    house = models.BooleanField(
        "rubrique de la rédaction",
        default=True,
        help_text="Dans la barre des rubriques. Celles qu'apportent les sources ne le sont pas : "
        "rattachez-les à une rubrique de la rédaction, ou cochez cette case.",
    )
    hidden = models.BooleanField("masquée de la barre", default=False)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "rubrique"
        verbose_name_plural = "rubriques"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class SectionAlias(models.Model):
    """A source's label an editor sent to a section: articles with it go there, now and when re-ingested."""

    label = models.CharField("libellé de la source", max_length=100)
    key = models.CharField(max_length=100, unique=True, editable=False)
    section = models.ForeignKey(Section, verbose_name="rubrique", on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        ordering = ["label"]
        verbose_name = "libellé de source"
        verbose_name_plural = "libellés des sources"

    def __str__(self):
        return f"{self.label} → {self.section}"

    def save(self, *args, **kwargs):
        self.key = label_key(self.label)[:100]
        super().save(*args, **kwargs)


class Author(models.Model):
    name = models.CharField("nom", max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "auteur"
        verbose_name_plural = "auteurs"

    def __str__(self):
        return self.name


class StoryOutlets(models.Expression):
    """The article's Story.outlets, by a subquery on the story's primary key.

    Not a join: a page's count leaves an unused annotation out, never a join. Written out rather
    than a Subquery(), whose compiling cost the timeline half a millisecond a page.
    """

    output_field = models.JSONField()

    def __init__(self):
        super().__init__()
        self.story = F("story_id")

    def get_source_expressions(self):
        return [self.story]

    def set_source_expressions(self, exprs):
        (self.story,) = exprs

    def as_sql(self, compiler, connection):
        story, params = compiler.compile(self.story)
        return f'(SELECT "outlets" FROM "articles_story" WHERE "id" = {story})', params  # noqa: S608 (a column)


class DerivingQuerySet(models.QuerySet):
    """bulk_create() sets each row's derived fields first, as save() does: no save() runs there."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.derive()
        return super().bulk_create(objs, *args, **kwargs)


class ArticleQuerySet(DerivingQuerySet):
    def published(self):
        """Articles a reader may see: already published, newest first."""
        return self.filter(published_at__lte=timezone.now()).order_by("-published_at", "-id")

    def one_per_story(self):
        """One article per story: the earliest version of each (articles.stories), and every ungrouped one."""
        return self.filter(listed=True)

    def first_of_each_story(self):
        """One article per story among these: each story's earliest version that this queryset holds.

        For the search page's filters without words (a site's articles: its versions of stories
        too). With words, the search keeps one per story among its matches instead
        (stories.versions.earliest_of_each_story): a subquery for each would reread them all.
        """
        same_story_before = Q(published_at__lt=OuterRef("published_at")) | Q(
            published_at=OuterRef("published_at"), pk__lt=OuterRef("pk")
        )
        earlier = self.order_by().filter(same_story_before, story=OuterRef("story"))
        return self.filter(Q(story__isnull=True) | ~Exists(earlier))

    def in_section(self, section):
        return self.filter(section=section)

    def with_outlets(self):
        """Each article's story's versions named (Story.outlets) as `story_outlets`, in the same query:
        what a list's "aussi chez …" reads (stories.versions.attach_outlets), with no query of its own."""
        return self.annotate(story_outlets=StoryOutlets())

    def search(self, q, *, order=RELEVANCE):
        """Articles matching a web-search query, best first (see articles.search)."""
        return search_articles(self, q, order=order)

    def for_listing(self):
        """Everything a timeline shows, in a fixed number of queries."""
        return self.select_related("section").prefetch_related(
            models.Prefetch(
                "photos", queryset=Photo.objects.filter(is_main=True).select_related("image"), to_attr="main_photos"
            )
        )


class Article(models.Model):
    title = models.CharField("titre", max_length=500)
    slug = SlugField(max_length=255)
    section = models.ForeignKey(
        Section, verbose_name="rubrique", on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    section_label = models.CharField(
        "rubrique donnée par la source", max_length=100, blank=True, help_text="Le libellé tel que la source le donne."
    )
    authors = models.ManyToManyField(Author, verbose_name="auteurs", through="Authorship", related_name="articles")
    published_at = models.DateTimeField(
        "publié le",
        db_index=False,
        help_text="Date de la source, sinon date de la première importation.",
        validators=[validate_date],
    )
    published_from_source = models.BooleanField("date donnée par la source", default=True)
    published_time_known = models.BooleanField(
        "heure de publication connue",
        default=True,
        help_text="Décoché quand la source ne donne que le jour : le lecteur affiche alors le jour seul.",
    )
    modified_at = models.DateTimeField("modifié le (source)", null=True, blank=True, validators=[validate_date])
    lead = models.TextField("chapô", blank=True)
    body_html = models.TextField("corps (HTML assaini)", blank=True)
    body_text = models.TextField("corps (texte)", blank=True)
    language = models.CharField("langue", max_length=16, blank=True)
    source_url = models.URLField("URL donnée", max_length=2000)
    canonical_url = models.URLField("URL canonique", max_length=2000)
    site_name = models.CharField("site", max_length=200, blank=True)
    source_domain = models.CharField(
        "domaine", max_length=253, blank=True, editable=False, help_text="Tiré de l'URL donnée, sans « www. »."
    )
    word_count = models.PositiveIntegerField("mots", default=0)
    fingerprint = models.CharField("empreinte du contenu", max_length=64)
    story = models.ForeignKey(
        "Story",
        verbose_name="histoire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        db_index=False,  # article_story_idx, partial
    )
    listed = models.BooleanField(
        "montré dans le fil",
        default=True,
        editable=False,
        help_text="Faux pour les autres versions d'une même histoire : le fil n'en montre que la première.",
    )
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
            models.Index(fields=["source_domain"], name="article_domain_idx"),
            # Only the articles in a story: on the whole column, SQLite's statistics (taken when
            # few articles had a story) counted every NULL as one key and made it read the whole
            # table rather than a story's few versions (docs/BENCHMARKS.md, Stories).
            models.Index(fields=["story"], name="article_story_idx", condition=Q(story__isnull=False)),
            # The timelines list one article per story (one_per_story): their pages and counts walk
            # these, never the table (the count of a page read every row: docs/BENCHMARKS.md, Stories).
            # `listed`, always true in them, is there so that SQLite counts from the index alone.
            models.Index(
                fields=["-published_at", "-id", "listed"], name="article_listed_idx", condition=Q(listed=True)
            ),
            models.Index(
                fields=["section", "-published_at", "-id", "listed"],
                name="article_listed_section_idx",
                condition=Q(listed=True),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive()
        if kwargs.get("update_fields") is not None and "source_url" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "source_domain"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"pk": self.pk, "slug": self.slug or "article"})

    def derive(self):
        """Set what the other fields decide, on every write path: the site's domain (the search's "site" facet)."""
        self.source_domain = site_host(self.source_url)

    @property
    def published_day(self):
        """The day of publication as a reader reads it: in the site's time zone, or the day the
        source gave when it gave no time (stored at midnight UTC, which a zone west of UTC would move)."""
        if self.published_time_known:
            return timezone.localtime(self.published_at).date()
        return self.published_at.astimezone(UTC).date()

    @property
    def lang(self):
        """The language tag of the article's text for HTML and feeds ("" when unknown)."""
        return language_tag(self.language)

    @property
    def source_name(self):
        """The publication as the reader meets it: the site's own name, else its domain."""
        return outlet_name(self.site_name, self.source_domain, self.source_url)

    @property
    def source_host(self):
        """The site the article came from, as a reader would name it (lorientlejour.com)."""
        return self.source_domain or site_host(self.source_url) or self.site_name

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


class StoredImage(models.Model):
    """One image file kept by the newsroom, stored once by its content (sha256): original and renditions.

    Its files live in the default storage under `photos/<sha256[:2]>/<sha256>/` (articles.photos.storage):
    the names are content-addressed, so they never change and are served as immutable.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    original = models.CharField("original", max_length=200)  # its storage name
    format = models.CharField(max_length=10)  # jpeg, png, webp, gif: the original's
    width = models.PositiveIntegerField()  # upright (EXIF orientation applied)
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField("taille (octets)")
    # {"w480.webp": [480, 320, bytes], "thumb.jpg": [320, 213, bytes], …}: files beside the original.
    renditions = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "image enregistrée"
        verbose_name_plural = "images enregistrées"

    def __str__(self):
        return f"{self.sha256[:12]} {self.width}×{self.height} {self.format}"

    def url(self, name):
        from articles.photos.storage import file_url  # the storage's concern, not the model's

        return file_url(self.sha256, name)

    def _widths(self, ext):
        files = self.renditions.items()
        return sorted((size[0], name) for name, size in files if name.startswith("w") and name.endswith(ext))

    def srcset(self, ext):
        return ", ".join(f"{self.url(name)} {width}w" for width, name in self._widths(ext))

    @property
    def webp_srcset(self):
        return self.srcset(".webp")

    @property
    def jpeg_srcset(self):
        return self.srcset(".jpg")

    @property
    def jpeg_src(self):
        """The fallback <img src>: the JPEG closest to 960 px wide."""
        return self.url(self.largest(".jpg", 960)[1])

    def largest(self, ext, at_most):
        widths = self._widths(ext)
        fitting = [item for item in widths if item[0] <= at_most]
        return fitting[-1] if fitting else widths[0]

    @property
    def thumb_webp(self):
        return self.url("thumb.webp")

    @property
    def thumb_jpeg(self):
        return self.url("thumb.jpg")

    def enclosure(self):
        """(url, length, type) of the JPEG a feed encloses: real bytes, real type."""
        name = self.largest(".jpg", 960)[1]
        return self.url(name), self.renditions[name][2], "image/jpeg"


class Photo(models.Model):
    PENDING, STORED, FAILED = "pending", "stored", "failed"
    STATES = [(PENDING, "à télécharger"), (STORED, "enregistrée"), (FAILED, "en échec")]

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    src = models.URLField("image", max_length=2000)
    alt = models.CharField("texte alternatif", max_length=1000, blank=True)
    caption = models.TextField("légende", blank=True)
    credit = models.CharField("crédit", max_length=300, blank=True)
    agency = models.CharField(
        "agence",
        max_length=100,
        blank=True,
        editable=False,
        help_text="Tirée du crédit à chaque enregistrement (articles.extraction.credits.agency_from_credit).",
    )
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    is_main = models.BooleanField("photo principale", default=False)
    # The file the newsroom keeps (articles.photos): readers are only ever shown that, never `src`.
    image = models.ForeignKey(
        StoredImage, verbose_name="image enregistrée", null=True, blank=True, on_delete=models.SET_NULL
    )
    state = models.CharField("état", max_length=10, choices=STATES, default=PENDING)
    error = models.CharField("raison de l'échec", max_length=40, blank=True)  # a code of articles.messages
    error_params = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField("dernière tentative", null=True, blank=True)
    body_position = models.PositiveSmallIntegerField(
        "place dans le texte",
        null=True,
        blank=True,
        help_text="Nombre de blocs du texte (paragraphes, intertitres…) avant la photo ; vide : après le texte.",
    )

    objects = DerivingQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        verbose_name = "photo"
        verbose_name_plural = "photos"
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="photo_unique_position"),
            models.UniqueConstraint(fields=["article"], condition=Q(is_main=True), name="photo_one_main_per_article"),
        ]
        indexes = [
            models.Index(fields=["agency"], name="photo_agency_idx"),
            models.Index(fields=["state"], name="photo_state_idx"),
        ]

    def __str__(self):
        return self.caption[:80] or self.src

    def save(self, *args, **kwargs):
        self.derive()
        if kwargs.get("update_fields") is not None and "credit" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "agency"}
        super().save(*args, **kwargs)

    def derive(self):
        """Set what the other fields decide: the agency, read from the credit (the search facet's)."""
        self.agency = agency_from_credit(self.credit)


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
        self.compressed_html = self.compress(text)

    # zlib's level 2: a third of level 6's CPU for 15 % more bytes (on the dev pages 1.5 against 4.3 ms a
    # page, 52 against 45 KB), the largest step of an import beside the extraction; level 1 spares 0.05 ms
    # more for 4 % more bytes (docs/BENCHMARKS.md, issue 18). Rows of any level read back the same.
    LEVEL = 2

    @staticmethod
    def compress(text):
        """compressed_html of the page `text` (ingestion compresses in its extraction workers, or its writer)."""
        return zlib.compress(text.encode("utf-8"), level=RawPage.LEVEL)


class Revision(models.Model):
    """An article's title, lead and body as they were before a re-fetch or re-extraction changed them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField("titre", max_length=500)
    lead = models.TextField("chapô", blank=True)
    body_html = models.TextField("corps (HTML assaini)", blank=True)
    body_text = models.TextField("corps (texte)", blank=True)
    created_at = models.DateTimeField("remplacée le", default=timezone.now)

    class Meta:
        ordering = ["article", "-created_at", "-id"]
        verbose_name = "révision"
        verbose_name_plural = "révisions"

    def __str__(self):
        return f"{self.title} ({self.created_at:%Y-%m-%d %H:%M})"


class ImportJob(models.Model):
    """An editor's import from the admin: its sources, its preview, then its progress (its results: ImportItem)."""

    class Status(models.TextChoices):
        PREVIEWING = "previewing", "prévisualisation en cours"
        PREVIEWED = "previewed", "prévisualisé, en attente"
        QUEUED = "queued", "en file d'attente"
        RUNNING = "running", "en cours"
        DONE = "done", "terminé"
        FAILED = "failed", "échec"

    status = models.CharField("état", max_length=16, choices=Status.choices, default=Status.PREVIEWING)
    urls = models.JSONField("URL", default=list, blank=True)
    section = models.ForeignKey(
        Section, verbose_name="rubrique imposée", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    limit = models.PositiveIntegerField("limite", null=True, blank=True)
    rejected = models.JSONField("refusés d'emblée", default=list, blank=True)
    preview = models.JSONField("prévisualisation", default=list, blank=True)
    items_total = models.PositiveIntegerField("éléments", default=0)
    items_done = models.PositiveIntegerField("traités", default=0)
    items_failed = models.PositiveIntegerField("en échec", default=0)
    error = models.TextField("erreur", blank=True)
    created_by = models.ForeignKey(
        "auth.User", verbose_name="par", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    # The lease of the worker process running the job: it renews heartbeat_at while it works
    # (articles.pipeline.jobs), so a job whose worker died (kill -9, a lost machine) is told apart.
    worker = models.CharField("processus", max_length=200, blank=True)
    heartbeat_at = models.DateTimeField("dernier signe de vie", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "importation"
        verbose_name_plural = "importations"

    def __str__(self):
        return f"Importation n° {self.pk}"

    def get_absolute_url(self):
        return reverse("admin:articles_article_import_job", kwargs={"pk": self.pk})

    @property
    def is_active(self):
        """Still working: the page showing it refreshes itself."""
        return self.status in (self.Status.PREVIEWING, self.Status.QUEUED, self.Status.RUNNING)


class ImportUpload(models.Model):
    """A saved HTML page uploaded for an import, kept so the preview and the import read the same bytes."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="uploads")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField("fichier", max_length=255)
    url = models.URLField("URL d'origine", max_length=2000, blank=True)
    content = models.BinaryField()

    class Meta:
        ordering = ["job", "position"]
        verbose_name = "fichier importé"
        verbose_name_plural = "fichiers importés"

    def __str__(self):
        return self.name


class ImportChunk(models.Model):
    """A share of an import's inputs, run as one task: several workers (`manage.py db_worker`, on
    one machine or several sharing the database) import one big job at once, a chunk each.

    A chunk whose worker stops renewing its lease (kill -9, a lost machine) is queued again and
    imports only what it had not reported (articles.pipeline.chunks)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "en file d'attente"
        RUNNING = "running", "en cours"
        DONE = "done", "terminé"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="chunks")
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    urls = models.JSONField(default=list, blank=True)
    uploads = models.JSONField(default=list, blank=True)  # ImportUpload ids
    items_total = models.PositiveIntegerField(default=0)  # its inputs, then the pages they gave
    items_done = models.PositiveIntegerField(default=0)  # its results recorded (ImportItem), by all its runs
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="import_chunk_unique_position")]

    def __str__(self):
        return f"{self.job} — part {self.position}"


class ImportItem(models.Model):
    """One result of an import: a page (or input, or rejected line), what became of it and why.

    Written in the transaction that wrote its article (articles.pipeline.progress), once: `key`
    (the URL's hash, the upload's id, the rejected line's place) is unique in its job, so a chunk
    run again after its worker died never counts an item twice."""

    # No index of its own: the unique (job, key) one serves.
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="items", db_index=False)
    key = models.CharField(max_length=64)
    source = models.TextField("source")
    status = models.CharField("résultat", max_length=16)
    reason = models.TextField("raison", blank=True)
    article = models.BigIntegerField("article", null=True, blank=True)  # its id; no key: the article may go
    title = models.TextField("titre", blank=True)
    url = models.TextField("URL canonique", blank=True)

    class Meta:
        ordering = ["id"]  # not by job: that would join ImportJob (and its own ordering) to every look-up
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="import_item_unique_key")]
        # The job page's counts and its pages of failures, in order, without reading the rest.
        indexes = [models.Index(fields=["job", "status", "id"], name="import_item_status")]
        verbose_name = "résultat d'importation"
        verbose_name_plural = "résultats d'importation"

    def __str__(self):
        return f"{self.source} : {self.status}"


class Source(models.Model):
    """A feed or sitemap the newsroom follows: `manage.py poll` imports its new entries when due."""

    class State(models.TextChoices):
        NEVER = "", "jamais interrogée"
        OK = "ok", "à jour"
        NOT_MODIFIED = "not_modified", "inchangée (304)"
        ERROR = "error", "erreur"

    url = models.URLField("URL du flux ou du sitemap", max_length=2000)
    name = models.CharField("nom", max_length=200, blank=True)
    section = models.ForeignKey(
        Section, verbose_name="rubrique par défaut", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField("suivie", default=True)
    interval = models.PositiveIntegerField("intervalle (minutes)", default=60)
    last_checked_at = models.DateTimeField("dernière interrogation", null=True, blank=True)
    etag = models.CharField("ETag", max_length=500, blank=True)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    state = models.CharField("état", max_length=16, choices=State.choices, blank=True, default=State.NEVER)
    last_error = models.TextField("dernière erreur", blank=True)
    last_counts = models.JSONField("derniers résultats", default=dict, blank=True)

    class Meta:
        ordering = ["name", "url"]
        verbose_name = "source suivie"
        verbose_name_plural = "sources suivies"
        constraints = [
            models.UniqueConstraint(fields=["url"], name="source_unique_url"),
            models.CheckConstraint(condition=Q(interval__gte=1), name="source_interval_positive"),
        ]

    def __str__(self):
        return self.name or self.url

    def is_due(self, now=None):
        if self.last_checked_at is None:
            return True
        return self.last_checked_at + timedelta(minutes=self.interval) <= (now or timezone.now())


class Story(models.Model):
    """One story told by several articles (versions from several outlets): the reader shows it once."""

    pinned = models.BooleanField(
        "décidée par la rédaction",
        default=False,
        help_text="Ses articles n'en sortent plus d'eux-mêmes, même réimportés ; d'autres peuvent la rejoindre.",
    )
    # Kept by stories.grouping.settle() whenever its articles change, in their transaction: the lists
    # name the other outlets from the story's row, never reading its articles (docs/BENCHMARKS.md, Stories).
    outlets = models.JSONField(
        "versions",
        default=list,
        editable=False,
        help_text="[id, média] de chacun de ses articles, du premier publié au dernier.",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "histoire"
        verbose_name_plural = "histoires"

    def __str__(self):
        return f"Histoire n° {self.pk}"


class StoryFingerprint(models.Model):
    """An article's text signature (articles.stories.fingerprint): compared with its candidates."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="story_fingerprint"
    )
    signature = models.BinaryField()
    size = models.PositiveIntegerField("shingles", default=0)

    class Meta:
        verbose_name = "empreinte de texte"
        verbose_name_plural = "empreintes de texte"

    def __str__(self):
        return f"Empreinte de l'article {self.article_id}"


class StoryBand(models.Model):
    """One LSH band key of an article: articles sharing a key are compared, found by this index, never a scan."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key"], name="storyband_key_idx")]

    def __str__(self):
        return f"{self.key} → {self.article_id}"
