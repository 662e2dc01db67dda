"""Issue 15, finding 10: the revisions page of a large changed article answers, and says when its
diff was cut (ndiff compared every removed paragraph with every added one: minutes, then a 500)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Revision
from articles.revisions import MAX_LINES, diff
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SENTENCE = "le sommet de Genève s'achève sans accord commun entre les délégations présentes ce soir"
WORDS = SENTENCE.split()


def paragraphs(count, *, changed=lambda n: False):
    return "\n".join(
        " ".join(WORDS[(n + k) % len(WORDS)] for k in range(30))
        + f" (paragraphe {n}{', corrigé' if changed(n) else ''})"
        for n in range(count)
    )


def revised_article(before, after):
    article = make_article("Un très long récit", body_text=after)
    Revision.objects.create(article=article, title=article.title, lead=article.lead, body_text=before)
    return article


def test_revisions_diff_of_a_1500_paragraph_article_is_bounded_and_says_it_is_cut():
    article = revised_article(paragraphs(1500), paragraphs(1500, changed=lambda n: n % 10 == 0))
    [body] = diff(article.revisions.get(), article)
    assert body.label == "Corps"
    assert len(body.lines) <= MAX_LINES
    assert body.cut


def test_revisions_page_of_1500_changed_paragraphs_answers_and_says_it_is_cut(client):
    article = revised_article(paragraphs(1500), paragraphs(1500, changed=lambda n: True))
    client.force_login(User.objects.create_superuser("chef", password="x"))
    response = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Différences tronquées" in page
    assert page.count('class="diff-line') <= MAX_LINES
    assert "paragraphe 0, corrigé" in page  # the start of the change is shown


def test_revisions_diff_shows_a_small_change_with_its_context_only():
    before = paragraphs(40)
    article = revised_article(before, paragraphs(40, changed=lambda n: n == 20))
    [body] = diff(article.revisions.get(), article)
    kinds = [line.kind for line in body.lines]
    assert kinds == ["skipped", "same", "same", "removed", "added", "same", "same", "skipped"]
    assert not body.cut
