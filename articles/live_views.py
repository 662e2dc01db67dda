"""The live feed: how many articles are newer than the one a timeline shows first (an endpoint the
timeline polls), and the latest headlines shown beside an article.

A timeline's first page carries its top article (time and id) and polls this every minute
(static/js/fresh-news.js). One indexed query (a range on the timeline index, counted up to
MAX_COUNTED); the answer depends on the URL only, so the page cache keeps it like any page.
"""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode

from .models import Article

# The live feed beside an article: the latest headlines with their times.
LIVE_FEED_COUNT = 10
# "Plus de 99 nouvelles infos" says enough: counting further would scan more of the index.
MAX_COUNTED = 100


def cursor(params):
    """(published_at, id) of the article a page showed first, from `depuis` and `id`; None if invalid."""
    try:
        since = parse_datetime(params.get("depuis", ""))
        pk = int(params.get("id", ""))
    except ValueError:
        return None
    if since is None or since.tzinfo is None or pk < 1:
        return None
    return since, pk


def newer_than(articles, since, pk):
    """`articles` after (since, pk) in the timeline's order: a range on the date, the tie on the id."""
    return articles.filter(published_at__gte=since).exclude(published_at=since, pk__lte=pk)


def fresh_count(request):
    """{"count": n, "more": bool}: published articles newer than the cursor (in a section: `rubrique`, its id)."""
    found = cursor(request.GET)
    section = request.GET.get("rubrique", "")
    if found is None or (section and not section.isdigit()):
        return JsonResponse({"error": "depuis (date ISO 8601 avec fuseau), id et rubrique (nombre)"}, status=400)
    articles = newer_than(Article.objects.published().one_per_story(), *found)  # a new version is no new item
    if section:
        articles = articles.in_section(int(section))
    count = articles[:MAX_COUNTED].count()
    return JsonResponse({"count": min(count, MAX_COUNTED - 1), "more": count >= MAX_COUNTED})


def fresh_news(request, articles, section=None):
    """What a timeline's first page needs to say "N nouvelles infos": the endpoint's URL and the
    page's own URL after the top article (it marks the new ones), and which shown articles are new
    since the cursor the reader came back with."""
    articles = list(articles)
    found = cursor(request.GET)
    fresh_ids = {a.pk for a in articles if found and (a.published_at, a.pk) > found}
    if not articles:
        return {"fresh_ids": fresh_ids}
    top = articles[0]
    after = urlencode({"depuis": top.published_at.isoformat(), "id": top.pk})
    params = after + (f"&rubrique={section.pk}" if section is not None else "")
    return {
        "fresh_ids": fresh_ids,
        "fresh_url": f"{reverse('articles:fresh')}?{params}",
        "reload_url": f"{request.path}?{after}",
    }


def latest_headlines(count=LIVE_FEED_COUNT):
    """The newest published articles, as the live feed beside an article shows them (one query)."""
    latest = Article.objects.published().one_per_story()  # a story once, as in the timeline
    return list(latest.only("title", "slug", "published_at", "published_time_known", "language")[:count])
