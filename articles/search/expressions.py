"""One ORM expression for raw SQL about the current article row, so a backend stays a QuerySet."""

from django.db.models import Expression, F


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
