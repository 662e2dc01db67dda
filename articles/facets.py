"""The search page's three facets (sections, photo agencies, sites) counted in one statement on PostgreSQL,
when they count the same search: its articles read once, not once a facet (articles.filters).

Each facet counts stories (filters.stories: an article alone by its id negated). The rows come back
in each facet's own order, sorted by the database as the facet queries sort them.
"""

# The statement is made of this module's constants and the queryset's own SQL; every value is a bound parameter.
# ruff: noqa: S608

from django.core.exceptions import EmptyResultSet
from django.db import connections

_KEY = 'COALESCE(found."story_id", -found."id")'
_SQL = f"""
SELECT GROUPING(s.name, s.slug), GROUPING(p.agency), GROUPING(found.source_domain),
       s.name, s.slug, p.agency, found.source_domain, MAX(found.site_name), COUNT(DISTINCT {_KEY}) AS n
FROM ({{found}}) AS found
LEFT JOIN articles_section s ON s.id = found.section_id
LEFT JOIN articles_photo p ON p.article_id = found.id AND p.agency > ''
GROUP BY GROUPING SETS ((s.name, s.slug), (p.agency), (found.source_domain))
ORDER BY n DESC, s.name, p.agency, found.source_domain
"""


def counted_together(queryset):
    """Whether the facets of `queryset` are counted here: on PostgreSQL (SQLite has no GROUPING SETS)."""
    return connections[queryset.db].vendor == "postgresql"


def facet_rows(queryset):
    """{"section": [(name, slug, n)], "agence": [(agency, n)], "site": [(domain, n, a site name)]}
    for the articles of `queryset`, each list in its facet's order (count, then name); the articles
    without a section, an agency or a domain counted in none."""
    columns = queryset.order_by().values("id", "section_id", "story_id", "source_domain", "site_name")
    rows = {"section": [], "agence": [], "site": []}
    try:
        sql, params = columns.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # a search that matches nothing (`.none()`)
        return rows
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(_SQL.format(found=sql), params)
        for by_section, by_agency, by_site, name, slug, agency, domain, site_name, n in cursor.fetchall():
            if not by_section and name is not None:
                rows["section"].append((name, slug, n))
            elif not by_agency and agency is not None:
                rows["agence"].append((agency, n))
            elif not by_site and domain:
                rows["site"].append((domain, n, site_name))
    return rows
