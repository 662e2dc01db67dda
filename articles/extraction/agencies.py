"""The press agencies and picture sources, listed once: where each is recognised, and the search facet's name.

A row says, for one agency, the pattern that finds it in a photo credit for the search facet
(with the case rules that keep "AP" from matching "ap" in "Apple"), the name it signs a story
with alone (authors.py: an agency byline), and the name that makes a short text a photo credit
(credits.py). An empty column: not recognised there. Facets come in this order: at one place in
a credit, the first row that matches names it.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Agency:
    name: str  # as the search facet shows it
    facet: str = ""  # finds it in a credit, for the facet ("" for none); case-sensitive unless (?i:)
    byline: str = ""  # its name signing a story alone, any case
    credit: str = ""  # its name in a short text that is a photo credit, any case


AGENCIES = [
    Agency("AFP", r"\bAFP\b|\bAgence France[- ]Presse\b", "afp|agence france[- ]presse", "afp"),
    Agency("Reuters", r"(?i:\breuters\b)", "reuters", "reuters"),
    Agency("AP", r"\bAP\b|(?i:\bAssociated Press\b)", "ap|associated press", "ap|associated press"),
    Agency("ANI", r"\bANI\b|(?i:\bAsian News International\b)", "ani"),
    Agency("Getty Images", r"(?i:\bgetty\b)", credit="getty(?: images)?"),
    Agency("EPA", r"\bEPA\b|(?i:\bEuropean Pressphoto Agency\b)", credit="epa"),
    Agency("Anadolu", r"(?i:\banadolu\b)", "anadolu"),
    Agency("Xinhua", r"(?i:\bxinhua\b)", "xinhua", "xinhua"),
    Agency("DPA", r"\bDPA\b|\bdpa\b", "dpa", "dpa"),
    Agency("EFE", r"\bEFE\b", "efe", "efe"),
    Agency("ANSA", r"\bANSA\b", "ansa", "ansa"),
    Agency("Sipa", r"(?i:\bsipa\b)", credit="sipa"),
    Agency("Abaca", r"(?i:\babaca\b)", credit="abaca"),
    Agency("Bloomberg", r"(?i:\bbloomberg\b)", credit="bloomberg"),
    Agency("NurPhoto", r"(?i:\bnurphoto\b)", credit="nurphoto"),
    Agency("Hans Lucas", r"(?i:\bhans lucas\b)", credit="hans lucas"),
    Agency("MaxPPP", r"(?i:\bmaxppp\b)", credit="maxppp"),
    Agency("Shutterstock", r"(?i:\bshutterstock\b)", credit="shutterstock"),
    Agency("NNA", r"\bNNA\b|(?i:\bAgence nationale d.information\b)"),
    Agency("Dalati et Nohra", r"(?i:\bdalati\s*(?:et|&|and)?\s*nohra\b)"),
    Agency("SANA", r"\bSANA\b"),
    Agency("WAFA", r"\bWAFA\b"),
    Agency("IRNA", r"\bIRNA\b"),
    # Not in the facet: agencies that sign stories, picture agencies and sources that credit photos.
    Agency("APA", byline="apa", credit="apa"),
    Agency("SDA", byline="sda", credit="sda"),
    Agency("KNA", byline="kna", credit="kna"),
    Agency("ANP", byline="anp", credit="anp"),
    Agency("Belga", byline="belga", credit="belga"),
    Agency("TASS", byline="tass", credit="tass"),
    Agency("RIA Novosti", byline="ria novosti", credit="ria novosti"),
    Agency("AAP", byline="aap", credit="aap"),
    Agency("epd", byline="epd"),
    Agency("UPI", byline="upi"),
    Agency("PTI", byline="pti"),
    Agency("IANS", byline="ians"),
    Agency("TNN", byline="tnn"),
    Agency("Kyodo", byline="kyodo"),
    Agency("Yonhap", byline="yonhap"),
    Agency("NTB", byline="ntb"),
    Agency("Ritzau", byline="ritzau"),
    Agency("Lusa", byline="lusa"),
    Agency("ČTK", byline="ctk"),
    Agency("PAP", byline="pap"),
    Agency("MTI", byline="mti"),
    Agency("The Canadian Press", byline="canadian press"),
    Agency("PA", byline="press association"),
    Agency("Imago", credit="imago"),
    Agency("Keystone", credit="keystone"),
    Agency("picture alliance", credit="picture[- ]alliance"),
    Agency("iStock", credit="istock(?:photo)?"),
    Agency("Alamy", credit="alamy"),
    Agency("ZUMA", credit="zuma"),
    Agency("Unsplash", credit="unsplash"),
    Agency("Wikimedia", credit="wikimedia|wikipedia"),
    Agency("Photonews", credit="photonews"),
    Agency("ddp", credit="ddp"),
    Agency("Pool", credit="pool|handout"),  # pooled and handout pictures: credits, from no one agency
]


def _alternatives(column):
    return "|".join(getattr(agency, column) for agency in AGENCIES if getattr(agency, column))


# An agency signing alone: "AFP", "The Associated Press."; a credit naming one: "Photo Jane Roe/Reuters".
BYLINE = re.compile(rf"^(?:the\s+)?(?:{_alternatives('byline')})\.?$", re.IGNORECASE)
IN_CREDIT = re.compile(rf"\b(?:{_alternatives('credit')})\b", re.IGNORECASE)
FACET_AGENCIES = [agency for agency in AGENCIES if agency.facet]
# One group per facet agency, in the list's order (credits.agency_from_credit reads which one matched).
FACET = re.compile("|".join(f"(?P<a{i}>{agency.facet})" for i, agency in enumerate(FACET_AGENCIES)))
