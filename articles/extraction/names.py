"""A person's name as a byline prints it, without what is glued to it: a job title ("Staff Writer",
"Leitender Redakteur"), a degree ("PhD"), an e-mail address; a URL slug is no name at all."""

import re

# The last word of a job title, in the languages of the bylines met: "…writer", "…redakteur".
ROLE = re.compile(
    r"(?:writer|editor|reporter|correspondent|journalist|columnist|contributor|producer|photographer|"
    r"analyst|redakteur|redakteurin|korrespondent|korrespondentin|journalistin|autorin|"
    r"journaliste|rédacteur|rédactrice|correspondant|correspondante|chroniqueur|chroniqueuse|"
    r"redactor|redactora|corresponsal|periodista|giornalista|corrispondente|redattore|redattrice)s?",
    re.IGNORECASE,
)
# Words that go before a job title's last word: "Senior", "Chief Political", "Leitender".
ROLE_MODIFIER = re.compile(
    r"(?:senior|chief|staff|deputy|managing|associate|contributing|special|foreign|political|"
    r"business|sports?|news|digital|freelance|leitender?|stellvertretender?|freier?|"
    r"grand|envoyée?|spécial(?:e)?|en|de|du|chef)",
    re.IGNORECASE,
)
# A part of the byline that is only a position: "Editor-in-Chief", "Head of News", "Directrice de la rédaction".
POSITION = re.compile(
    r"^(?:(?:senior|deputy|executive|managing|associate|assistant)\s+)?(?:"
    r"editor-in-chief|editor-at-large|co-?founder|founder|publisher|"
    r"(?:head|director|directrice|directeur|chef|cheffe|leiter|leiterin|responsable)\s+(?:of|de|du|des|der|für)\b.*)$",
    re.IGNORECASE,
)
DEGREE = re.compile(r"(?:^|,?\s+)(?:ph\.?\s?d|m\.?d|mba|mph|msc|bsc|dphil|r\.?n)\.?$", re.IGNORECASE)
EMAIL = re.compile(r"\S+@\S+\.\w+")
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
MIN_NAME_WORDS = 2


def _is_role(word):
    return bool(ROLE.search(word) and ROLE.search(word).end() == len(word))  # "Wirtschaftsredakteur"


def _without_role(words):
    """The words before a trailing job title, when at least a two-word name is left; none when
    every word belongs to one ("Envoyée spéciale")."""
    if all(_is_role(w) or ROLE_MODIFIER.fullmatch(w) for w in words):
        return []
    if not _is_role(words[-1]):
        return words
    end = len(words) - 1
    while end > 0 and (_is_role(words[end - 1]) or ROLE_MODIFIER.fullmatch(words[end - 1])):
        end -= 1
    return words[:end] if end >= MIN_NAME_WORDS else words


def is_position(part):
    """A byline part that is only a job title or a position: "Reporter", "Senior Editor", "Head of News"."""
    words = part.split()
    return bool(words) and (all(_is_role(w) or ROLE_MODIFIER.fullmatch(w) for w in words) or bool(POSITION.match(part)))


def person_name(part):
    """`part` without a glued job title, degree or e-mail address; "" when it is only one of those,
    a position ("Head of News") or a URL slug."""
    part = EMAIL.sub("", part).strip(" ,;|·-–—")
    if not part or SLUG.match(part) or POSITION.match(part):
        return ""
    words = DEGREE.sub("", part).split()
    return " ".join(_without_role(words)) if words else ""
