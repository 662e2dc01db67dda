"""Photo credits in the conventions news sites use: separate spans, asides, labels, Japanese press forms."""

import pytest

from articles.extraction.credits import clean_credit, split_credit
from tests.sample_pages import photos_of


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "Houses listed for sale on Monday. (Bespoke Real Estate)",
            "Houses listed for sale on Monday.",
            "Bespoke Real Estate",
        ),
        ("시민들이 풍선을 흔들고 있다. [사진 = 한수진 기자]", "시민들이 풍선을 흔들고 있다.", "한수진 기자"),
        ("The mayor at the town hall. (Photo = Jane Roe)", "The mayor at the town hall.", "Jane Roe"),
        ("テレビで見る国民（ソウルで、３日）＝ＡＰ", "テレビで見る国民（ソウルで、３日）", "ＡＰ"),
        ("警視庁を出る容疑者＝13日、東京で（山田太郎撮影）", "警視庁を出る容疑者＝13日、東京で", "山田太郎"),
    ],
)
def test_credit_conventions_are_split_from_the_caption(text, caption, credit):
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize(
    "text",
    ["The mayor (left) and his deputy.", "A view of the site (2019)", "イスラエルの国旗＝同国で2019年5月"],
)
def test_asides_and_dates_are_not_credits(text):
    assert split_credit(text) == (text, "")


def test_caption_and_credit_in_unspaced_sibling_spans_are_told_apart():
    figure = (
        "<figure><img src='/img/soupe.jpg'><figcaption><span class='a1'>Rest helps you recover.</span>"
        "<span class='b2'>Unsplash/Kelly Doe</span></figcaption></figure>"
    )
    (photo,) = photos_of(figure)
    assert (photo.caption, photo.credit) == ("Rest helps you recover.", "Unsplash/Kelly Doe")


def test_photographer_and_distributor_in_separate_elements_make_one_credit():
    figure = (
        "<figure><img src='/img/strike.jpg'><figcaption><span class='caption'>A damaged building.</span> "
        "<span class='credit'>Photo by JANE ROE</span> /<span class='distributor'>AFP via Getty Images</span>"
        "</figcaption></figure>"
    )
    (photo,) = photos_of(figure)
    assert photo.caption == "A damaged building."
    assert photo.credit == "JANE ROE / AFP via Getty Images"


def test_a_caption_set_just_after_the_image_block_is_its_caption():
    block = (
        "<div class='wrap'><div class='image'><img src='/img/arrest.jpg'></div>"
        "<p class='caption'>The suspect leaves the station on Monday. (Photo = Jane Roe)</p></div>"
    )
    (photo,) = photos_of(block)
    assert (photo.caption, photo.credit) == ("The suspect leaves the station on Monday.", "Jane Roe")


def test_a_photo_inside_a_lazy_loading_placeholder_wrapper_is_a_photo():
    figure = (
        "<figure><div class='aspectRatioPlaceholder is-locked'><div class='aspect-ratio-fill'></div>"
        "<img class='graf-image' src='/img/lab.png'></div><figcaption>The lab in Barcelona.</figcaption></figure>"
    )
    (photo,) = photos_of(figure)
    assert photo.src.endswith("/img/lab.png") and photo.caption == "The lab in Barcelona."


def test_a_placeholder_image_itself_is_still_furniture():
    assert photos_of("<figure><img class='placeholder' src='/img/grey.png'></figure>") == []


def test_a_credit_carried_by_the_alt_text_is_the_credit():
    figure = "<figure><img src='/img/meteorite.jpg' alt='A meteorite in the garden © Gazette Foto: Jane Roe'></figure>"
    (photo,) = photos_of(figure)
    assert "Jane Roe" in photo.credit


def test_a_photo_linked_to_its_own_enlargement_page_is_a_photo_but_a_teaser_is_not():
    enlarged = "<div class='image'><a href='/article_photo/list?id=1'><img src='/img/arrest.jpg'></a></div>"
    teaser = "<div class='image'><a href='/photos/other-story'><img src='/img/other.jpg'> Another story</a></div>"
    photos = photos_of(enlarged + teaser)
    assert [p.src.rsplit("/", 1)[-1] for p in photos] == ["arrest.jpg"]


def test_a_photo_set_in_an_aside_beside_the_text_is_the_articles_photo():
    aside = (
        "<aside class='left image wide'><a href='/img/rally-full.jpg'><img src='/img/rally.jpg'></a>"
        "<figcaption>Workers rally in Des Moines. (Jane Roe)</figcaption></aside>"
    )
    (photo,) = photos_of(aside)
    assert photo.src.endswith("/img/rally.jpg") and photo.credit == "Jane Roe"


def test_a_teaser_aside_with_a_picture_is_still_furniture():
    aside = "<aside class='image related'><a href='/other'><img src='/img/other.jpg'> Another story</a></aside>"
    assert photos_of(aside) == []


@pytest.mark.parametrize("alt", ["Une façade transparente en verre", "The new Pixel 8 on a table", "A blank page"])
def test_prose_alt_texts_that_contain_furniture_substrings_keep_the_photo(alt):
    (photo,) = photos_of(f"<figure><img src='/img/facade.jpg' alt='{alt}'><figcaption>La façade.</figcaption></figure>")
    assert photo.src.endswith("/img/facade.jpg")


def test_an_image_whose_alt_says_logo_is_furniture():
    assert photos_of("<figure><img src='/img/brand.png' alt='Gazette logo'></figure>") == []


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Rejoice Ndlovu. Isithombe: Sithunyelwe", "Rejoice Ndlovu.", "Sithunyelwe"),
        ("Kaja Kallas in Brüssel | Bildquelle: EU-Kommission", "Kaja Kallas in Brüssel", "EU-Kommission"),
        ("The ice at left. Photograph by Doug Johnson", "The ice at left.", "Doug Johnson"),
        (
            "Trump in New York. (Photo credit should read JIM WATSON/AFP/Getty Images)",
            "Trump in New York.",
            "JIM WATSON/AFP/Getty Images",
        ),
    ],
)
def test_photo_labels_in_more_languages_introduce_the_credit(text, caption, credit):
    assert split_credit(text) == (caption, credit)


def test_a_credit_label_repeated_for_screen_readers_is_dropped_once_each():
    assert clean_credit("Credit Credit Chang W. Lee/The Gazette") == "Chang W. Lee/The Gazette"
    assert clean_credit("Photo: Source Media") == "Source Media"


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Prezydent w Sejmie. Fot. Jan Kowalski", "Prezydent w Sejmie.", "Jan Kowalski"),
        ("Президент на встрече. Фото: Иван Петров", "Президент на встрече.", "Иван Петров"),
        ("Presidentti puhuu. Kuva: Matti Meikäläinen", "Presidentti puhuu.", "Matti Meikäläinen"),
        (
            "Hearings began on Monday. (Photo: Jane Roe / UN Photo / Court. Courtesy of the Court of Justice)",
            "Hearings began on Monday.",
            "Jane Roe / UN Photo / Court. Courtesy of the Court of Justice",
        ),
    ],
)
def test_labelled_credits_in_more_languages_and_long_labelled_asides_are_credits(text, caption, credit):
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize("attribute", ["data-credit", "data-source", "data-copyright"])
def test_a_credit_the_lightbox_reads_from_the_image_attributes_is_the_credit(attribute):
    img = f"<img src='/img/imam.jpg' data-caption='The imam at prayer.' {attribute}='Jane Roe/imago'>"
    (photo,) = photos_of(f"<figure>{img}</figure>")
    assert (photo.caption, photo.credit) == ("The imam at prayer.", "Jane Roe/imago")


def test_a_file_or_address_in_a_data_source_attribute_is_no_credit():
    img = "<img src='/img/imam.jpg' data-source='/media/imam-full.jpg'>"
    (photo,) = photos_of(f"<figure>{img}<figcaption>The imam.</figcaption></figure>")
    assert photo.credit == ""


def test_a_licence_note_beside_the_caption_is_the_credit():
    figure = (
        "<figure><img src='/img/bread.jpg'><figcaption>Baking bread as in 1950 "
        "<span class='media-license-caption'> – Midjourney</span></figcaption></figure>"
    )
    (photo,) = photos_of(figure)
    assert (photo.caption, photo.credit) == ("Baking bread as in 1950", "Midjourney")


def test_a_section_named_as_a_picture_holds_the_photo_and_its_credit():
    section = (
        "<section class='header-lead-image'><div class='ratio'><img src='/img/woman.jpg'></div>"
        "<p class='header-lead-image__credits'>Jane Roe/Gazette</p></section>"
    )
    (photo,) = photos_of(section)
    assert photo.credit == "Jane Roe/Gazette"


def test_the_caption_beside_the_images_own_wrapper_belongs_to_it():
    block = (
        "<div class='media-block'><div class='media-block__container'><div class='media-block__wrapper'>"
        "<img src='/img/priest.jpg'></div></div>"
        "<div class='media-block__description'>The priest at Easter / J. Roe / Gazette</div></div>"
    )
    (photo,) = photos_of(block)
    assert (photo.caption, photo.credit) == ("The priest at Easter", "J. Roe / Gazette")


def test_the_few_words_of_a_picture_block_with_no_named_caption_are_its_caption():
    block = (
        "<div class='article__picture'><picture><img src='/img/coach.jpg'></picture>"
        "<p>The coach wants to win the last games. <span>IMAGO/Jane Roe</span></p></div>"
    )
    (photo,) = photos_of(block)
    assert (photo.caption, photo.credit) == ("The coach wants to win the last games.", "IMAGO/Jane Roe")


def test_a_picture_block_holding_a_list_or_heading_has_no_unmarked_caption():
    block = "<div class='article__picture'><img src='/img/coach.jpg'><h2>Results</h2><ul><li>3-1</li></ul></div>"
    (photo,) = photos_of(block)
    assert photo.caption == ""


def test_a_credit_label_and_a_repeated_credit_appear_neither_in_the_caption_nor_twice():
    figure = (
        "<figure><img src='/img/council.jpg'><figcaption><span class='caption__text'>The council meets. "
        "<span>-</span> <span class='caption__copyright'>Copyright</span> "
        "<span class='caption__credit'>Jane Roe/AP</span></span></figcaption>"
        "<div class='image-copyright'>Copyright Jane Roe/AP</div></figure>"
    )
    (photo,) = photos_of(figure)
    assert (photo.caption, photo.credit) == ("The council meets.", "Jane Roe/AP")


def test_the_lead_photo_shown_again_with_another_caption_is_listed_again():
    img = "<img src='/img/grid.jpg'>"
    lead = f"<figure>{img}<figcaption>Blackout in the city</figcaption></figure>"
    again = f"<figure>{img}<figcaption>The police directs the traffic. © Jane Roe</figcaption></figure>"
    copy = f"<figure>{img}<figcaption>Blackout in the city</figcaption></figure>"
    photos = photos_of(lead + again + copy)
    assert [(p.caption, p.credit) for p in photos] == [
        ("Blackout in the city", ""),
        ("The police directs the traffic.", "Jane Roe"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Video", "<a href='/other-story'>Miss Town 2018 picked from 49 candidates</a>", "4:11 The minister explains"],
)
def test_a_label_a_teaser_link_or_a_player_time_beside_a_picture_is_no_caption(text):
    (photo,) = photos_of(f"<div class='article__picture'><img src='/img/coach.jpg'><p>{text}</p></div>")
    assert photo.caption == ""


def test_a_caption_in_widget_markup_keeps_its_text_and_credit():
    figure = (
        "<div class='widget widget--type-image'><figure class='widget__figure'><img src='/img/conseil.jpg'>"
        "<figcaption class='widget__caption'><span class='widget__captionText'>Le conseil en séance lundi</span>"
        "<span class='widget__captionCredit'>Jane Roe/AP</span></figcaption></figure></div>"
    )
    (photo,) = photos_of(figure)
    assert (photo.caption, photo.credit) == ("Le conseil en séance lundi", "Jane Roe/AP")


def test_a_credit_element_printed_in_brackets_loses_its_brackets_and_label():
    assert clean_credit("(Image credit: Jane Roe)") == "Jane Roe"
    assert clean_credit("[Photo: Jane Roe/Gazette]") == "Jane Roe/Gazette"
    assert clean_credit("Jane Roe (Gazette)") == "Jane Roe (Gazette)"


def test_an_audio_players_title_and_running_time_in_the_figure_are_not_the_photos_caption():
    figure = (
        "<figure class='lead'><figcaption class='mediabox'>"
        "<p class='info'><span class='label'>Audio</span><span class='byline'>03:07 Min.</span>"
        "<span class='byline'>| 25.04.24</span><span class='byline'>| Jane Roe</span></p>"
        "<a href='/audio/the-debate-in-the-council'><h3><span class='headline'>How the council spent the night"
        "</span></h3></a></figcaption>"
        "<div class='player'><img src='/img/council.jpg' alt='The council'><button>Audio</button></div>"
        "<div class='mediabox__copyright'><span class='figcaption'>The councillors vote the budget at 2 a.m. </span>"
        "<span class='figcaption__copyright'>Photo © John Doe</span></div></figure>"
    )
    (photo,) = photos_of(figure)
    assert (photo.caption, photo.credit) == ("The councillors vote the budget at 2 a.m.", "John Doe")


def test_a_credit_block_holding_the_caption_gives_only_the_credit():
    figure = (
        "<figure><img src='/img/school.jpg'><div class='photo-copyright'>"
        "<span class='figcaption'>The minister visits the new school.</span> "
        "<span class='figcaption__copyright'>Photo © John Doe</span></div></figure>"
    )
    (photo,) = photos_of(figure)
    assert (photo.caption, photo.credit) == ("The minister visits the new school.", "John Doe")


def test_a_time_of_day_in_a_caption_is_not_a_players_running_time():
    figure = (
        "<figure><img src='/img/mairie.jpg'><figcaption><p class='legend'>The mayor arrives at the town hall at "
        "<span class='time'>14:30</span></p></figcaption></figure>"
    )
    (photo,) = photos_of(figure)
    assert photo.caption == "The mayor arrives at the town hall at 14:30"
