"""Template filters of the reader: French day labels and French typography."""

import re
from datetime import UTC, time, timedelta

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import bodies
from articles.extraction.lead import MAX_LEAD
from articles.languages import PAGE_LANGUAGE, direction
from newsroom.csp import note_image_host

register = template.Library()

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
# French typesetting: the space before ; ! ? is a narrow no-break space, before : a no-break
# space, and inside « » a no-break space. Only existing spaces are replaced, so times (16:05)
# and URLs in scraped text are never touched.
_BEFORE_TALL = re.compile(r"[ \t]+([;!?])")
_BEFORE_COLON = re.compile(r"[ \t]+:")
_AFTER_OPEN_QUOTE = re.compile(r"«[ \t]+")
_BEFORE_CLOSE_QUOTE = re.compile(r"[ \t]+»")


@register.filter
def typographie(text):
    """French spacing around ; : ! ? and inside « », on plain text (escaping happens after)."""
    if not text:
        return text
    text = _BEFORE_TALL.sub(NARROW_NBSP + r"\1", str(text))
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPEN_QUOTE.sub("«" + NBSP, text)
    return _BEFORE_CLOSE_QUOTE.sub(NBSP + "»", text)


_TAG = re.compile(r"(<[^>]*>)")


@register.filter(is_safe=True)
def typographie_html(html):
    """`typographie` on the text of stored, sanitised HTML (an article's body), never inside a tag.
    It only turns spaces into no-break spaces, so even a stray ">" in an attribute changes no markup."""
    pieces = _TAG.split(str(html or ""))
    pieces[::2] = [typographie(piece) for piece in pieces[::2]]
    return mark_safe("".join(pieces))  # noqa: S308 (stored HTML is sanitised; only spaces changed)


@register.filter(is_safe=True)
def page_body(html):
    """A stored (sanitised) body under the article page's h1: outline from h2, no empty links."""
    return mark_safe(bodies.page_body(str(html or "")))  # noqa: S308 (sanitised; only tag names change or empty tags go)


@register.filter
def chapo(article):
    """The lead shown apart as the chapô (bold): a standfirst's length, with a body after it. An
    overlong lead, or one that is all the text, is read as the text itself, never as a bold wall."""
    lead = article.lead or ""
    return lead if lead and len(lead) <= MAX_LEAD and (article.body_html or "").strip() else ""


@register.filter
def day_label(value):
    """'Aujourd'hui', 'Hier', else 'vendredi 16 février 2024', in the site's time zone."""
    if value is None:
        return ""
    day = value.date() if hasattr(value, "date") else value
    today = timezone.localdate()
    if day == today:
        return "Aujourd’hui"
    if day == today - timedelta(days=1):
        return "Hier"
    return date_format(day, "l j F Y")


_TRAILING_PUNCTUATION = re.compile(r"[\s,;:.…—-]+$")


@register.filter
def excerpt(text, length=180):
    """The start of a text, cut at a word boundary."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = _TRAILING_PUNCTUATION.sub("", text[:length].rsplit(" ", 1)[0])
    return cut + "…"


@register.filter
def by_day(articles):
    """A page of the timeline as [{'date': day, 'articles': [...]}, ...], in the site's time zone."""
    days = []
    for article in articles:
        day = article.published_day
        if not days or days[-1]["date"] != day:
            days.append({"date": day, "articles": []})
        days[-1]["articles"].append(article)
    return days


@register.simple_tag
def published(article, with_time, day_only, css=""):
    """The <time> of an article's publication, `with_time` formatted (Django's date format), or
    `day_only` when the source gave only the day: no time nobody gave is ever shown."""
    if article.published_time_known:
        shown = date_format(timezone.localtime(article.published_at), with_time)
    else:
        shown = date_format(article.published_day, day_only)
    return format_html('<time{} datetime="{}">{}</time>', _css(css), published_iso(article), shown)


@register.filter
def published_iso(article):
    """ISO 8601 publication date and time, or the day alone when the source gave only the day."""
    if article.published_time_known:
        return timezone.localtime(article.published_at).isoformat()
    return article.published_day.isoformat()


@register.simple_tag
def modified(article, with_time, day_only):
    """The <time> of the source's last update, or the day alone when the source gave only the day
    (stored, as extraction stores a bare day, at exactly midnight UTC)."""
    utc = article.modified_at.astimezone(UTC)
    if utc.time() == time(0):
        return format_html('<time datetime="{}">{}</time>', utc.date().isoformat(), date_format(utc.date(), day_only))
    when = timezone.localtime(article.modified_at)
    return format_html('<time datetime="{}">{}</time>', when.isoformat(), date_format(when, with_time))


def _css(css):
    return format_html(' class="{}"', css) if css else ""


@register.filter
def lang_attrs(article):
    """` lang="de"` (and ` dir="rtl"`) on an element holding the article's own text, when it is
    not in the page's French; nothing when its language is unknown (the page's French stands)."""
    tag = article.lang
    if not tag or tag == PAGE_LANGUAGE:
        return ""
    if direction(tag):
        return format_html(' lang="{}" dir="{}"', tag, direction(tag))
    return format_html(' lang="{}"', tag)


CREDIT_WORDS = re.compile(r"^(©|\(c\)|photo|crédit|credit|illustration|image|foto|photograph)", re.IGNORECASE)


@register.filter
def credit_label(credit):
    """'AFP/WOLFGANG RATTAY' is shown as 'Photo AFP/WOLFGANG RATTAY'; '© Reuters' as it is."""
    credit = (credit or "").strip()
    if not credit or CREDIT_WORDS.match(credit):
        return credit
    return f"Photo {credit}"


@register.simple_tag(takes_context=True)
def search_url(context, add=None, value=None, remove=None, remove_value=None):
    """The current search's query string with one filter added or removed (and page 1)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if remove:
        kept = [v for v in params.getlist(remove) if remove_value is not None and v != str(remove_value)]
        params.setlist(remove, kept)
    if add:
        values = params.getlist(add)
        if str(value) not in values:
            params.setlist(add, [*values, str(value)])
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def image_src(context, url):
    """An image URL, noted so that this page's Content-Security-Policy allows its host."""
    return note_image_host(context.get("request"), url)
