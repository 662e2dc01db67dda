"""The press agency named in a photo credit ("Photo AFP/WOLFGANG RATTAY" → "AFP"), for facets.

Only agencies from a fixed list are returned: "Crédit : Défense civile" gives "", because a
facet of free-form names (every photographer, ministry and family album) would be noise.
"""

import re

# (name shown, pattern). Acronyms must be capitalised words ("AP", not "ap" in "Apple");
# full names are matched case-insensitively. Order does not matter: the earliest mention wins.
_AGENCIES = [
    ("AFP", r"\bAFP\b|\bAgence France[- ]Presse\b"),
    ("Reuters", r"(?i:\breuters\b)"),
    ("AP", r"\bAP\b|(?i:\bAssociated Press\b)"),
    ("ANI", r"\bANI\b|(?i:\bAsian News International\b)"),
    ("Getty Images", r"(?i:\bgetty\b)"),
    ("EPA", r"\bEPA\b|(?i:\bEuropean Pressphoto Agency\b)"),
    ("Anadolu", r"(?i:\banadolu\b)"),
    ("Xinhua", r"(?i:\bxinhua\b)"),
    ("DPA", r"\bDPA\b|\bdpa\b"),
    ("EFE", r"\bEFE\b"),
    ("ANSA", r"\bANSA\b"),
    ("Sipa", r"(?i:\bsipa\b)"),
    ("Abaca", r"(?i:\babaca\b)"),
    ("Bloomberg", r"(?i:\bbloomberg\b)"),
    ("NurPhoto", r"(?i:\bnurphoto\b)"),
    ("Hans Lucas", r"(?i:\bhans lucas\b)"),
    ("MaxPPP", r"(?i:\bmaxppp\b)"),
    ("Shutterstock", r"(?i:\bshutterstock\b)"),
    ("NNA", r"\bNNA\b|(?i:\bAgence nationale d.information\b)"),
    ("Dalati et Nohra", r"(?i:\bdalati\s*(?:et|&|and)?\s*nohra\b)"),
    ("SANA", r"\bSANA\b"),
    ("WAFA", r"\bWAFA\b"),
    ("IRNA", r"\bIRNA\b"),
]
_PATTERN = re.compile("|".join(f"(?P<a{i}>{pattern})" for i, (_, pattern) in enumerate(_AGENCIES)))


def agency_from_credit(credit):
    """The agency first named in a credit, spelled as in the list above, or "" if none is."""
    match = _PATTERN.search(credit or "")
    if match is None:
        return ""
    return _AGENCIES[int(match.lastgroup[1:])][0]
