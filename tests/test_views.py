"""The reader's pages as a browser gets them: status codes, French dates, photos, escaping."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_photo, make_section, make_stored_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def diplomatie():
    return make_section("Diplomatie", position=1)


def test_home_lists_newest_first_grouped_by_day(client, diplomatie):
    now = timezone.localtime()
    today = make_article("Nouvelle du jour", section=diplomatie, published_at=now - timedelta(minutes=1))
    yesterday = make_article("Nouvelle d'hier", section=diplomatie, published_at=now - timedelta(days=1))
    old = make_article(
        "Nouvelle ancienne",
        section=diplomatie,
        published_at=timezone.make_aware(timezone.datetime(2024, 2, 16, 16, 5)),
    )
    html = client.get("/").content.decode()
    positions = [html.index(a.title.replace("'", "&#x27;")) for a in (today, yesterday, old)]
    assert positions == sorted(positions)
    assert html.index("Aujourd’hui") < html.index("Hier") < html.index("vendredi 16 février 2024")
    assert ">16:05</time>" in html
    assert html.index("vendredi 16 février 2024") < html.index("Nouvelle ancienne")


def test_timeline_item_shows_time_section_title_lead_and_thumbnail(client, diplomatie):
    article = make_article("Blinken rencontre Wang Yi", section=diplomatie, lead="Le secrétaire d'État " * 30)
    photo = make_stored_photo(article, src="https://images.example.com/blinken.jpg")
    html = client.get("/").content.decode()
    assert f'href="{diplomatie.get_absolute_url()}"' in html
    assert f'href="{article.get_absolute_url()}">Blinken rencontre Wang Yi</a>' in html
    assert "…</p>" in html  # the lead is cut
    assert "images.example.com" not in html  # never the publisher's file: the newsroom's thumbnail
    assert f'src="/media/photos/{photo.image.sha256[:2]}/{photo.image.sha256}/thumb.jpg"' in html
    assert f'<source type="image/webp" srcset="/media/photos/{photo.image.sha256[:2]}' in html
    assert 'loading="lazy"' in html


def test_future_articles_are_not_shown(client, diplomatie):
    make_article("Embargo", section=diplomatie, published_at=timezone.now() + timedelta(hours=2))
    assert "Embargo" not in client.get("/").content.decode()


def test_pagination_has_30_per_page_and_a_bad_page_is_a_404(client, diplomatie):
    for _ in range(31):
        make_article(section=diplomatie)
    first = client.get("/")
    assert len(first.context["articles"]) == 30
    assert client.get("/?page=2").status_code == 200
    assert len(client.get("/?page=2").context["articles"]) == 1
    assert client.get("/?page=3").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_section_page_shows_only_its_section(client, diplomatie):
    liban = make_section("Liban")
    make_article("A Munich", section=diplomatie)
    make_article("A Beyrouth", section=liban)
    response = client.get(reverse("articles:section", args=["diplomatie"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A Munich" in html and "A Beyrouth" not in html
    assert '<h1 class="page-title">Diplomatie</h1>' in html
    # Navigation lists all sections; the search box searches within this section.
    assert 'href="/rubrique/liban/"' in html
    assert 'name="section" value="diplomatie"' in html


def test_unknown_section_is_a_french_404(client):
    response = client.get("/rubrique/inconnue/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_article_page(client, diplomatie):
    published = timezone.make_aware(timezone.datetime(2024, 2, 16, 16, 5))
    article = make_article(
        "Blinken rencontre son homologue chinois",
        section=diplomatie,
        published_at=published,
        modified_at=published + timedelta(hours=2),
        lead="Le secrétaire d'État américain a fait part de ses inquiétudes.",
        body_html="<p>Premier paragraphe.</p><h2>Inquiétudes concernant Moscou</h2><p>Suite.</p>",
        source_url="https://www.lorientlejour.com/article/1-blinken",
    )
    article.authors.create(name="Claire Haddad", through_defaults={"position": 0})
    make_stored_photo(
        article,
        caption="Antony Blinken et Wang Yi à Munich, le 16 février 2024.",
        credit="AFP/WOLFGANG RATTAY",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/">Dernières Infos</a>' in html and 'href="/rubrique/diplomatie/">Diplomatie</a>' in html
    assert "vendredi 16 février 2024 à 16:05" in html
    assert "Mis à jour le" in html and "18:05" in html
    assert "Claire Haddad" in html
    assert '<span class="photo__caption">Antony Blinken et Wang Yi à Munich, le 16 février 2024.</span>' in html
    assert '<span class="photo__credit">Photo AFP/WOLFGANG RATTAY</span>' in html
    assert 'width="1200" height="800"' in html
    assert '<p class="article__lead">' in html
    assert "<h2>Inquiétudes concernant Moscou</h2>" in html
    assert "Lire l’article sur lorientlejour.com" in html
    assert '<link rel="canonical" href="http://testserver' + article.get_absolute_url() + '">' in html
    assert '<meta property="og:image" content="' in html


def test_article_without_modification_has_no_update_line(client, diplomatie):
    article = make_article(section=diplomatie)
    assert "Mis à jour" not in client.get(article.get_absolute_url()).content.decode()


def test_old_slug_redirects_to_the_current_one(client, diplomatie):
    article = make_article("Titre actuel", section=diplomatie)
    response = client.get(f"/article/{article.pk}-ancien-titre/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_missing_article_is_a_404(client):
    assert client.get("/article/999999-rien/").status_code == 404


def test_related_and_neighbours_stay_in_the_section(client, diplomatie):
    now = timezone.now()
    others = [make_article(f"Diplo {i}", section=diplomatie, published_at=now - timedelta(hours=i)) for i in range(8)]
    make_article("Hors rubrique", section=make_section("Sport"), published_at=now - timedelta(hours=3, minutes=1))
    article = others[3]
    response = client.get(article.get_absolute_url())
    related = response.context["related"]
    assert len(related) == 5
    assert article not in related
    assert all(a.section_id == diplomatie.pk for a in related)
    assert response.context["older_article"] == others[4]
    assert response.context["newer_article"] == others[2]
    assert "À lire aussi" in response.content.decode()


def test_neighbours_at_the_same_minute_follow_the_timeline_order(client, diplomatie):
    # Sources often give the minute only: articles of one section share a date, and the id decides.
    minute = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    first, second, third = (make_article(f"Même minute {i}", section=diplomatie, published_at=minute) for i in range(3))
    earlier = make_article("Avant", section=diplomatie, published_at=minute - timedelta(hours=2))
    later = make_article("Après", section=diplomatie, published_at=minute + timedelta(minutes=30))
    context = client.get(second.get_absolute_url()).context
    assert (context["older_article"], context["newer_article"]) == (first, third)
    assert context["related"] == [later, third, first, earlier]
    # The home page lists them newest first, ties by id: the neighbours walk that list.
    timeline = list(client.get("/").context["articles"])
    assert timeline.index(third) + 1 == timeline.index(second) == timeline.index(first) - 1


def test_hostile_title_caption_and_credit_are_escaped(client, diplomatie):
    article = make_article('<script>alert("titre")</script>', section=diplomatie, lead="<img src=x onerror=alert(1)>")
    make_photo(article, caption="<script>alert('légende')</script>", credit="<b onmouseover=alert(1)>AFP</b>")
    for url in ("/", diplomatie.get_absolute_url(), article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b onmouseover" not in html
    assert (
        "&lt;script&gt;alert(&quot;titre&quot;)&lt;/script&gt;"
        in client.get(article.get_absolute_url()).content.decode()
    )


def test_french_typography_in_titles(client, diplomatie):
    article = make_article("Liban : « un accord » est-il possible ?", section=diplomatie)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Liban\u00a0: «\u00a0un accord\u00a0» est-il possible\u202f?" in html


@pytest.mark.parametrize("articles_on_page", [1, 30])
def test_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, diplomatie, articles_on_page):
    for i in range(articles_on_page):
        article = make_article(section=diplomatie if i % 2 else make_section())
        make_stored_photo(article)
        make_stored_photo(article, position=1, is_main=False)
        article.authors.create(name=f"Auteur {i}", through_defaults={"position": 0})
    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(diplomatie.get_absolute_url()).status_code == 200
    # Its version (for the page cache), the article, its photos, its authors, the section's
    # articles before and after it, the live feed's latest headlines, the sections bar.
    with django_assert_max_num_queries(8):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_article_pages_answer_conditional_gets(client, diplomatie):
    article = make_article(section=diplomatie)
    first = client.get(article.get_absolute_url())
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_robots_txt_points_at_the_sitemap(client, diplomatie):
    make_article("Dans le plan", section=diplomatie)
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/rubrique/diplomatie/" in sitemap and "dans-le-plan" in sitemap


def test_navigation_lists_sections_by_position_then_french_alphabetical_order(client):
    for name in ("Sport", "Économie", "Diplomatie"):
        make_article(section=make_section(name))
    make_article(section=make_section("À la une", position=0))
    html = client.get("/").content.decode()
    names = ["À la une", "Diplomatie", "Économie", "Sport"]
    positions = [html.index(f">{name}</a></li>") for name in names]
    assert positions == sorted(positions)


def test_a_lead_cut_at_a_sentence_end_gets_one_ellipsis(client, diplomatie):
    lead = ("Une phrase de chapô assez longue pour être coupée. " * 3) + "Anticonstitutionnellement" * 2
    make_article("Chapô long", section=diplomatie, lead=lead)
    html = client.get("/").content.decode()
    assert "coupée…</p>" in html and ".…" not in html


def _article_html(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    return html[html.index('<article class="article">') : html.index("</article>")]


def test_article_body_gets_the_french_typography_of_titles_and_chapos(client, diplomatie):
    article = make_article(
        section=diplomatie,
        body_html=(
            '<p>Une cargaison « conforme » : 33\u202f000 tonnes, <a href="https://x.test/a?b=1 ;">livrées</a> ?</p>'
        ),
    )
    html = _article_html(client, article)
    assert "«\u00a0conforme\u00a0»\u00a0: 33\u202f000 tonnes" in html
    assert "livrées</a>\u202f?" in html
    assert 'href="https://x.test/a?b=1 ;"' in html


def test_an_overlong_lead_is_not_set_as_a_bold_chapo(client, diplomatie):
    story = "Le conseil municipal a voté mardi soir un budget en hausse pour les écoles de la ville. " * 30
    article = make_article(section=diplomatie, lead=story.strip(), body_html="<p>Suite.</p>")
    html = _article_html(client, article)
    assert 'class="article__lead"' not in html
    body = html[html.index('<div class="article__body">') :]
    assert "Le conseil municipal a voté mardi soir" in body


def test_a_lead_without_a_body_is_shown_as_the_text(client, diplomatie):
    article = make_article(section=diplomatie, lead="Le conseil municipal a voté le budget.", body_html="")
    html = _article_html(client, article)
    assert 'class="article__lead"' not in html
    assert '<div class="article__body">\n    <p>Le conseil municipal a voté le budget.</p>' in html
