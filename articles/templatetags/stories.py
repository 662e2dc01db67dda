"""Template filters for stories: "aussi chez …" on the timeline, each version's length."""

from django import template

from articles.stories.versions import also_at

register = template.Library()


@register.filter
def aussi_chez(article):
    """« Le Monde, France 24 (+2) »: the other versions' outlets, or "" when there are none."""
    named, more = also_at(article)
    if not named:
        return ""
    return ", ".join(named) + (f" (+{more})" if more else "")


@register.filter
def longueur(words_more):
    """How much longer or shorter a version is than the article read, in words."""
    if words_more > 0:
        return f"{words_more} mot{'s' if words_more > 1 else ''} de plus"
    if words_more < 0:
        return f"{-words_more} mot{'s' if words_more < -1 else ''} de moins"
    return "même longueur"
