"""Photos: which images are the article's, their sources, captions and credits."""

import pytest

from articles.extraction import extract
from articles.extraction.credits import split_credit
from tests.sample_pages import PARAGRAPHS, article_page, photos_of

URL = "https://gazette.test/2024/03/05/budget-ecoles"


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "Le maire à la tribune, le 5 mars. Photo AFP/WOLFGANG RATTAY",
            "Le maire à la tribune, le 5 mars.",
            "AFP/WOLFGANG RATTAY",
        ),
        ("Le maire à la tribune. © Reuters", "Le maire à la tribune.", "Reuters"),
        ("Le maire à la tribune. Crédit : Marie Dupont", "Le maire à la tribune.", "Marie Dupont"),
        ("Le maire à la tribune (Photo Marie Dupont)", "Le maire à la tribune", "Marie Dupont"),
        ("Une école de la ville. Illustration Pixabay", "Une école de la ville.", "Pixabay"),
        ("Le maire en 2019. Photo d'archive AFP", "Le maire en 2019.", "AFP"),
        ("The mayor on stage. Credit: John Smith/Getty Images", "The mayor on stage.", "John Smith/Getty Images"),
        ("The mayor on stage. Photograph: Jane Roe/The Daily", "The mayor on stage.", "Jane Roe/The Daily"),
        ("The mayor speaks on Tuesday. (AP Photo/Evan Vucci)", "The mayor speaks on Tuesday.", "AP Photo/Evan Vucci"),
        ("Der Bürgermeister am Dienstag. Foto: dpa", "Der Bürgermeister am Dienstag.", "dpa"),
    ],
)
def test_credit_forms_are_split_from_the_caption(text, caption, credit):
    assert split_credit(text) == (caption, credit)
    (photo,) = photos_of(f"<figure><img src='/img/maire.jpg' alt=''><figcaption>{text}</figcaption></figure>")
    assert (photo.caption, photo.credit) == (caption, credit)


@pytest.mark.parametrize(
    "text",
    [
        "Photo of the mayor taken in 2010 during the campaign",
        "Images of the new school show bright classrooms",
        "Le maire, photographié devant l'école rénovée",
    ],
)
def test_captions_that_merely_mention_photos_keep_all_their_words(text):
    assert split_credit(text) == (text, "")


@pytest.mark.parametrize(
    "credit_markup",
    [
        "<span class='credit'>Marie Dupont / Gazette</span>",
        "<small>Marie Dupont / Gazette</small>",
        "<cite>Marie Dupont / Gazette</cite>",
        "<span class='media-copyright'>© Marie Dupont / Gazette</span>",
        "<div class='photo-source'>Marie Dupont / Gazette</div>",
    ],
)
def test_credit_in_its_own_element(credit_markup):
    figure = f"<figure><img src='/img/ecole.jpg'><figcaption>L'école Jules-Ferry. {credit_markup}</figcaption></figure>"
    (photo,) = photos_of(figure)
    assert photo.caption == "L'école Jules-Ferry."
    assert photo.credit == "Marie Dupont / Gazette"


def test_lazy_image_uses_the_real_source_not_the_placeholder():
    body = "<figure><img src='data:image/gif;base64,R0lGOD' data-lazy-src='/img/lazy.jpg'></figure>"
    assert [p.src for p in photos_of(body)] == ["https://gazette.test/img/lazy.jpg"]


def test_largest_srcset_candidate_is_chosen():
    body = (
        "<figure><img src='/img/a-320.jpg' data-srcset='/img/a-640.jpg 640w, /img/a-1600.jpg 1600w, "
        "/img/a-1024.jpg 1024w' width='640' height='427'></figure>"
    )
    (photo,) = photos_of(body)
    assert photo.src == "https://gazette.test/img/a-1600.jpg"
    assert (photo.width, photo.height) == (640, 427)


def test_picture_sources_and_density_descriptors():
    body = (
        "<figure><picture><source srcset='//cdn.gazette.test/b@1x.webp 1x, //cdn.gazette.test/b@2x.webp 2x'>"
        "<img src='/img/b.jpg'></picture></figure>"
    )
    assert photos_of(body)[0].src == "https://cdn.gazette.test/b@2x.webp"


def test_og_image_is_the_main_photo_when_the_article_has_none():
    head = '<meta property="og:image" content="/img/partage.jpg">'
    (photo,) = photos_of("", head=head)
    assert photo.src == "https://gazette.test/img/partage.jpg"
    assert photo.is_main


def test_logos_icons_avatars_pixels_and_teaser_pictures_are_not_photos():
    body = (
        "<img src='/static/logo-gazette.png'>"
        "<img src='/static/share-icon.png' class='icon'>"
        "<div class='author-avatar'><img src='/u/claire.jpg'></div>"
        "<img src='https://track.test/p.gif' width='1' height='1'>"
        "<a href='/autre-article'><img src='/img/autre.jpg'></a>"
        "<figure><img src='/img/vraie.jpg'><figcaption>La vraie photo.</figcaption></figure>"
    )
    photos = photos_of(body)
    assert [p.src for p in photos] == ["https://gazette.test/img/vraie.jpg"]


def test_exactly_one_main_photo_the_first_one():
    body = "".join(
        f"<figure><img src='/img/{n}.jpg'><figcaption>Photo numéro {n}.</figcaption></figure>" for n in range(3)
    )
    photos = photos_of(body)
    assert [p.is_main for p in photos] == [True, False, False]


def test_captions_do_not_leak_into_the_body():
    body = "<figure><img src='/img/c.jpg'><figcaption>Les élèves dans la cour. Photo Marie Dupont</figcaption></figure>"
    result = extract(article_page(body=body), URL)
    assert "élèves dans la cour" not in result.body
    assert "Marie Dupont" not in result.body


def test_share_image_shown_above_the_article_block_leads_with_its_caption():
    html = article_page(
        head='<meta property="og:image" content="https://cdn.gazette.test/une-1200x630.jpg">',
        body="<p>" + "Texte d'introduction assez long pour commencer l'article avant toute photo. " * 2 + "</p>"
        "<figure><img src='/img/cour.jpg'><figcaption>La cour de l'école.</figcaption></figure>",
    ).replace(
        "<main>",
        "<main><figure class='hero'><img src='https://cdn.gazette.test/une-800x420.jpg'>"
        "<figcaption>Le conseil municipal en séance. © Gazette</figcaption></figure>",
    )
    photos = extract(html, URL).images
    assert [p.src for p in photos] == ["https://cdn.gazette.test/une-1200x630.jpg", "https://gazette.test/img/cour.jpg"]
    assert (photos[0].caption, photos[0].credit, photos[0].is_main) == (
        "Le conseil municipal en séance.",
        "Gazette",
        True,
    )


def test_share_image_is_not_added_when_a_photo_opens_the_article():
    head = '<meta property="og:image" content="https://cdn.gazette.test/partage-carre.jpg">'
    photos = photos_of("<figure><img src='/img/une.jpg'><figcaption>La une.</figcaption></figure>", head=head)
    assert [p.src for p in photos] == ["https://gazette.test/img/une.jpg"]


def test_an_svg_with_a_caption_is_a_photo_but_a_bare_svg_is_furniture():
    captioned = "<figure><img src='/img/carte.svg' alt=''><figcaption>La carte du réseau. © Ville</figcaption></figure>"
    bare = "<p><img src='/img/fleche.svg' alt=''></p>"
    (photo,) = photos_of(captioned + bare)
    assert photo.src == "https://gazette.test/img/carte.svg"
    assert (photo.caption, photo.credit) == ("La carte du réseau.", "Ville")


@pytest.mark.parametrize("name", ["og-default.jpg", "default-share.png", "logo-site.png", "fallback.jpg"])
def test_a_site_wide_default_share_image_is_not_the_articles_photo(name):
    head = f"<meta property='og:image' content='https://gazette.test/static/{name}'>"
    assert photos_of("", head=head) == []


def test_a_real_share_image_is_the_main_photo_when_the_body_has_none():
    head = "<meta property='og:image' content='https://gazette.test/photos/2024/ecole-rentree.jpg'>"
    (photo,) = photos_of("", head=head)
    assert photo.src == "https://gazette.test/photos/2024/ecole-rentree.jpg"


def test_a_photo_block_in_a_widget_wrapper_is_the_articles_photo_a_teaser_widget_is_not():
    photo = (
        "<div class='widget widget--type-image'><div class='widget__contents'><figure>"
        "<img src='https://cdn.gazette.test/ecole-1200.jpg' alt='La cour de l’école'>"
        "<figcaption>La cour de l’école Jules-Ferry. © AFP</figcaption></figure></div></div>"
    )
    teaser = (
        "<div class='widget widget--related'><figure><img src='https://cdn.gazette.test/autre-1200.jpg' alt=''>"
        "<figcaption><a href='/autre-article'>Un autre article de la rubrique</a></figcaption></figure></div>"
    )
    sources = [p.src for p in photos_of(photo + teaser)]
    assert "https://cdn.gazette.test/ecole-1200.jpg" in sources
    assert "https://cdn.gazette.test/autre-1200.jpg" not in sources


def test_a_figure_picture_hidden_from_screen_readers_is_still_a_photo():
    body = (
        "<figure><div aria-hidden='true'><img src='https://cdn.gazette.test/maire-1200.jpg' alt=''></div>"
        "<figcaption>Le maire à la tribune. © Reuters</figcaption></figure>"
    )
    hidden_box = "<div aria-hidden='true'><img src='https://cdn.gazette.test/menu-1200.jpg' alt=''></div>"
    sources = [p.src for p in photos_of(body + hidden_box)]
    assert "https://cdn.gazette.test/maire-1200.jpg" in sources
    assert "https://cdn.gazette.test/menu-1200.jpg" not in sources


def test_a_photo_between_the_headline_and_a_marked_text_block_is_the_lead_photo():
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Le budget des écoles voté</title></head>"
        "<body><div class='page'><div class='top'><div class='head'><h1>Le budget des écoles voté</h1></div></div>"
        "<div class='media'><div class='picture'><img src='https://cdn.gazette.test/conseil-1200.jpg' "
        "alt='Le conseil municipal'></div></div>"
        "<div class='main'><div class='col'><div class='wrap'><div class='inner'>"
        f"<div itemprop='articleBody'>{text}</div></div></div></div></div></div></body></html>"
    )
    photos = extract(page, URL).images
    assert photos and photos[0].src == "https://cdn.gazette.test/conseil-1200.jpg"
    assert photos[0].is_main


def test_a_picture_after_the_opening_text_above_the_block_is_not_taken_as_the_lead_photo():
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    page = (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Le budget des écoles voté</title></head>"
        "<body><div class='page'><div class='top'><div class='head'><h1>Le budget des écoles voté</h1></div></div>"
        f"<div class='intro'><p>{PARAGRAPHS[0]}</p></div>"
        "<div class='box'><img src='https://cdn.gazette.test/abonnement-1200.jpg' alt=''></div>"
        "<div class='main'><div class='col'><div class='wrap'><div class='inner'>"
        f"<div itemprop='articleBody'>{text}</div></div></div></div></div></div></body></html>"
    )
    assert all("abonnement" not in p.src for p in extract(page, URL).images)


def test_a_file_name_holding_a_furniture_word_inside_another_word_is_a_photo():
    figure = "<figure><img src='/img/silicon-valley_advertisement_1950.jpg' alt=''><figcaption>{}</figcaption></figure>"
    (photo,) = photos_of(figure.format("Une réclame des années 1950."))
    assert photo.src.endswith("/img/silicon-valley_advertisement_1950.jpg")
    logo = figure.replace("silicon-valley_advertisement_1950", "site-logo")
    assert "site-logo" in logo  # the replace happened: the assertion below can fail
    assert photos_of(logo.format("Logo")) == []


def test_the_share_image_matches_its_page_copy_by_the_number_opening_its_file_name():
    head = '<meta property="og:image" content="https://gazette.test/img/34/34432223-ecole-2n4Qnu87yTea.jpg">'
    figure = (
        "<figure><img class='placeholder' src='/img/34/34432223-ecole-2n4Qnu88oYPH.jpg' alt=''>"
        "<figcaption>La façade de l'école. © Mairie</figcaption></figure>"
    )
    (photo,) = photos_of(figure, head=head)
    assert photo.src == "https://gazette.test/img/34/34432223-ecole-2n4Qnu87yTea.jpg"
    assert (photo.caption, photo.credit) == ("La façade de l'école.", "Mairie")


def test_the_share_image_shown_in_a_block_the_cleaning_drops_keeps_its_caption():
    head = '<meta property="og:image" content="https://gazette.test/img/ecole-1200x630.jpg">'
    sidebar = (
        "<div class='media ps-sidebar'><div class='image'><img src='/img/ecole-630x270.jpg' alt=''>"
        "<div class='caption'><span class='source'>Mairie</span>"
        "<span class='caption'>La façade de l'école rénovée.</span></div></div></div>"
    )
    html = article_page(head=head).replace("<main>", sidebar + "<main>")
    (photo,) = extract(html, URL).images
    assert photo.src == "https://gazette.test/img/ecole-1200x630.jpg"
    assert (photo.caption, photo.credit) == ("La façade de l'école rénovée.", "Mairie")


def test_a_photo_linked_to_a_larger_rendition_of_its_own_file_is_a_photo():
    figure = (
        "<div class='image'><a href='//img.example-cdn.test/abc123def456=s1200'>"
        "<img src='//img.example-cdn.test/abc123def456=s750' alt=''></a>"
        "<div class='image-text'><span class='description'>Le maire à la tribune.</span></div></div>"
    )
    (photo,) = photos_of(figure)
    assert photo.caption == "Le maire à la tribune."


def test_a_caption_line_then_a_labelled_credit_line_after_the_photo_are_its_caption_and_credit():
    block = (
        "<div><span class='image'><span class='image_target'><img src='/img/gigaba.jpg' alt=''></span>"
        "<span class='image_children'></span></span>"
        "<p><span>Le ministre quitte le tribunal vendredi.</span></p><p>Image: Jane Roe/Agence</p></div>"
    )
    (photo,) = photos_of(block)
    assert (photo.caption, photo.credit) == ("Le ministre quitte le tribunal vendredi.", "Jane Roe/Agence")


def test_a_paragraph_after_a_photo_without_a_credit_line_is_not_its_caption():
    block = "<div><span class='image'><img src='/img/gigaba.jpg' alt=''></span><p>Le ministre quitte.</p></div>"
    (photo,) = photos_of(block)
    assert photo.caption == ""


def test_a_figcaption_right_after_a_picture_without_a_figure_is_its_caption():
    block = (
        "<picture class='lazy'><source srcset='/img/lowes-960.jpg 960w'><img src='/img/lowes-960.jpg' "
        "alt='Alex Lowes in Barcelona'></source></picture>"
        "<figcaption><span>Alex Lowes mène la saison 2024, Foto: LAT Images</span></figcaption>"
    )
    (photo,) = photos_of(block)
    assert (photo.caption, photo.credit) == ("Alex Lowes mène la saison 2024,", "LAT Images")


def test_a_video_players_switch_and_headings_styled_by_text_utilities_are_not_the_caption():
    player = (
        "<figure><img src='/img/fouilles.jpg' alt=''><figcaption><div class='text-caption'>"
        "<span class='w-full block'>Les fouilles de 2024</span></div></figcaption>"
        "<div class='float-right hidden'><span class='uppercase text-sm md:text-md'>autoplay</span></div>"
        "<h2 class='functional-heading text-copy-primary'>Autres vidéos</h2></figure>"
    )
    (photo,) = photos_of(player)
    assert photo.caption == "Les fouilles de 2024"


def test_a_caption_repeated_by_a_lightbox_beside_the_figcaption_is_read_once():
    credit = "<div class='bildautor'>Bild: SN/APA/JANE ROE</div>"
    figure = (
        f"<figure><a class='lightbox'><div class='lightbox-caption-content'>{credit}"
        "<div>Le maire à la tribune</div></div></a><img src='/img/maire.jpg' alt=''>"
        f"<figcaption class='figcaption'>{credit}Le maire à la tribune</figcaption></figure>"
    )
    (photo,) = photos_of(figure)
    assert (photo.caption, photo.credit) == ("Le maire à la tribune", "SN/APA/JANE ROE")


def test_one_word_in_an_image_title_is_not_a_caption():
    (photo,) = photos_of("<div class='image'><img src='/img/offre.jpg' title='Advertorials' alt=''></div>")
    assert photo.caption == ""


def test_a_lazy_figure_named_by_its_schema_org_microdata_is_a_photo_with_its_caption():
    figure = (
        "<figure itemprop='associatedMedia' itemscope itemtype='http://schema.org/ImageObject' "
        "itemid='https://static.gazette.test/images/2024/chantier-articleLarge.jpg?quality=90'>"
        "<div data-testid='lazyimage-container'></div><figcaption><span>Le chantier de l'école Jules-Ferry."
        "</span><span>Crédit Marie Dupont pour la Gazette</span></figcaption></figure>"
    )
    (photo,) = photos_of(figure)
    assert photo.src == "https://static.gazette.test/images/2024/chantier-articleLarge.jpg?quality=90"
    assert photo.caption == "Le chantier de l'école Jules-Ferry."
    assert photo.credit == "Marie Dupont pour la Gazette"


@pytest.mark.parametrize(
    ("figcaption", "caption", "credit"),
    [
        (
            "<span>The Daily Gazette</span><br>Le maire à la tribune, le 5 mars, devant le conseil.",
            "Le maire à la tribune, le 5 mars, devant le conseil.",
            "The Daily Gazette",
        ),
        (
            "Le maire à la tribune, le 5 mars, devant le conseil. | <strong>Jean Durand/dpa</strong>",
            "Le maire à la tribune, le 5 mars, devant le conseil.",
            "Jean Durand/dpa",
        ),
    ],
)
def test_a_credit_set_apart_in_the_caption_by_its_markup_is_the_credit(figcaption, caption, credit):
    (photo,) = photos_of(f"<figure><img src='/img/maire.jpg' alt=''><figcaption>{figcaption}</figcaption></figure>")
    assert (photo.caption, photo.credit) == (caption, credit)


def test_emphasis_inside_a_caption_sentence_stays_in_the_caption():
    text = "Le maire <em>Jean Durand</em> à la tribune, le 5 mars, devant le conseil."
    (photo,) = photos_of(f"<figure><img src='/img/maire.jpg' alt=''><figcaption>{text}</figcaption></figure>")
    assert (photo.caption, photo.credit) == ("Le maire Jean Durand à la tribune, le 5 mars, devant le conseil.", "")


def test_a_picture_description_after_the_wrapper_holding_the_figure_is_its_caption():
    block = (
        "<div class='col'><div class='featured-img-container'><figure><img src='/img/maire.jpg' alt='Le maire'>"
        "</figure></div><p class='img-description'>Le maire à la tribune, le 5 mars, devant le conseil. | "
        "<strong>Jean Durand/dpa</strong></p></div>"
    )
    (photo,) = photos_of(block)
    assert (photo.caption, photo.credit) == ("Le maire à la tribune, le 5 mars, devant le conseil.", "Jean Durand/dpa")


def test_a_lazy_picture_whose_own_class_names_its_placeholder_state_is_a_photo():
    body = (
        "<figure><picture><source data-srcset='/img/courbe-780.jpg 1.0x' media='(min-width: 900px)'>"
        "<img class='c-placeholder__image' src='/assets/lazy-picture-placeholder.png' data-src='/img/courbe-1024.jpg'>"
        "</picture><figcaption>La courbe du budget depuis 2015.</figcaption></figure>"
    )
    (photo,) = photos_of(body)
    assert photo.src == "https://gazette.test/img/courbe-780.jpg"
    assert photo.caption == "La courbe du budget depuis 2015."


def test_a_placeholder_image_with_no_lazy_source_is_still_furniture():
    assert photos_of("<div class='media'><img class='placeholder' src='/img/vide.png'></div>") == []


def test_the_share_image_shown_above_the_headline_leads_even_when_the_text_block_opens_with_a_photo():
    html = article_page(
        head='<meta property="og:image" content="https://cdn.gazette.test/conseil-1200x630.jpg">',
        body="<figure><img src='/img/cour.jpg'><figcaption>La cour de l'école.</figcaption></figure>",
    ).replace(
        "<body>",
        "<body><div class='header'><img class='header-image' src='https://cdn.gazette.test/conseil-2048x1365.jpg'>"
        "<div class='image-caption'>Le conseil municipal en séance, mardi. (Photo: Marie Dupont)</div></div>",
    )
    photos = extract(html, URL).images
    assert [p.src for p in photos] == [
        "https://cdn.gazette.test/conseil-1200x630.jpg",
        "https://gazette.test/img/cour.jpg",
    ]
    assert (photos[0].caption, photos[0].credit, photos[0].is_main) == (
        "Le conseil municipal en séance, mardi.",
        "Marie Dupont",
        True,
    )


def test_the_share_image_shown_only_in_a_teaser_link_is_not_added_beside_the_articles_photo():
    html = article_page(
        head='<meta property="og:image" content="https://cdn.gazette.test/conseil-1200x630.jpg">',
        body="<figure><img src='/img/cour.jpg'><figcaption>La cour de l'école.</figcaption></figure>",
    ).replace(
        "</main>",
        "</main><aside><a href='/autre-article'><img src='https://cdn.gazette.test/conseil-400x300.jpg'></a></aside>",
    )
    assert [p.src for p in extract(html, URL).images] == ["https://gazette.test/img/cour.jpg"]


def test_a_wrapper_modifier_naming_an_icon_does_not_make_its_photo_furniture():
    body = (
        "<figure><div class='image-element image-element--has-hint-icon'><img src='/img/graphique.jpg'></div>"
        "<figcaption>Le budget par école.</figcaption></figure>"
    )
    assert [p.src for p in photos_of(body)] == ["https://gazette.test/img/graphique.jpg"]
    assert photos_of("<div class='author-icon'><img src='/img/graphique.jpg'></div>") == []


def test_the_pages_body_classes_do_not_make_a_photo_furniture():
    html = article_page(
        head='<meta property="og:image" content="https://gazette.test/img/seance.jpg">',
        body="<figure><img src='/img/cour.jpg'><figcaption>La cour de l'école.</figcaption></figure>",
    ).replace("<body>", "<body class='single wp-custom-logo'><img class='header-image' src='/img/seance.jpg'>")
    srcs = [p.src for p in extract(html, URL).images]
    assert srcs == ["https://gazette.test/img/seance.jpg", "https://gazette.test/img/cour.jpg"]


def test_a_share_image_from_the_same_shoot_as_the_articles_photo_is_another_photo():
    html = article_page(
        head='<meta property="og:image" content="https://gazette.test/up/20240305-conseil-02-scaled.jpg?fit=1280">',
        body="<figure><img src='/up/20240305-conseil-06-scaled.jpg'>"
        "<figcaption>Le vote à main levée.</figcaption></figure>",
    ).replace("<body>", "<body><img class='header-image' src='/up/20240305-conseil-02-scaled.jpg?w=2560'>")
    srcs = [p.src for p in extract(html, URL).images]
    assert srcs == [
        "https://gazette.test/up/20240305-conseil-02-scaled.jpg?fit=1280",
        "https://gazette.test/up/20240305-conseil-06-scaled.jpg",
    ]


def test_a_carousels_photos_held_by_its_scripts_own_lazy_attributes_are_found():
    slides = "".join(
        f"<div class='carousel-cell'><img data-flickity-lazyload='/img/vue-{i}.jpg'></div>" for i in range(3)
    )
    srcset = "<li><img data-splide-lazy-srcset='/img/plan-800.jpg 800w, /img/plan-1600.jpg 1600w'></li>"
    photos = photos_of(f"<div class='gallery'>{slides}</div><ul class='slider'>{srcset}</ul>")
    assert [p.src.removeprefix("https://gazette.test") for p in photos] == [
        "/img/vue-0.jpg",
        "/img/vue-1.jpg",
        "/img/vue-2.jpg",
        "/img/plan-1600.jpg",
    ]


def test_a_data_attribute_that_is_not_a_photo_url_is_not_a_source():
    assert photos_of("<figure><img data-track='/pixel/hit?id=3' data-caption='Vue de la cour'></figure>") == []


def test_an_amp_pages_amp_img_is_a_photo_with_its_caption_and_its_noscript_copy_is_not_another():
    body = (
        "<figure><amp-img src='/img/ciel.jpg' width='800' height='500' layout='responsive'>"
        "<noscript><img src='/img/ciel.jpg'></noscript></amp-img>"
        "<figcaption>La cour vue du ciel. Photo Marie Dupont</figcaption></figure>"
    )
    (photo,) = photos_of(body)
    assert (photo.src, photo.caption, photo.credit) == (
        "https://gazette.test/img/ciel.jpg",
        "La cour vue du ciel.",
        "Marie Dupont",
    )
    assert "La cour vue du ciel" not in extract(article_page(body=body), URL).body


def test_a_tracking_pixel_in_a_noscript_of_its_own_is_not_a_photo_but_a_lazy_pictures_noscript_copy_is():
    pixel = "<noscript><img src='https://stats.example/p?c1=2&c2=1005'></noscript>"
    lazy = "<div class='wrap'><img src='data:,' class='lazy'><noscript><img src='/img/cour.jpg'></noscript></div>"
    assert [p.src for p in photos_of(pixel + lazy)] == ["https://gazette.test/img/cour.jpg"]


def test_when_only_the_credit_is_marked_the_blocks_other_short_text_is_the_caption():
    body = (
        "<figure><img src='/img/tribune.jpg' alt='Le maire'><div class='image__meta'>"
        "<p>Le maire à la tribune mardi soir.</p><span class='image__source'>dpa</span></div></figure>"
    )
    (photo,) = photos_of(body)
    assert (photo.caption, photo.credit) == ("Le maire à la tribune mardi soir.", "dpa")


def test_an_unmarked_line_opening_with_a_credit_label_is_the_credit_not_lost():
    body = (
        "<figure><img src='/img/tribune.jpg'><figcaption>The mayor speaks on Tuesday.</figcaption>"
        "<div class='pic-info'>Image: Jane Roe</div></figure>"
    )
    (photo,) = photos_of(body)
    assert (photo.caption, photo.credit) == ("The mayor speaks on Tuesday.", "Jane Roe")


def test_an_image_title_that_is_only_a_credit_gives_the_credit():
    body = (
        "<figure><img src='/img/tribune.jpg' title='© Marie Dupont'>"
        "<figcaption>Le maire à la tribune.</figcaption></figure>"
    )
    (photo,) = photos_of(body)
    assert (photo.caption, photo.credit) == ("Le maire à la tribune.", "Marie Dupont")


def test_the_figcaption_wins_over_the_alt_text():
    body = (
        "<figure><img src='/img/tribune.jpg' alt='Photo du maire'>"
        "<figcaption>Le maire à la tribune.</figcaption></figure>"
    )
    (photo,) = photos_of(body)
    assert (photo.caption, photo.alt) == ("Le maire à la tribune.", "Photo du maire")


def test_an_img_whose_src_is_the_sites_home_page_is_an_empty_slot_and_the_share_image_leads():
    head = '<meta property="og:image" content="https://gazette.test/img/europe-1024.jpg">'
    (photo,) = photos_of("<img id='article_img' src='/' alt='main article image'>", head=head)
    assert photo.src == "https://gazette.test/img/europe-1024.jpg"


def test_a_script_rendered_picture_kept_only_in_its_noscript_copy_is_a_photo():
    body = (
        "<div class='PostPicture'><div class='PostPicture__picture'><div data-props='{}'><div><div>"
        "<noscript><img src='https://cdn.gazette.test/e1bf8e75bc11?auto=compress&w=800'></noscript>"
        "</div></div></div></div></div>"
    )
    assert [p.src for p in photos_of(body)] == ["https://cdn.gazette.test/e1bf8e75bc11?auto=compress&w=800"]


def test_the_share_image_shown_inside_the_article_block_is_not_added_again_in_another_rendition():
    body = (
        "<figure><noscript><img src='/img/entrepot-102__medium.jpg'></noscript>"
        "<img src='data:,' srcset='/img/entrepot-102__small.jpg 320w, /img/entrepot-102__retina.jpg 1920w'>"
        "<figcaption>Une employée dans l'entrepôt.</figcaption></figure>"
    )
    head = '<meta property="og:image" content="https://gazette.test/img/entrepot-102__retina.jpg">'
    assert [p.src for p in photos_of(body, head=head)] == ["https://gazette.test/img/entrepot-102__medium.jpg"]


def test_a_buttons_label_beside_the_share_image_shown_above_the_article_is_not_its_caption():
    html = article_page(
        head='<meta property="og:image" content="https://cdn.gazette.test/conseil-1200x630.jpg">',
        body="<figure><img src='/img/cour.jpg'><figcaption>La cour de l'école.</figcaption></figure>",
    ).replace(
        "<body>",
        "<body><figure class='hero'><img src='https://cdn.gazette.test/conseil-2048x1365.jpg'>"
        "<button><span class='button__text'>Agrandir</span></button>"
        "<figcaption>Le conseil municipal en séance, mardi.</figcaption></figure>",
    )
    photos = extract(html, URL).images
    assert photos[0].caption == "Le conseil municipal en séance, mardi."


def test_a_photo_painted_as_a_css_background_in_a_figure_is_found_with_its_caption():
    figure = (
        "<figure class='lead'><div class='frame' style=\"background-image: url('/img/ecole-jules-ferry.jpg');"
        " background-size: cover\"></div><figcaption>L'école Jules-Ferry, rénovée cet été. "
        "<span class='credit'>Marie Dupont</span></figcaption></figure>"
    )
    (photo,) = photos_of(figure)
    assert photo.src == "https://gazette.test/img/ecole-jules-ferry.jpg"
    assert (photo.caption, photo.credit) == ("L'école Jules-Ferry, rénovée cet été.", "Marie Dupont")


def test_a_picture_block_painting_its_photo_with_a_caption_after_it_is_a_photo():
    block = (
        "<div class='article-image' style='background-image:url(/img/conseil.jpg)'></div>"
        "<p class='caption'>Le conseil municipal en séance mardi soir.</p>"
    )
    (photo,) = photos_of(block)
    assert (photo.src, photo.caption) == (
        "https://gazette.test/img/conseil.jpg",
        "Le conseil municipal en séance mardi soir.",
    )


def test_a_video_poster_or_an_uncaptioned_banner_painted_as_a_background_is_no_photo():
    video = (
        "<div class='video-embed'><figure><div style=\"background: url('/img/poster-720.jpg') no-repeat\">"
        "<div class='video-player' data-id='x1'></div></div><figcaption>Le débat en vidéo.</figcaption></figure></div>"
    )
    banner = "<div class='hero-image' style='background-image:url(/img/ville.jpg)'></div>"
    assert photos_of(video + banner) == []
