"""An article's earlier versions: kept when a re-fetch or re-extraction changes what readers read, and diffed."""

import difflib
from dataclasses import dataclass

from articles.models import Revision

# What readers read: a change in any of these keeps the previous version.
REVISED_FIELDS = ("title", "lead", "body_text")


def keep_revision(article, *, title, lead, body_text, at):
    """Save `article`'s current text as a Revision (made `at`) if the new text differs; the Revision or None.

    Call it before overwriting the article, in the transaction that writes it.
    """
    new = {"title": title, "lead": lead, "body_text": body_text}
    if all(getattr(article, name) == new[name] for name in REVISED_FIELDS):
        return None
    return Revision.objects.create(
        article=article,
        title=article.title,
        lead=article.lead,
        body_html=article.body_html,
        body_text=article.body_text,
        created_at=at,
    )


def update_date_is_ours(article):
    """True unless the article's modified date came from its source.

    A revision stamps the article with its own time when the source gives no date; a later
    revision may move that stamp, never a date the source gave.
    """
    return article.modified_at is None or article.revisions.filter(created_at=article.modified_at).exists()


@dataclass(frozen=True)
class Line:
    kind: str  # "added", "removed" or "same"
    text: str


@dataclass(frozen=True)
class Change:
    """What changed between two versions: the field's label and its lines (only changed fields)."""

    label: str
    lines: list


def diff(old, new):
    """The changes from `old` to `new` (Revisions or Articles), field by field, paragraph by paragraph.

    Plain text in, plain text out: templates escape it (scraped text is untrusted).
    """
    changes = []
    for name, label in (("title", "Titre"), ("lead", "Chapô"), ("body_text", "Corps")):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(Change(label, _lines(before, after)))
    return changes


def _lines(before, after):
    lines = []
    for line in difflib.ndiff(_paragraphs(before), _paragraphs(after)):
        code, text = line[:2], line[2:]
        if code == "+ ":
            lines.append(Line("added", text))
        elif code == "- ":
            lines.append(Line("removed", text))
        elif code == "  ":
            lines.append(Line("same", text))
        # "? " lines are ndiff's intraline hints: not shown.
    return lines


def _paragraphs(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def history(article):
    """(revision, changes from it to the next version) for each revision, newest first."""
    revisions = list(article.revisions.order_by("-created_at", "-id"))
    newer = [article, *revisions]
    return [(revision, diff(revision, newer[i])) for i, revision in enumerate(revisions)]
