"""Import jobs of the admin: an editor's URLs and files, previewed (a dry run), then imported by the one service.

    job = create_job(user=..., urls_text="https://…\\n…", uploads=[Upload(name, url, file)], section=None, limit=None)
    run_preview(job)       # in a background task (articles.tasks.enqueue_preview): job.preview
    claim_for_import(job)  # previewed → queued, once; then run_import(job) in a task: job.results, with progress

Every article is written by articles.pipeline.ingestion.ingest(); this module only feeds it and records what it says.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from articles.leases import held
from articles.models import Article, ImportJob, ImportUpload
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page
from articles.pipeline.results import CREATED, EXTRACTED, FAILED, UNCHANGED, UPDATED
from articles.storable import xml_text

IGNORED = "ignored"  # a duplicate line: imported once, the copy ignored
DONE = (CREATED, UPDATED, UNCHANGED)  # a resumed job does not import these again
UPDATE_PERMISSION = "articles.change_article"
STATUS_LABELS = {
    CREATED: "créé",
    UPDATED: "mis à jour",
    UNCHANGED: "inchangé",
    FAILED: "échec",
    EXTRACTED: "prêt",
    IGNORED: "ignoré",
}
LEAD_PREVIEW_CHARS = 400
MISSING_URL = "la page ne donne pas son adresse : indiquez son URL d'origine"
UPDATE_REFUSED = (
    "article déjà présent : le mettre à jour demande la permission de modifier les articles ; "
    "s'il a changé, il ne sera pas mis à jour"
)
_validate_url = URLValidator(schemes=["http", "https"])


@dataclass
class Upload:
    """A file from the import form: its name, its optional original URL, a readable file."""

    name: str
    url: str
    file: object


# --- Creating a job ------------------------------------------------------------------------------


def parse_urls(text):
    """(urls, rejected): the valid http(s) URLs of `text`, one per line, in order and once each.

    `rejected` holds a result for each invalid line and each repeated URL, in French.
    """
    urls, rejected = [], []
    for line in (text or "").splitlines():
        url = line.strip()
        if not url:
            continue
        try:
            _validate_url(url)
        except ValidationError:
            rejected.append(
                _result(url, FAILED, "URL invalide : seules les adresses http:// et https:// sont acceptées")
            )
            continue
        if url in urls:
            rejected.append(_result(url, IGNORED, "en double dans la liste : importée une seule fois"))
            continue
        urls.append(url)
    return urls, rejected


def create_job(*, user, urls_text, uploads=(), section=None, limit=None):
    """A new job (status previewing) holding the URLs and the uploaded bytes; bad input becomes rejected items."""
    urls, rejected = parse_urls(urls_text)
    job = ImportJob.objects.create(
        created_by=user if user and user.is_authenticated else None,
        urls=urls,
        section=section,
        limit=limit,
        rejected=rejected,
    )
    cap = settings.NEWSROOM_MAX_RESPONSE_BYTES
    for position, upload in enumerate(uploads):
        content = upload.file.read(cap + 1)
        label = f"fichier {upload.name}"
        if len(content) > cap:
            job.rejected.append(_result(label, FAILED, f"fichier trop volumineux (plus de {_size(cap)})"))
        elif not content.strip():
            job.rejected.append(_result(label, FAILED, "fichier vide"))
        else:
            ImportUpload.objects.create(
                job=job, position=position, name=xml_text(upload.name)[:255], url=upload.url or "", content=content
            )
    job.save(update_fields=["rejected"])
    return job


def claim_for_import(job):
    """Mark a previewed job as queued for its import; False if it was not waiting for that (a second click)."""
    # The preview's counters are not the import's: it counts its own items once it runs.
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
        status=ImportJob.Status.QUEUED, items_total=0, items_done=0, items_failed=0
    )
    return bool(queued)


# --- Running a job (in the task worker) ------------------------------------------------------------


def claim_for_resume(job):
    """Mark a failed job as queued again (an import resumes, a preview starts over); False if it had not failed."""
    resumed = ImportJob.Status.QUEUED if job.started_at else ImportJob.Status.PREVIEWING
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.FAILED).update(
        status=resumed, error="", finished_at=None, heartbeat_at=None
    )
    return bool(queued)


def run_preview(job):
    """Dry-run every input of the job: what each would become, and whether it already exists."""
    with held(job):
        _run_preview(job)


def run_import(job):
    """Import every input of the job through the service, saving progress after each item.

    A job resumed after an interruption skips the items its results already show imported.
    """
    with held(job):
        _run_import(job)


def _run_preview(job):
    uploads = list(job.uploads.all())
    progress = _Progress(job, uploads, keep_results=False)
    try:
        results = _ingest_job(job, uploads, dry_run=True, on_item=progress.item)
        existing = dict(
            Article.objects.filter(
                canonical_url__in=[result.extracted.canonical_url for _, result in results if result.extracted]
            ).values_list("canonical_url", "pk")
        )
        may_update = may_update_articles(job)
        job.preview = list(job.rejected) + [
            _preview_item(label, result, existing, may_update=may_update) for label, result in results
        ]
    except Exception as error:
        _fail(job, f"La prévisualisation a échoué : {error}")
        raise
    job.status = ImportJob.Status.PREVIEWED
    job.save(update_fields=["preview", "status"])


def _run_import(job):
    job.status, job.started_at = ImportJob.Status.RUNNING, job.started_at or timezone.now()
    uploads = list(job.uploads.all())
    done = [item for item in job.results if item["status"] in DONE and item not in job.rejected]
    skip = {item["source"] for item in done}
    job.results = list(job.rejected) + done
    job.items_failed = sum(1 for item in job.results if item["status"] == FAILED)
    uploads = [upload for upload in uploads if _label(upload) not in skip]
    progress = _Progress(job, uploads, keep_results=True)
    job.save()
    try:
        _ingest_job(job, uploads, dry_run=False, on_item=progress.item, skip=skip)
    except Exception as error:
        _fail(job, f"L'importation s'est arrêtée : {error}")
        raise
    job.status, job.finished_at = ImportJob.Status.DONE, timezone.now()
    job.save(update_fields=["status", "finished_at"])


def may_update_articles(job):
    """Whether the job may overwrite articles already in the newsroom: its creator may change them.

    Adding articles is what the import page needs; replacing one (a page naming its canonical
    URL) is changing it, which the admin grants separately.
    """
    return job.created_by is not None and job.created_by.has_perm(UPDATE_PERMISSION)


def _fail(job, message):
    job.status, job.error, job.finished_at = ImportJob.Status.FAILED, message, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


class _Progress:
    """Keeps the job's counters (and, when importing, its results) up to date after each item."""

    def __init__(self, job, uploads, *, keep_results):
        self.job, self.keep_results = job, keep_results
        self.before = len(job.results) if keep_results else 0  # already decided: rejected input
        self.urls = len(job.urls)  # until the service says how many pages its feeds and sitemaps list
        self.uploads = len(uploads)
        job.items_done = self.before
        if not keep_results:
            job.items_failed = 0
        self._total()

    def _total(self):
        self.job.items_total = self.before + self.urls + self.uploads

    def item(self, label, result, urls_total=None):
        job = self.job
        if urls_total is not None:
            self.urls = urls_total
        self._total()
        job.items_done += 1
        job.items_failed += result.status == FAILED
        job.heartbeat_at = timezone.now()  # a sign of life, between the lease's own beats
        fields = ["items_total", "items_done", "items_failed", "heartbeat_at"]
        if self.keep_results:
            job.results.append(_result(label, result.status, french_reason(result.reason), result))
            fields.append("results")
        job.save(update_fields=fields)


def _ingest_job(job, uploads, *, dry_run, on_item, skip=frozenset()):
    """[(label, ItemResult)]: the job's URLs in one ingest call, then its uploaded pages in another."""
    section = job.section.name if job.section_id else None
    results = []

    def url_progress(result, done, total):
        results.append((result.label, result))
        on_item(result.label, result, urls_total=total)

    may_update = may_update_articles(job)
    if job.urls:
        ingest(
            job.urls,
            section=section,
            limit=job.limit,
            dry_run=dry_run,
            progress=url_progress,
            may_update=may_update,
            skip=skip,
        )

    def upload_progress(result, done, total):
        results.append((result.label, result))
        on_item(result.label, result)

    if uploads:
        pages = [Page(_label(upload), url=upload.url or None, content=bytes(upload.content)) for upload in uploads]
        ingest(pages, section=section, dry_run=dry_run, progress=upload_progress, may_update=may_update)
    return results


def _label(upload):
    return f"fichier {upload.name}"


def _result(label, status, reason="", result=None):
    return {
        "source": xml_text(label),
        "status": status,
        "reason": xml_text(reason),  # a server's or parser's words: no NUL in a PostgreSQL JSON value
        "article": result.article if result else None,
        "title": result.title if result else "",
        "url": result.url if result else "",
    }


def _preview_item(label, result, existing, *, may_update=True):
    item = _result(label, result.status, french_reason(result.reason), result)
    extracted = result.extracted
    if extracted is None:
        return item
    main = next((image for image in extracted.images if image.is_main), None) or (
        extracted.images[0] if extracted.images else None
    )
    item.update(
        section=extracted.section or "",
        published=extracted.published.isoformat() if extracted.published else "",
        lead=_truncate(extracted.lead, LEAD_PREVIEW_CHARS),
        word_count=extracted.word_count,
        photo={"src": main.src, "caption": main.caption, "credit": main.credit} if main else None,
        existing=existing.get(extracted.canonical_url),
    )
    if item["existing"] and not may_update:
        item.update(status=FAILED, update_refused=True, reason=UPDATE_REFUSED)
    return item


def _truncate(text, length):
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def _size(n):
    return f"{n / 1024 / 1024:g} Mo" if n >= 1024 * 1024 else f"{n} octets"


# --- The service's reasons, in French ---------------------------------------------------------------

_REASONS = [
    (r"HTTP (\d+) redirect without a Location", r"redirection HTTP \1 sans adresse"),
    (r"HTTP (\d+)(?: (.*))?", r"le serveur a répondu HTTP \1 \2"),
    (r"host not found", "hôte introuvable"),
    (r"connection failed", "connexion impossible"),
    (r"timed out after (\S+) s reading the response", r"délai dépassé (\1 s) en lisant la réponse"),
    (r"timed out after (\S+) s", r"délai dépassé (\1 s)"),
    (
        r"not an HTML page, feed or sitemap \(content type (.*)\)",
        r"ni une page HTML, ni un flux, ni un sitemap (type \1)",
    ),
    (r"not an HTML page \(content type (.*)\)", r"pas une page HTML (type \1)"),
    (r"not an HTML page, feed or sitemap", "ni une page HTML, ni un flux, ni un sitemap"),
    (r"not an HTML page.*", "pas une page HTML"),
    (r"binary content, not an HTML page", "contenu binaire ou illisible : pas une page HTML"),
    (r"a (feed|sitemap|sitemap index), not an HTML page", r"un flux ou un sitemap, pas une page HTML"),
    (r"response larger than (.*)", r"réponse trop volumineuse (plus de \1)"),
    (r"(?:content|file) larger than (\d+) bytes.*", r"fichier trop volumineux (plus de \1 octets)"),
    (r"empty response", "réponse vide"),
    (r"empty file", "fichier vide"),
    (r"empty page", "page vide"),
    (r"no article text found", "aucun texte d'article trouvé dans la page"),
    (r"extraction took longer than (\S+) s", r"extraction trop longue (plus de \1 s)"),
    (r"more than (\d+) redirects", r"plus de \1 redirections"),
    (r"refused: (\S+) is an? (.+) address", r"adresse refusée : \1 n'est pas une adresse publique (\2)"),
    (r"refused: (\S+) resolves to (\S+) \((.+)\)", r"adresse refusée : \1 mène à \2, adresse non publique (\3)"),
    (r"refused: redirect to (\S+) \((.*)\)", r"redirection refusée vers \1 (\2)"),
    (r"refused: only http and https URLs are fetched.*", "adresse refusée : seules les URL http et https sont lues"),
    (r"refused: (.*)", r"adresse refusée : \1"),
    (r"malformed (.*?): (.*)", r"\1 mal formé : \2"),
    (r"URL longer than 2000 characters", "URL de plus de 2000 caractères"),
    (r"no stored page to extract again", "aucune page enregistrée à ré-extraire"),
    (r"the page does not give its address: give its original URL", MISSING_URL),
    (r"could not save: (.*)", r"enregistrement impossible : \1"),
    (r"already in the newsroom: updating it needs the permission to change articles", UPDATE_REFUSED),
    (r"TLS error: (.*)", r"erreur TLS : \1"),
    (r"network error: (.*)", r"erreur réseau : \1"),
]
_REASONS = [(re.compile(pattern + r"\Z", re.DOTALL), replacement) for pattern, replacement in _REASONS]


def french_reason(reason):
    """The service's reason (English, for the command line) as an editor reads it."""
    for pattern, replacement in _REASONS:
        match = pattern.match(reason)
        if match:
            return match.expand(replacement).strip()
    return reason
