"""Raw SQL about the current article row, shared by the backends so that a search stays a QuerySet."""

import json

from django.db import connections
from django.db.models import BooleanField, Expression, F
from django.db.models.expressions import RawSQL


class ArticleSQL(Expression):
    """Raw SQL with `{pk}` standing for the article's id column, however the query aliases it.

    A RawSQL naming "articles_article"."id" would break once the queryset becomes a subquery
    (Django re-aliases tables there); resolving F("pk") gives the right column every time.
    """

    def __init__(self, template, params, output_field):
        super().__init__(output_field=output_field)
        self.template, self.params = template, tuple(params)
        self.pk = F("pk")

    def __repr__(self):
        return f"{self.__class__.__name__}({self.template!r}, {self.params!r})"

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        return self.template.format(pk=pk_sql), (*self.params, *pk_params)


def pool_sql(queryset, entry_article_id):
    """SQL and params of the queryset's article whose id is `entry_article_id` (SQL naming the index
    entry being read): `EXISTS (…)` keeps the entries of the articles the other filters keep."""
    pool = queryset.order_by().filter(pk=RawSQL(entry_article_id, [])).values("pk")  # noqa: S611 (SQL from table names)
    return pool.query.get_compiler(queryset.db).as_sql()


def articles_sql(queryset):
    """SQL and params selecting the ids of the queryset's articles (unordered)."""
    return queryset.order_by().values("pk").query.get_compiler(queryset.db).as_sql()


def in_ids(ids, using):
    """A filter keeping the articles of `ids` (a list), passed as one parameter: Django prepares
    each value of a `pk__in` (a thousand cost it about a millisecond) and SQLite takes at most
    32,766. On PostgreSQL an array's text: psycopg dumps a list of a thousand ids in 0.5 ms more."""
    return ArticleSQL(*among_ids("{pk}", ids, using), BooleanField())


def among_ids(column, ids, using):
    """SQL (and its one parameter) of `column` (SQL) being one of `ids`, as in_ids() writes it."""
    if connections[using].vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", ["{" + ",".join(map(str, map(int, ids))) + "}"]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]  # noqa: S608 (a column's SQL)
