"""The live feed in Chromium: relative times kept fresh, the "N nouvelles infos" notice."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOON = timezone.make_aware(datetime(2026, 12, 5, 12, 0))


@pytest.fixture
def at_noon(monkeypatch):
    """The server's clock and the page's both at noon, so 'today' never straddles midnight."""
    monkeypatch.setattr(timezone, "now", lambda: NOON)
    return NOON


def test_relative_times_stay_true_while_the_page_is_open(open_page, live_server, at_noon):
    make_article("Tout frais", section=make_section("Monde"), published_at=at_noon - timedelta(minutes=12))
    page = open_page()
    page.clock.install(time=at_noon)
    page.goto(live_server.url + "/")
    label = page.locator(".news-item__ago")
    assert label.inner_text() == "il y a 12 min"
    page.clock.fast_forward("05:00")
    assert label.inner_text() == "il y a 17 min"
    page.clock.fast_forward("01:00:00")
    assert label.inner_text() == "il y a 1 h"
