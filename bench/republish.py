"""Republished versions of a story, as outlets make them, and the labelled pairs they give.

    stories = load_labelled()                       # tests/stories/labelled.json: texts written for the tests
    versions = list(versions_of(story, count=4, seed=1))   # [Version(...)], no database
    pairs = labelled_pairs(all_versions)            # [(a, b, same_story)]

A version takes the story's paragraphs and does what outlets do: a new headline and lead, some
paragraphs cut (a quarter keep only the first half) or swapped, a sentence of its own added,
its boilerplate, the agency line moved or dropped, other typography (apostrophes, quotes, spaces).
The bench command applies the same edits at run time to real pages of the development corpus,
which are never copied here.
"""

import json
import random
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from articles.extraction import ExtractedArticle

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "stories" / "labelled.json"

OUTLETS = ["Le Quotidien", "La Dépêche du Sud", "Info Continue", "Le Courrier", "Matin Express", "L'Hebdo"]
ADDED = [
    "Contacté par notre rédaction, le ministère concerné n'a pas souhaité réagir.",
    "Cette décision intervient dans un contexte particulièrement tendu.",
    "Plusieurs observateurs jugent toutefois ces annonces tardives.",
    "Nous reviendrons sur ce sujet dans notre édition de demain.",
]
BOILERPLATE = [
    "Lire aussi : toutes nos informations en continu.",
    "Cet article a été publié avec l'aide de l'AFP.",
    "Abonnez-vous à notre lettre d'information pour ne rien manquer de l'actualité.",
    "Retrouvez l'essentiel de l'actualité sur notre application.",
]
DATELINES = ["PARIS (AFP) – ", "(AFP) - ", "Paris, AFP. ", ""]


@dataclass
class Version:
    story: str  # the labelled story it tells
    outlet: str
    title: str
    lead: str
    paragraphs: list
    language: str = "fr"

    @property
    def text(self):
        """What the fingerprint reads: the lead and the body."""
        return "\n\n".join([self.lead, *self.paragraphs])


def as_extracted(version, url, published):
    """The ExtractedArticle an outlet's page of `version` would give, as ingestion receives it."""
    return ExtractedArticle(
        title=version.title,
        url=url,
        canonical_url=url,
        lead=version.lead,
        body="\n\n".join(version.paragraphs),
        body_html="".join(f"<p>{p}</p>" for p in version.paragraphs),
        site_name=version.outlet,
        language=version.language,
        published=published,
    )


def load_labelled(path=LABELLED):
    return json.loads(Path(path).read_text(encoding="utf-8"))["stories"]


def original(story):
    paragraphs = list(story["paragraphs"])
    return Version(story["id"], "Agence", story["title"], story["leads"][0], paragraphs, story["language"])


def versions_of(story, *, count, seed):
    """The original story and `count` republished versions of it."""
    rng = random.Random(f"{seed}:{story['id']}")  # noqa: S311 (reproducible edits, not secrets)
    yield original(story)
    for n in range(count):
        yield republish(story["id"], story["title"], story["leads"], story["paragraphs"], rng, n, story["language"])


def republish(story_id, title, leads, paragraphs, rng, n, language="fr"):
    """One outlet's version of a story (a title, its leads, its paragraphs)."""
    paragraphs = list(paragraphs)
    if len(paragraphs) > 3 and rng.random() < 0.25:  # the short version: its first half only
        paragraphs = paragraphs[: (len(paragraphs) + 1) // 2]
    elif len(paragraphs) > 3 and rng.random() < 0.7:  # the tail cut, or a middle paragraph
        del paragraphs[rng.choice([len(paragraphs) - 1, rng.randrange(1, len(paragraphs))])]
    if len(paragraphs) > 2 and rng.random() < 0.5:
        i = rng.randrange(len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    if rng.random() < 0.6:
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), rng.choice(ADDED))
    lead = leads[1 + n % (len(leads) - 1)] if len(leads) > 1 else leads[0]
    paragraphs[0] = rng.choice(DATELINES) + paragraphs[0]
    if rng.random() < 0.5:
        paragraphs.append(rng.choice(["(avec AFP)", "© AFP", "Avec Reuters"]))
    paragraphs.append(rng.choice(BOILERPLATE))
    if rng.random() < 0.5:
        paragraphs = [typographic(p) for p in paragraphs]
        lead = typographic(lead)
    outlet = OUTLETS[n % len(OUTLETS)]
    return Version(story_id, outlet, f"{outlet} : {title}", lead, paragraphs, language)


def typographic(text):
    """The same words in another house style: curly apostrophes, French quotes and spaces, capitals accented."""
    text = text.replace("'", "’").replace(" :", "\u00a0:").replace(" ?", "\u202f?")
    text = text.replace("« ", "«\u202f").replace(" »", "\u202f»")
    return text.replace("Etat", "État").replace("Ecole", "École")


def labelled_pairs(versions):
    """Every pair of versions, and whether they tell the same story."""
    return [(a, b, a.story == b.story) for a, b in combinations(versions, 2)]


def labelled_versions(*, count=4, seed=1):
    return [v for story in load_labelled() for v in versions_of(story, count=count, seed=seed)]
