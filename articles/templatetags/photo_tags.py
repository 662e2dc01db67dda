"""Photos in templates: the absolute address of a stored file (og:image, feeds), on this host or the storage's."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url
