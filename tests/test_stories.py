"""Stories: versions of one story from several outlets grouped; other stories, languages and updates kept apart."""

import pytest

from articles.models import Article, Story
from articles.stories.editing import merge, split
from tests.stories_helpers import ingest_story, ingest_version, versions

pytestmark = pytest.mark.django_db


def story_of(article):
    article.refresh_from_db()
    return article.story_id


def test_versions_from_several_outlets_make_one_story_listed_once():
    articles = ingest_story("gard-crue", count=3)
    assert len({story_of(a) for a in articles}) == 1 and articles[0].story_id is not None
    listed = Article.objects.filter(story=articles[0].story_id, listed=True)
    assert list(listed) == [articles[0]]  # the earliest version


@pytest.mark.parametrize("other", ["liban-pain", "liban-fmi-suite"])
def test_a_story_on_the_same_topic_or_its_follow_up_stays_apart(other):
    first = ingest_story("liban-fmi", count=2)
    second = ingest_story(other, count=2)
    assert story_of(first[0]) != story_of(second[0])
    assert story_of(first[0]) == story_of(first[1]) and story_of(second[0]) == story_of(second[1])


def test_the_same_text_in_another_language_is_not_a_version():
    version = versions("bce-taux", count=0)[0]
    french = ingest_version(version, 1)
    tagged_english = ingest_version(version, 2, language="en")
    assert story_of(french) is None and story_of(tagged_english) is None


def test_an_update_of_the_same_url_stays_an_update_not_a_version():
    original, republished = versions("berlin-energie", count=1)
    first = ingest_version(original, 1, url="https://outlet.example/berlin.html")
    updated = ingest_version(republished, 1, url="https://outlet.example/berlin.html")
    assert updated.pk == first.pk and Article.objects.count() == 1
    assert story_of(updated) is None and not Story.objects.exists()


def test_an_update_that_changes_the_story_leaves_its_group():
    a, b = ingest_story("psg-om", count=1)
    assert story_of(a) == story_of(b)
    other = versions("ue-apple", count=0)[0]
    ingest_version(other, 1, url=b.canonical_url)  # the same URL now tells another story
    assert story_of(a) is None and story_of(b) is None and not Story.objects.exists()
    assert Article.objects.get(pk=a.pk).listed and Article.objects.get(pk=b.pk).listed  # both in the timeline


def test_deleting_one_version_keeps_the_others_grouped_and_one_listed():
    first, second, third = ingest_story("bce-lagarde", count=2)
    first.delete()
    assert story_of(second) == story_of(third) is not None
    assert Article.objects.get(pk=second.pk).listed and not Article.objects.get(pk=third.pk).listed


def test_an_editors_split_holds_when_the_articles_are_ingested_again():
    articles = ingest_story("gard-assureurs", count=2)
    wrong = articles[2]
    split([wrong])
    for n, version in enumerate(versions("gard-assureurs", count=2)):
        ingest_version(version.__class__(**{**vars(version), "lead": version.lead + " (mis à jour)"}), n)
    assert story_of(articles[0]) == story_of(articles[1]) != story_of(wrong)
    assert Article.objects.get(pk=wrong.pk).listed


def test_an_editors_merge_holds_when_the_articles_are_ingested_again():
    first = ingest_story("berlin-ukraine", count=1)
    second = ingest_story("berlin-suite", count=1)
    story = merge([first[0], second[0]])
    for n, version in enumerate(versions("berlin-suite", count=1)):
        ingest_version(version.__class__(**{**vars(version), "lead": version.lead + " (mis à jour)"}), n)
    assert {story_of(a) for a in first + second} == {story.pk}
    assert list(Article.objects.filter(story=story, listed=True)) == [first[0]]


def test_the_regroup_command_groups_existing_articles_and_resumes(capsys):
    from django.core.management import call_command

    from articles.models import StoryBand, StoryFingerprint

    articles = ingest_story("ue-apple", count=2) + ingest_story("ue-meta", count=1)
    # As if the command had stopped after the first two: the others have no fingerprint, no story.
    StoryBand.objects.filter(article__in=articles[2:]).delete()
    StoryFingerprint.objects.filter(article__in=articles[2:]).delete()
    Article.objects.filter(pk__in=[a.pk for a in articles[2:]]).update(story=None, listed=True)
    call_command("regroup_stories", batch=2)
    out = capsys.readouterr().out
    assert "2/3 articles (67%)" in out and "Grouped 3 articles." in out
    assert story_of(articles[0]) == story_of(articles[2]) is not None  # joined the one already fingerprinted
    assert story_of(articles[3]) == story_of(articles[4]) != story_of(articles[0])
    call_command("regroup_stories", restart=True)
    assert "Grouped 5 articles." in capsys.readouterr().out
    assert len({story_of(a) for a in articles[:3]}) == 1 and story_of(articles[3]) == story_of(articles[4])


def test_agency_lines_case_accents_and_typography_do_not_change_the_words():
    from articles.stories.fingerprint import words

    wire = "PARIS (AFP) - L'Etat a annoncé « une aide » : 3 millions."
    outlet = "Paris – L’État a annoncé «\u202fune aide\u202f»\u00a0: 3 millions (avec AFP)"
    assert words(wire) == words(outlet) == ["paris", "l", "etat", "a", "annonce", "une", "aide", "3", "millions"]


def test_the_labelled_set_is_grouped_with_the_asked_precision_and_recall():
    from articles.stories.grouping import THRESHOLD
    from bench.republish import labelled_versions
    from bench.stories import curve

    [(_, precision, recall, _)] = curve(labelled_versions(count=6, seed=1), [THRESHOLD])
    assert precision >= 0.97 and recall >= 0.90


def test_a_batch_of_new_articles_is_grouped_in_its_transaction():
    from datetime import UTC, datetime

    from articles.pipeline.batches import Write, save_batch
    from bench.republish import as_extracted

    day = datetime(2026, 6, 4, 8, tzinfo=UTC)
    pages = [
        as_extracted(v, f"https://batch{n}.example/{v.story}.html", day)
        for n, v in enumerate(versions("bce-taux", count=2) + versions("bce-lagarde", count=1))
    ]
    outcomes = save_batch([Write(page, "<html></html>", page.url) for page in pages])
    first, second, third, other, other_version = (Article.objects.get(pk=pk) for _, pk in outcomes)
    assert story_of(first) == story_of(second) == story_of(third) is not None
    assert story_of(other) == story_of(other_version) != story_of(first)


def test_a_batch_groups_its_articles_as_writing_them_one_at_a_time_does():
    from datetime import UTC, datetime

    from articles.pipeline.batches import Write, save_batch
    from articles.pipeline.writing import save_article
    from bench.republish import as_extracted

    day = datetime(2026, 6, 4, 8, tzinfo=UTC)
    stories = ("bce-taux", "bce-lagarde", "gard-crue", "liban-fmi")
    pages = [
        as_extracted(v, f"https://batch{n}.example/{v.story}.html", day)
        for n, v in enumerate(v for story in stories for v in versions(story, count=2))
    ]

    def grouped():
        rows = Article.objects.order_by("canonical_url").values_list("canonical_url", "story_id", "listed")
        partition = {}
        for url, story, _ in rows:
            partition.setdefault(story or url, []).append(url)
        return sorted(partition.values()), sorted(url for url, _, listed in rows if listed)

    save_batch([Write(page, "<html></html>", page.url) for page in pages])
    together = grouped()
    Article.objects.all().delete()
    Story.objects.all().delete()
    for page in pages:
        save_article(page, html="<html></html>", fetched_url=page.url)
    assert grouped() == together
    assert len(together[0]) < len(pages)  # some versions were grouped


def test_a_batch_reads_its_articles_story_candidates_in_one_statement_the_ones_each_alone_would():
    from datetime import UTC, datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.pipeline.batches import Write, save_batch
    from articles.stories.fingerprint import fingerprint, unpack
    from articles.stories.grouping import CANDIDATES, CANDIDATES_SQL, _batch_candidates
    from bench.republish import as_extracted

    day = datetime(2026, 6, 4, 8, tzinfo=UTC)
    # More earlier versions of one story than an article compares itself with, ties among them likely.
    earlier = [
        as_extracted(v, f"https://before{n}.example/{v.story}.html", day)
        for n, v in enumerate(versions("bce-taux", count=CANDIDATES + 3))
    ]
    save_batch([Write(page, "<html></html>", page.url) for page in earlier])
    stories = ("bce-taux", "bce-lagarde", "gard-crue", "liban-fmi")
    pages = [
        as_extracted(v, f"https://batch{n}.example/{v.story}.html", day)
        for n, v in enumerate(v for story in stories for v in versions(story, count=2))
    ]
    with CaptureQueriesContext(connection) as queries:
        outcomes = save_batch([Write(page, "<html></html>", page.url) for page in pages])
    # The batch's band keys looked up once, not once an article.
    assert sum(q["sql"].startswith("SELECT") and "articles_storyband" in q["sql"] for q in queries) == 1
    ids = [pk for _, pk in outcomes]
    prints = [fingerprint(f"{page.lead}\n\n{page.body}", page.language) for page in pages]
    read_together = _batch_candidates(ids, prints)
    full = 0
    for position, (pk, found) in enumerate(zip(ids, prints, strict=True)):
        later = ids[position + 1 :]
        sql = CANDIDATES_SQL.format(
            keys=", ".join(["%s"] * len(found.keys)),
            later=f" AND article_id NOT IN ({', '.join(['%s'] * len(later))})" if later else "",
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*found.keys, pk, *later, CANDIDATES])
            alone = sorted((other, unpack(signature), size) for other, signature, size in cursor.fetchall())
        assert sorted(read_together[position]) == alone
        full += len(alone) == CANDIDATES
    assert full >= 2  # the limit was reached: which candidates it keeps was checked


@pytest.mark.parametrize("count", [0, 3, 4, 5, 40, 2000])
def test_a_fingerprint_is_the_minimum_hash_of_its_shingles_in_each_bin(count):
    import hashlib

    from articles.stories import fingerprint as fp

    tokens = [f"mot{n % 97}x{n}" for n in range(count)]
    made = fp.fingerprint(" ".join(tokens), "fr")
    kept = fp.words(" ".join(tokens)[: fp.MAX_CHARS])[: fp.MAX_WORDS]
    shingles = {" ".join(kept[i : i + fp.SHINGLE]) for i in range(len(kept) - fp.SHINGLE + 1)}
    assert fp.shingles(kept) == shingles and made.size == len(shingles)
    bins = [None] * fp.BINS
    for shingle in shingles:
        h = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little")
        slot, value = h >> (64 - 7), h & 0xFFFFFFFF
        bins[slot] = value if bins[slot] is None else min(bins[slot], value)
    # Every bin a shingle fell in holds its smallest value; the others are filled from those.
    assert all(value is None or made.signature[slot] == value for slot, value in enumerate(bins))
    assert (made.signature == (0,) * fp.BINS) == (not shingles)
