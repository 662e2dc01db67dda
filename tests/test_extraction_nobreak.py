"""French typography kept through extraction: the page's no-break spaces reach the body, the lead, the title."""

import time

from articles.extraction import extract
from articles.extraction.nobreak import page_pairs, restore, restore_html
from articles.extraction.tree import parse_html

NBSP, NNBSP = "\u00a0", "\u202f"

STORY = [
    f"Un navire transportant environ 33{NNBSP}000 tonnes de fioul a achevé jeudi son déchargement au terminal, "
    f"une cargaison déclarée «{NBSP}conforme{NBSP}» par les services de contrôle de la compagnie nationale.",
    f"La direction a détaillé le programme de la semaine suivante{NBSP}: dix heures de courant par jour dans "
    f"la capitale, huit dans les régions, et près de 40{NBSP}% de la production réservés aux hôpitaux{NNBSP}!",
    "Les générateurs privés, qui comblent les heures sans courant, ont déjà annoncé une baisse de leurs tarifs "
    "pour le mois prochain, une première depuis le début de l'année selon les associations de consommateurs.",
]


def page(paragraphs, title=f"Électricité{NBSP}: 33{NNBSP}000 tonnes de fioul déchargées", lead=""):
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    chapo = f"<p class='chapo'>{lead}</p>" if lead else ""
    return (
        f'<html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head><body><main><article>'
        f"<h1>{title}</h1>{chapo}<div class='texte'>{text}</div></article></main></body></html>"
    )


def test_the_pages_no_break_spaces_are_kept_in_the_body_text_and_html():
    article = extract(page(STORY), "https://quotidien.test/fioul")
    assert f"33{NNBSP}000 tonnes" in article.body
    assert f"«{NBSP}conforme{NBSP}»" in article.body
    assert f"suivante{NBSP}: dix heures" in article.body
    assert f"40{NBSP}% de la production" in article.body
    assert f"hôpitaux{NNBSP}!" in article.body
    assert f"33{NNBSP}000 tonnes" in article.body_html
    assert "«&nbsp;conforme&nbsp;»" in article.body_html


def test_the_title_and_the_lead_keep_them_too():
    lead = f"La compagnie promet jusqu'à dix heures de courant par jour grâce à 33{NNBSP}000 tonnes de fioul."
    article = extract(page(STORY, lead=lead), "https://quotidien.test/fioul")
    assert article.title == f"Électricité{NBSP}: 33{NNBSP}000 tonnes de fioul déchargées"
    assert article.lead == lead


def test_no_break_spaces_between_two_words_are_not_kept():
    # Some editors join every word with one: the paragraph could then never wrap.
    sloppy = [p.replace(" ", NBSP) for p in STORY]
    article = extract(page(sloppy), "https://quotidien.test/fioul")
    assert "environ 33" in article.body and "de fioul a achevé" in article.body
    assert f"33{NNBSP}000" in article.body


def test_restore_puts_the_no_break_space_back_only_between_the_same_words():
    source = f"<html><body><p>Environ 33{NNBSP}000 tonnes, «{NBSP}oui{NBSP}» et 12 litres.</p></body></html>"
    pairs = page_pairs(parse_html(source))
    text = "Il reste 33 000 tonnes et 34 000 litres."
    assert restore(text, pairs) == f"Il reste 33{NNBSP}000 tonnes et 34 000 litres."
    assert restore_html("<p>« oui » &amp; <a href='/x y'>33 000</a></p>", pairs) == (
        f"<p>«{NBSP}oui{NBSP}» &amp; <a href='/x y'>33{NNBSP}000</a></p>"
    )


def test_every_pair_a_run_of_no_break_spaces_joins_is_read_in_order():
    source = (
        f"<html><body><p>Il a payé 1{NBSP}250{NBSP}000{NBSP}€ «{NBSP}{NBSP}comptant{NNBSP}{NBSP}», soit 40{NBSP} %"
        f" et {NBSP}12 et trois{NBSP}mots.</p></body></html>"
    )
    assert list(page_pairs(parse_html(source)).items()) == [
        (("1", "250"), NBSP),
        (("250", "000"), NBSP),
        (("000", "€"), NBSP),
        (("«", "comptant"), NBSP),
        (("comptant", "»,"), NNBSP),  # a run holding a narrow one gives the narrow one
    ]  # "40 %": a space breaks it; " 12": no word before; "trois mots": two words


def test_a_long_unbroken_text_is_read_in_one_pass():
    # 100,000 characters without a space, then "40 %": a pattern that tried the run again from each of
    # its characters took minutes; one pass takes milliseconds.
    source = f"<html><body><script>{'x' * 100_000} 40{NBSP}%</script><p>33{NNBSP}000</p></body></html>"
    started = time.process_time()
    pairs = page_pairs(parse_html(source))
    assert time.process_time() - started < 1
    assert pairs == {("40", "%"): NBSP, ("33", "000"): NNBSP}
