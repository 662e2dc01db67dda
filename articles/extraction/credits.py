"""Split a photo caption into the caption proper and the photo credit ("Photo AFP/...", "© Reuters")."""

import re

from .agencies import FACET, FACET_AGENCIES, IN_CREDIT
from .tree import clean_text

# Words that introduce a credit ("isithombe", "umfanekiso": photo in isiZulu and isiXhosa).
# "Photo d'archive" before "Photo" so the longer form wins.
MARKER = (
    r"(?:©|\(c\)|copyright|photo\s+d['’]archives?|(?:image|picture)\s+credits?|photo(?:graph)?s?\s+(?:credit|by)|crédits?\s+photos?|photo\s*credit|"
    r"credits?|crédits?|photographs?|photography|photos?|fotos?|fotografie|bild(?:er|quelle)?|images?|picture|"
    r"illustrations?|archives?|source|quelle|foto:|isithombe|umfanekiso|"
    # Photo, picture, image in other languages of the press ("fot." in Polish, "Kuva" in Finnish).
    r"fot\.|fotó|fotoğraf|фото|kuva|beeld|imagen|immagine|zdjęcie)"
)
# A credit marker at the start of a caption part, with an optional ":" or "/" after it.
LEADING_MARKER = re.compile(rf"^\s*{MARKER}\s*(?:[:/|=＝]\s*|\s+)(?=\S)", re.IGNORECASE)
ONLY_SYMBOL = re.compile(r"^\s*(?:©|\(c\))\s*", re.IGNORECASE)
# "(AP Photo/Evan Vucci)", "(Photo AFP)", "(Foto: dpa)" closing a caption.
PARENTHESISED = re.compile(r"\s*[(\[]([^()\[\]]{2,80})[)\]]\s*\.?$")
# The credit part after the caption: it follows a sentence end, a bar or a dash.
# ... or a marker with a colon anywhere: "Geballte Faust im Wind Foto: Editpress/Jane Roe".
TAIL = re.compile(
    rf"(?:^|(?<=[.!?)»\"”'’])\s+|\s*[|•]\s*|\s+[–—-]\s+|\s{{2,}}|\s*/\s+|\s+(?={MARKER}\s*:))"
    rf"((?:{MARKER}|©)[\s:/].*)$",
    re.IGNORECASE,
)
# A credit opening the caption: "Bild: SN/APA/KEYSTONE/JANE ROE Nationaler Trauertag …" (slashed sources,
# then capitalised names, then the caption's first word in mixed case).
OPENING = re.compile(
    rf"^\s*((?i:{MARKER})\s*:\s*[^\s/]+(?:\s*/\s*[^\s/]+)+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý'’.-]+)*)\s+(?=[A-ZÀ-Ý][a-zà-ÿ])(.+)$"
)
# Markers that are credits whatever follows; others ("Images", "Source") also start sentences.
STRONG_MARKER = re.compile(r"^\s*(?:©|\(c\)|copyright\b|crédits?\b|credits?\b)", re.IGNORECASE)
NAME_LIKE = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.-]*\s*){1,4}$")
# A sentence ends at a full stop, not at an initial ("J. Roe / Gazette").
LAST_SENTENCE = re.compile(r"(?<=[.!?])(?<!\b[A-ZÀ-Ý]\.)\s+(?=[^\s])")
MAX_CREDIT_WORDS = 12
# "... on Tuesday. (Bespoke Real Estate)": a capitalised aside closing a caption after its last sentence.
SENTENCE_THEN_ASIDE = re.compile(r"(?<=[.!?…])\s*\(([A-ZÀ-Ý0-9][^()]{1,80})\)\s*$")
# "[사진 출처 = 연합뉴스]", "(Photo = Jane Doe)": a short label, "=", the credit.
LABELLED = re.compile(r"\s*[(\[（［【]\s*[^()\[\]=＝]{1,20}?\s*[=＝]\s*([^()\[\]=＝]{1,60}?)\s*[)\]）］】]\s*$")
# Japanese press: "…（ソウルで、３日）＝ＡＰ", "…で（潟沼義樹撮影）".
EQUALS_SOURCE = re.compile(r"(?<=[）)])\s*[=＝]\s*([^\s=＝。、]{1,20})\s*$")
PHOTOGRAPHED_BY = re.compile(r"\s*[（(]([^（）()]{1,20}?)撮影[)）]\s*$")


# "(Photo: Jane Roe / UN Photo / ICJ-CIJ. Courtesy of the ICJ)": a label with its colon says credit, however long.
LABELLED_CREDIT = re.compile(rf"^\s*(?:{MARKER}\s*:|©|\(c\))", re.IGNORECASE)
BARE_MARKER = re.compile(rf"\s*(?:{MARKER}|©)\s*[:.]?\s*", re.IGNORECASE)


def is_bare_marker(text):
    """ "Copyright", "Foto:": a label printed beside the credit, not the credit."""
    return bool(BARE_MARKER.fullmatch(text or ""))


SHOULD_READ = re.compile(r"^(?:photo\s+)?(?:credit\s+)?should\s+read\s+", re.IGNORECASE)


WRAPPED = re.compile(r"^[(\[]([^()\[\]]+)[)\]]$")


def clean_credit(credit):
    credit = clean_text(credit).strip(" .;,|–—-")
    # A credit element printed in brackets: "(Image credit: Jane Roe)".
    if m := WRAPPED.match(credit):
        credit = m.group(1).strip(" .;,|–—-")
    # "AP Photo/..." is itself the credit: keep "AP Photo"; strip markers only at the start.
    stripped = LEADING_MARKER.sub("", credit)
    # The same label twice, once for screen readers ("Credit Credit Jane Roe").
    label = credit[: len(credit) - len(stripped)].strip(" :/|")
    if label and stripped.casefold().startswith(label.casefold() + " "):
        stripped = LEADING_MARKER.sub("", stripped)
    stripped = ONLY_SYMBOL.sub("", stripped).strip(" .;,:|–—-")
    # Agencies' "(Photo credit should read JANE ROE/AFP via Getty Images)".
    stripped = SHOULD_READ.sub("", stripped)
    return stripped or credit


def looks_like_credit(text):
    """A short text that is a credit by itself (an agency, "Name/Agency", "© ...", "Photo: ...")."""
    text = clean_text(text)
    if not text or len(text.split()) > MAX_CREDIT_WORDS:
        return False
    return bool(LEADING_MARKER.match(text) or ONLY_SYMBOL.match(text) or IN_CREDIT.search(text) or "/" in text)


def _plausible(part):
    """A marked tail is a credit if short and, for weak markers without ":", credit-shaped."""
    if len(part.split()) > MAX_CREDIT_WORDS + 1:
        return False
    if STRONG_MARKER.match(part) or re.match(rf"^\s*{MARKER}\s*:", part, re.IGNORECASE):
        return True
    rest = LEADING_MARKER.sub("", part)
    return bool(IN_CREDIT.search(rest) or "/" in rest or NAME_LIKE.match(rest))


def split_credit(text):
    """(caption, credit) from a caption that may end (or consist) with a credit."""
    text = clean_text(text)
    if not text:
        return "", ""
    if m := OPENING.match(text):
        return m.group(2).strip(), clean_credit(m.group(1))
    if (m := PARENTHESISED.search(text)) and (looks_like_credit(m.group(1)) or LABELLED_CREDIT.match(m.group(1))):
        return text[: m.start()].strip(), clean_credit(m.group(1))
    for pattern in (LABELLED, PHOTOGRAPHED_BY, EQUALS_SOURCE):
        if (m := pattern.search(text)) and m.start() > 0:
            return text[: m.start()].strip(), clean_credit(m.group(1))
    if (m := SENTENCE_THEN_ASIDE.search(text)) and len(m.group(1).split()) <= 8 and not m.group(1).endswith("."):
        return text[: m.start()].strip(), clean_credit(m.group(1))
    if (m := TAIL.search(text)) and _plausible(m.group(1)):
        caption = text[: m.start()].strip(" |•–—-/")
        return caption, clean_credit(m.group(1))
    # "... on Tuesday. Jane Doe/Getty Images" or "... Reuters": an unmarked credit as last sentence.
    parts = LAST_SENTENCE.split(text)
    if len(parts) > 1:
        last = parts[-1].strip()
        words = last.split()
        if len(words) <= 6 and not last.endswith((".", "!", "?")) and ("/" in last or IN_CREDIT.search(last)):
            return text[: len(text) - len(parts[-1])].strip(), clean_credit(last)
    if (m := re.search(r"\s+/\s+|\s+\|\s+", text)) and looks_like_credit(text[m.end() :]):
        return text[: m.start()].strip(), clean_credit(text[m.end() :])
    return text, ""


def agency_from_credit(credit):
    """The press agency a credit names first, as the search facet spells it ("Photo AFP/JANE ROE" → "AFP"), or "".

    Only agencies of the list (agencies.py): "Crédit : Défense civile" gives "", because a facet
    of free-form names (every photographer, ministry and family album) would be noise.
    """
    match = FACET.search(credit or "")
    return FACET_AGENCIES[int(match.lastgroup[1:])].name if match else ""
