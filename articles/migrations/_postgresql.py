"""A migration step of SQL statements for PostgreSQL alone (the search's own tables, functions and indexes)."""


def on_postgresql(*statements):
    """A migration step running `statements` on PostgreSQL, nothing elsewhere; each run as written (no
    parameters: a `%` in a function's body is not a placeholder)."""

    def run(apps, schema_editor):
        for statement in statements if schema_editor.connection.vendor == "postgresql" else ():
            schema_editor.execute(statement, params=None)

    return run
