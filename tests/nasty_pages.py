"""Pages the reader meets on the real web, written for the tests: words no column fits, a date
without a time, a story with many photos (some gone), raw section labels, other languages and
scripts (German, English, Arabic right to left, Japanese). `nasty_pages(base)` -> [Page]."""

import json

from articles.pipeline.inputs import Page

SITE = "https://nasty.test"
LONG_URL = "https://www.example.com/une/adresse/tres/longue/sans/aucune/espace/ni/coupure/possible/index.html"
COMPOUND = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsunternehmen"


def _page(*, lang, title, section, published, paragraphs, site="", head="", body_extra="", figures=""):
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "inLanguage": lang}
    if published:
        ld["datePublished"] = published
    if section:
        ld["articleSection"] = section
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    meta_site = f'<meta property="og:site_name" content="{site}">' if site else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{meta_site}{head}'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>'
        f"<body><main><article><h1>{title}</h1>{figures}<div class='text'>{body_extra}{text}</div>"
        "</article></main></body></html>"
    ).encode()


def _french(base):
    paragraphs = [
        f"Le texte cite {COMPOUND} et renvoie à {LONG_URL} sans la moindre espace où couper la ligne, "
        "ce qui élargirait la page si rien ne permettait de couper ces mots trop longs pour l'écran.",
        "Anticonstitutionnellement, le conseil a tranché : la décision, rendue publique mardi, "
        "s'applique immédiatement à l'ensemble des communes concernées par la réforme du scrutin.",
        "Les élus de l'opposition ont annoncé un recours, estimant que la procédure suivie était "
        "contraire aux règles fixées par la loi organique adoptée au printemps dernier.",
    ]
    figure = (
        f'<figure><img src="{base}/static/img/favicon.svg" width="600" height="400" alt="">'
        "<figcaption>Le conseil réuni en séance plénière. Photo AFP/WOLFGANG RATTAY</figcaption></figure>"
    )
    return _page(
        lang="fr",
        title="Anticonstitutionnellement : la réforme du scrutin annulée par le Conseil",
        section="culture_culture-lifestyle",
        published="2026-11-20",  # the day only
        paragraphs=paragraphs,
        site="La Gazette du Très Long Nom de Site Qui Ne Finit Jamais",
        figures=figure,
    )


def _german():
    paragraphs = [
        f"Die {COMPOUND} hat am Freitag einen neuen Rekord gemeldet, wie das Unternehmen mitteilte; "
        "die Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetzgebung gilt weiter.",
        "Der Vorstand sprach von einem außergewöhnlichen Jahr, in dem sich die Nachfrage nach den "
        "Abzeichen trotz gestiegener Kosten deutlich erhöht habe, vor allem im Ausland.",
        "Die Gewerkschaft forderte höhere Löhne für die Beschäftigten in den drei Werken des Konzerns "
        "und kündigte Verhandlungen für den kommenden Monat an.",
    ]
    body = "<h3>Hintergrund</h3><h4>Die Zahlen</h4>"  # headings that skip a level under the page's h1
    return _page(
        lang="de",
        title=f"{COMPOUND}: Rekordjahr",
        section="Politik",
        published="2026-11-21T09:30:00+01:00",
        paragraphs=paragraphs,
        site="Tagesblatt",
        body_extra=body,
    )


def _many_photos(base):
    figures = ""
    for n in range(8):
        src = f"{base}/static/img/favicon.svg" if n % 2 else f"{base}/static/img/disparue-{n}.jpg"  # half are gone
        figures += (
            f'<figure><img src="{src}?n={n}" width="1200" height="800" alt="Photo {n}">'
            f"<figcaption>Les sinistrés devant leur maison, photo numéro {n}. Photo Reuters/Jean Dupont-{n}"
            "</figcaption></figure>"
        )
    paragraphs = [
        "Les pluies torrentielles ont provoqué des inondations dans plusieurs villages de la vallée, "
        "où les habitants ont dû être évacués en pleine nuit par les pompiers.",
        "Les autorités ont ouvert des centres d'hébergement d'urgence et promis une aide rapide aux "
        "familles sinistrées, dont beaucoup ont tout perdu dans la montée des eaux.",
        "Météo-France maintient la vigilance rouge pour les prochaines quarante-huit heures, et de "
        "nouvelles précipitations sont attendues dans la nuit de jeudi à vendredi.",
    ]
    return _page(
        lang="fr",
        title="Inondations : les images d'une vallée sous les eaux",
        section="game,news,slider",
        published="2026-11-22T18:05:00+01:00",
        paragraphs=paragraphs,
        figures=figures,
    )


def _arabic():
    paragraphs = [
        "أعلنت الحكومة اليوم عن خطة جديدة لإعادة إعمار المناطق المتضررة في الجنوب، بتمويل من عدة دول مانحة.",
        "وقال رئيس الوزراء في مؤتمر صحفي إن الأشغال ستبدأ في الأسابيع المقبلة وستستمر لمدة عامين على الأقل.",
        "ورحبت المنظمات الدولية بالخطة، ودعت إلى الشفافية في إدارة الأموال وإشراك البلديات في التنفيذ.",
    ]
    return _page(
        lang="ar",
        title="الحكومة تعلن خطة لإعادة إعمار الجنوب",
        section="FRONT-PAGE",
        published="2026-11-23T11:00:00+02:00",
        paragraphs=paragraphs,
        site="الصحيفة",
    )


def _japanese():
    paragraphs = [
        "政府は二十四日、新たな経済対策を閣議決定した。物価高に対応するため、低所得世帯への給付金を"
        "拡充するほか、中小企業の賃上げを支援する。",
        "対策の総額は約二十兆円に上る見通しで、財源の一部は国債の追加発行で賄う。野党は規模が不十分だと批判した。",
        "首相は記者会見で、来年の春闘に向けて賃上げの流れを確かなものにしたいと述べた。",
    ]
    return _page(
        lang="ja",
        title="政府、新たな経済対策を閣議決定　物価高対応で給付金拡充",
        section="経済",
        published="2026-11-24",
        paragraphs=paragraphs,
        site="東京新聞",
    )


def _english_with_empty_links(base):
    paragraphs = [
        "The city council voted on Tuesday to extend the tram line to the airport, ending a debate that "
        "lasted more than a decade and divided the region's mayors.",
        "Construction is expected to start next spring and to take three years, the transport authority "
        "said, adding that the existing line would keep running during the works.",
        "Opponents said the cost had doubled since the first estimate and asked for an independent audit.",
    ]
    empty_link = f'<p><a href="{base}/photos/tram.jpg"><img src="{base}/photos/tram.jpg" alt=""></a></p>'
    return _page(
        lang="en",
        title="Council approves tram extension to the airport",
        section="news_politics",
        published="2026-11-25T07:45:00Z",
        paragraphs=paragraphs,
        site="",
        body_extra=f"<h3>What happens next</h3>{empty_link}<h5>Costs</h5>",
    )


def nasty_pages(base):
    """The pages as (label, url, bytes) Pages, their photos on `base` (the test's live server)."""
    pages = {
        "francais-mots-longs": _french(base),
        "deutsch-komposita": _german(),
        "photos-nombreuses": _many_photos(base),
        "arabic-rtl": _arabic(),
        "japanese-cjk": _japanese(),
        "english-empty-links": _english_with_empty_links(base),
    }
    return [Page(f"{name}.html", url=f"{SITE}/2026/11/{name}", content=html) for name, html in pages.items()]
