"""Synthetic French articles for demos and benchmarks: deterministic, from the shipped vocabulary.

    drafts = list(generate(100, seed=1))             # no database: ArticleDraft objects
    report = create_articles(10_000, seed=1)          # bulk inserts, then the search index

Articles are written through ingestion's own mapping (`fill_article`, `photo_rows`), in bulk.

Words are drawn from `data/vocabulaire_fr.txt` with Zipf-like frequencies (rank in the file),
so some words are in most articles and some in a handful, as in a real archive. Nouns,
adjectives and verbs agree in gender and number often enough for stemming to matter.
"""

import html
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from itertools import accumulate, islice
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.extraction import ExtractedArticle, ExtractedImage
from articles.models import Article, Author, Authorship, Photo, Section
from articles.pipeline.writing import author_names, content_fingerprint, fill_article, photo_rows, photos_to_store
from articles.search import reindex

VOCABULARY = Path(__file__).parent / "data" / "vocabulaire_fr.txt"
SITE_NAME = "Le Quotidien synthétique"
BASE_URL = "https://synthetique.newsroom.example"
DAYS = 730  # publication dates spread over two years before `now`
BODY_WORDS = (150, 600)
RARE_RATE = 0.004  # share of noun slots given to a niche word

# Section weights: a general daily, home news first.
SECTION_WEIGHTS = [25, 15, 15, 8, 12, 10, 8, 7]
CREDITS = [  # (weight, credit): the agency facet reads the agency from the credit, as ingestion does
    (30, "Photo AFP/{name}"),
    (18, "Reuters/{name}"),
    (12, "AP Photo/{name}"),
    (6, "ANI"),
    (5, "{name}/Getty Images"),
    (5, "EPA/{name}"),
    (4, "Photo Anadolu/{name}"),
    (3, "Xinhua/{name}"),
    (5, "Dalati et Nohra"),
    (3, "Photo NNA"),
    (9, "Photo {name}"),
    (4, "Crédit : Défense civile"),
    (3, "Photo d'archive fournie par la famille"),
]
PHOTO_COUNTS = ([0, 1, 2, 3], [25, 50, 15, 10])
VOWELS = tuple("aeiouyhàâéèêëîïôöûüœAEIOUYHÀÂÉÈÊËÎÏÔÖÛÜŒ")


@dataclass(frozen=True)
class Vocabulary:
    """The blocks of the vocabulary file, each a list of tuples of forms in frequency order."""

    blocks: dict

    @classmethod
    def load(cls, path=VOCABULARY):
        blocks, current = {}, None
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                current = blocks.setdefault(line[1:-1], [])
            else:
                current.append(tuple(form.strip() for form in line.split("|")))
        return cls(blocks)

    def __getitem__(self, name):
        return self.blocks[name]

    @cached_property
    def words(self):
        """Every form of every entry, for tests and the curious."""
        return {form for entries in self.blocks.values() for entry in entries for form in entry}


class Zipf:
    """Draws items with weight 1 / (rank + offset) ** exponent; the first item is the most frequent."""

    def __init__(self, items, exponent=1.0, offset=2.0):
        self.items = list(items)
        self.cumulative = list(accumulate(1 / (rank + offset) ** exponent for rank in range(len(self.items))))

    def __call__(self, rng):
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


@dataclass
class PhotoDraft:
    caption: str
    credit: str


@dataclass
class ArticleDraft:
    title: str
    section: str
    authors: list
    published_at: object
    lead: str
    body_html: str
    body_text: str
    word_count: int
    photos: list = field(default_factory=list)


class Writer:
    """French-looking news text: noun phrases, sentences, titles, paragraphs, captions."""

    def __init__(self, vocabulary, rng):
        self.rng = rng
        self.nouns = Zipf([(form, "f") for form in vocabulary["noms féminins"]])
        self.nouns_m = Zipf([(form, "m") for form in vocabulary["noms masculins"]])
        self.rare = Zipf([((sg, pl), gender) for gender, sg, pl in vocabulary["mots rares"]], offset=1.0)
        self.adjectives = Zipf(vocabulary["adjectifs"])
        self.verbs = Zipf(vocabulary["verbes"])
        self.speech = [entry[0] for entry in vocabulary["verbes"][:10]]
        self.places = Zipf(vocabulary["lieux"])
        self.institutions = Zipf([entry[0] for entry in vocabulary["institutions"]])
        self.first_names = [entry[0] for entry in vocabulary["prénoms"]]
        self.last_names = [entry[0] for entry in vocabulary["noms de famille"]]
        self.openers = Zipf([entry[0] for entry in vocabulary["liaisons"]], offset=4.0)

    def person(self):
        return f"{self.rng.choice(self.first_names)} {self.rng.choice(self.last_names)}"

    def noun(self):
        """((singular, plural), gender): feminine and masculine nouns alike, now and then a rare one."""
        rng = self.rng
        if rng.random() < RARE_RATE:
            return self.rare(rng)
        return (self.nouns if rng.random() < 0.5 else self.nouns_m)(rng)

    def noun_phrase(self, definite=True, plural=None, complement=True):
        """'la sécurité maritime', 'des élections législatives du Parlement'; returns (text, gender, plural)."""
        rng = self.rng
        (singular, plural_form), gender = self.noun()
        plural = rng.random() < 0.3 if plural is None else plural
        word = plural_form if plural else singular
        if plural:
            det = "les" if definite else "des"
        elif definite:
            det = "l'" if word.startswith(VOWELS) else ("la" if gender == "f" else "le")
        else:
            det = "une" if gender == "f" else "un"
        words = [det + word if det == "l'" else f"{det} {word}"]
        if rng.random() < 0.45:
            m, f, mp, fp = self.adjectives(rng)
            words.append((fp if gender == "f" else mp) if plural else (f if gender == "f" else m))
        if complement and rng.random() < 0.3:
            other, _, _ = self.noun_phrase(definite=True, complement=False)
            words.append(_de(other))
        return " ".join(words), gender, plural

    def verb(self, plural):
        present, present_plural, participle = self.verbs(self.rng)
        if self.rng.random() < 0.6:
            return present_plural if plural else present
        return ("ont " if plural else "a ") + participle

    def said(self):
        """A verb of speech after a quotation: affirme, déclare, estime..."""
        return self.rng.choice(self.speech)

    def place(self):
        return self.places(self.rng)[1]

    def sentence(self):
        rng = self.rng
        kind = rng.random()
        subject, _, plural = self.noun_phrase()
        obj, _, _ = self.noun_phrase()
        if kind < 0.45:
            text = f"{subject} {self.verb(plural)} {obj}"
            if rng.random() < 0.5:
                text += f" {self.place()}"
        elif kind < 0.6:
            text = f"{self.institutions(rng)} {self.verb(False)} {obj} {self.place()}"
        elif kind < 0.75:
            text = f"« {_capital(subject)} {self.verb(plural)} {obj} », {self.said()} {self.person()}"
        elif kind < 0.87:
            who, _, _ = self.noun_phrase(plural=False, complement=False)
            text = f"{subject}, selon {self.person()}, {self.verb(plural)} {obj} depuis {who}"
        else:
            change = rng.choice(("augmente", "baisse", "recule", "progresse"))
            change = change + "nt" if plural else change
            text = f"{subject} {change} de {rng.randint(2, 95)} % en {rng.choice(MONTHS)}, selon {obj}"
        if rng.random() < 0.25:
            return f"{self.openers(rng)} {text}."
        return _capital(text) + "."

    def title(self):
        rng = self.rng
        subject, _, plural = self.noun_phrase(complement=False)
        obj, _, _ = self.noun_phrase(complement=False)
        if rng.random() < 0.4:
            return f"{self.places(rng)[0]} : {subject} {self.verb(plural)} {obj}"
        return _capital(f"{subject} {self.verb(plural)} {obj}")

    def subheading(self):
        return _capital(self.noun_phrase(complement=True)[0])

    def body(self, target_words):
        """(HTML, plain text, word count): paragraphs of 2 to 5 sentences, sometimes subheadings."""
        rng = self.rng
        with_headings = rng.random() < 0.35
        blocks, words, paragraphs = [], 0, 0
        while words < target_words:
            if with_headings and paragraphs and paragraphs % 3 == 0 and blocks[-1][0] == "p":
                heading = self.subheading()
                blocks.append(("h2", heading))
            paragraph = " ".join(self.sentence() for _ in range(rng.randint(2, 5)))
            blocks.append(("p", paragraph))
            words += paragraph.count(" ") + 1
            paragraphs += 1
        body_html = "\n".join(f"<{tag}>{html.escape(text, quote=False)}</{tag}>" for tag, text in blocks)
        body_text = "\n\n".join(text for _, text in blocks)
        return body_html, body_text, len(body_text.split())

    def photo(self):
        _, credit = self.rng.choices(CREDITS, cum_weights=_CREDIT_WEIGHTS)[0]
        credit = credit.format(name=self.person())
        subject, _, _ = self.noun_phrase(complement=False)
        caption = _capital(f"{subject} {self.place()}, le {self.rng.randint(1, 28)} {self.month()}.")
        return PhotoDraft(caption=caption, credit=credit)

    def month(self):
        return self.rng.choice(MONTHS)


MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()  # noqa: SIM905
_CREDIT_WEIGHTS = list(accumulate(weight for weight, _ in CREDITS))


def _capital(text):
    return text[:1].upper() + text[1:]


def _de(phrase):
    """'de' before a definite noun phrase, with French contractions: du, des, de la, de l'."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return "de " + phrase


def generate(count, *, seed=0, now=None, vocabulary=None):
    """`count` ArticleDrafts, the same ones for the same seed and `now` (no database)."""
    vocabulary = vocabulary or Vocabulary.load()
    rng = random.Random(seed)  # noqa: S311 (reproducible text, not secrets)
    writer = Writer(vocabulary, rng)
    now = now or timezone.now()
    sections = [entry[0] for entry in vocabulary["rubriques"]]
    authors = sorted({writer.person() for _ in range(200)})[:150]
    section_weights = list(accumulate(SECTION_WEIGHTS[: len(sections)] + [5] * (len(sections) - len(SECTION_WEIGHTS))))
    for _ in range(count):
        section = rng.choices(sections, cum_weights=section_weights)[0]
        title = writer.title()
        lead = " ".join(writer.sentence() for _ in range(rng.randint(1, 2)))
        body_html, body_text, word_count = writer.body(rng.randint(*BODY_WORDS))
        photos = [writer.photo() for _ in range(rng.choices(*PHOTO_COUNTS)[0])]
        yield ArticleDraft(
            title=title,
            section=section,
            authors=rng.sample(authors, 1 if rng.random() < 0.8 else 2),
            published_at=now - timedelta(seconds=rng.randrange(DAYS * 86400)),
            lead=lead,
            body_html=body_html,
            body_text=body_text,
            word_count=word_count,
            photos=photos,
        )


@dataclass
class Report:
    created: int
    indexed: int
    seconds_writing: float
    seconds_indexing: float


def create_articles(count, *, seed=0, now=None, start=0, batch_size=1000, progress=None, index=True):
    """Write `count` synthetic articles with their authors and photos, then rebuild the search index.

    Their URLs carry the seed, so two runs with different seeds add up; the same seed twice
    clashes with the unique canonical URL (delete_articles() first). The whole search index is
    rebuilt at the end (as `manage.py reindex` does): one pass is much faster than article by
    article, and on SQLite it leaves the index optimized. `index=False` leaves it out (a benchmark
    that does not search).

    `start` > 0 writes only the seed's articles start+1 to `count`, after an earlier run wrote the
    first `start` (give it that run's `now`: stream_now()): together the same articles as one run
    of `count`; only the new ones are indexed, and `count` - `start` are reported.
    """
    started = time.perf_counter()
    prefix = f"{BASE_URL}/{seed}/"
    sections = _sections(Vocabulary.load())
    author_ids = {}
    created = 0
    batch = []
    before = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for draft in islice(generate(count, seed=seed, now=now), start, None):
        batch.append(draft)
        if len(batch) == batch_size:
            created += _write(batch, start + created, prefix, sections, author_ids)
            batch = []
            if progress:
                progress(start + created, count)
    if batch:
        created += _write(batch, start + created, prefix, sections, author_ids)
        if progress:
            progress(start + created, count)
    written = time.perf_counter()
    indexed = 0
    if index:
        added = Article.objects.filter(pk__gt=before, canonical_url__startswith=prefix)
        indexed = reindex(added) if start else reindex()
    return Report(created, indexed, written - started, time.perf_counter() - written)


def stream_now(seed=0):
    """The `now` that the run which wrote the seed's first article used (its dates are counted back
    from it), read from that article; None when it is not there."""
    first = Article.objects.filter(canonical_url__startswith=f"{BASE_URL}/{seed}/1-")
    first = first.values_list("published_at", flat=True).first()
    if first is None:
        return None
    origin = datetime(2000, 1, 1, tzinfo=UTC)
    return first + (origin - next(generate(1, seed=seed, now=origin)).published_at)


def delete_articles():
    """Delete every synthetic article (and so its photos, authorships and index entry)."""
    deleted, _ = Article.objects.filter(canonical_url__startswith=BASE_URL + "/").delete()
    return deleted


def _sections(vocabulary):
    names = [entry[0] for entry in vocabulary["rubriques"]]
    existing = {section.name: section for section in Section.objects.filter(name__in=names)}
    missing = [Section(name=name, slug=slugify(name), position=10 * (i + 1)) for i, name in enumerate(names)]
    Section.objects.bulk_create([s for s in missing if s.name not in existing], ignore_conflicts=True)
    return {section.name: section for section in Section.objects.filter(name__in=names)}


def _author_ids(names, known):
    new = [name for name in names if name not in known]
    if new:
        Author.objects.bulk_create([Author(name=name) for name in new], ignore_conflicts=True)
        known.update(Author.objects.filter(name__in=new).values_list("name", "pk"))
    return known


def _write(drafts, offset, prefix, sections, author_ids):
    """Bulk-insert a batch of drafts, each mapped onto its rows by ingestion's own functions."""
    names = [author_names(draft.authors) for draft in drafts]
    _author_ids({name for draft_names in names for name in draft_names}, author_ids)
    articles, photos = [], []
    for number, draft in enumerate(drafts, start=offset + 1):
        url = f"{prefix}{number}-{slugify(draft.title)[:200] or 'article'}"
        extracted = as_extracted(draft, url, image_base=f"{prefix}images/{number}")
        kept = photos_to_store(extracted)
        article = Article(canonical_url=extracted.canonical_url)
        fill_article(
            article,
            extracted,
            section=sections[draft.section],
            fetched_url=extracted.url,
            fingerprint=content_fingerprint(extracted, kept),
            fetched_at=draft.published_at + timedelta(minutes=5),
        )
        articles.append(article)
        photos.append(kept)
    with transaction.atomic():
        Article.objects.bulk_create(articles)
        Authorship.objects.bulk_create(
            Authorship(article=article, author_id=author_ids[name], position=position)
            for article, article_names in zip(articles, names, strict=True)
            for position, name in enumerate(article_names)
        )
        Photo.objects.bulk_create(
            row for article, kept in zip(articles, photos, strict=True) for row in photo_rows(article, kept)
        )
    return len(articles)


def as_extracted(draft, url, *, image_base):
    """The draft as the extractor would have read its page (bench.pages renders that page)."""
    images = [
        ExtractedImage(
            src=f"{image_base}-{position}.jpg",
            alt=photo.caption[:200],
            caption=photo.caption,
            credit=photo.credit,
            width=1200,
            height=800,
            is_main=position == 0,
        )
        for position, photo in enumerate(draft.photos)
    ]
    return ExtractedArticle(
        title=draft.title,
        url=url,
        canonical_url=url,
        section=draft.section,
        authors=draft.authors,
        published=draft.published_at,
        lead=draft.lead,
        body=draft.body_text,
        body_html=draft.body_html,
        language="fr",
        images=images,
        site_name=SITE_NAME,
    )
