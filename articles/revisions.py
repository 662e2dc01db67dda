"""An article's earlier versions: kept when a re-fetch or re-extraction changes what readers read, and diffed."""

from dataclasses import dataclass
from difflib import SequenceMatcher

from articles.models import Revision

# What readers read: a change in any of these keeps the previous version.
REVISED_FIELDS = ("title", "lead", "body_text")
# The revisions page must answer in time for any article (ndiff took minutes on 1,500 changed
# paragraphs: it compares every removed paragraph with every added one). Paragraphs are matched
# as whole lines, only so many of them are compared, only so many lines shown per field, with
# CONTEXT unchanged paragraphs around each change; the page says when a diff was cut.
MAX_PARAGRAPHS = 2000
MAX_LINES = 300
CONTEXT = 2
# The newest versions only, each diffed against the next.
MAX_REVISIONS_SHOWN = 20


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
    kind: str  # "added", "removed", "same", or "skipped" (unchanged paragraphs left out)
    text: str


@dataclass(frozen=True)
class Change:
    """What changed between two versions: the field's label and its lines (only changed fields)."""

    label: str
    lines: list
    cut: bool = False  # too long to show whole: the first MAX_LINES lines of the first MAX_PARAGRAPHS


def diff(old, new):
    """The changes from `old` to `new` (Revisions or Articles), field by field, paragraph by paragraph.

    Plain text in, plain text out: templates escape it (scraped text is untrusted).
    """
    changes = []
    for name, label in (("title", "Titre"), ("lead", "Chapô"), ("body_text", "Corps")):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(Change(label, *_lines(before, after)))
    return changes


def _lines(before, after):
    """(lines, cut): the changed paragraphs with CONTEXT unchanged ones around them, bounded."""
    old, new = _paragraphs(before), _paragraphs(after)
    cut = len(old) > MAX_PARAGRAPHS or len(new) > MAX_PARAGRAPHS
    old, new = old[:MAX_PARAGRAPHS], new[:MAX_PARAGRAPHS]
    lines, shown_to = [], 0
    for group in SequenceMatcher(None, old, new).get_grouped_opcodes(CONTEXT):
        if group[0][1] > shown_to:
            lines.append(Line("skipped", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(Line("same", text) for text in old[i1:i2])
            else:
                lines.extend(_replaced(old[i1:i2], new[j1:j2]))
        shown_to = group[-1][2]
    if lines and shown_to < len(old):
        lines.append(Line("skipped", "…"))
    if len(lines) > MAX_LINES:
        lines, cut = lines[:MAX_LINES], True
    return lines, cut


def _replaced(removed, added):
    """Each removed paragraph beside the one that took its place, as an editor compares them."""
    for k in range(max(len(removed), len(added))):
        if k < len(removed):
            yield Line("removed", removed[k])
        if k < len(added):
            yield Line("added", added[k])


def _paragraphs(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def history(article):
    """(revision, changes from it to the next version) for the newest revisions, newest first."""
    revisions = list(article.revisions.order_by("-created_at", "-id")[:MAX_REVISIONS_SHOWN])
    newer = [article, *revisions]
    return [(revision, diff(revision, newer[i])) for i, revision in enumerate(revisions)]
