"""Issue 15, finding 16: the README's database steps (create the database, DATABASE_URL, `migrate`)
are all it takes; the admin login, whose throttling lives in the database cache, then works."""

import json

from tests.scratch_databases import manage, scratch_database

LOGIN = (
    "from django.contrib.auth.models import User;"
    "from django.test import Client;"
    "import json;"
    "User.objects.create_superuser('redaction', 'r@example.org', 'le-bon-mot-de-passe');"
    "client = Client(HTTP_HOST='localhost');"
    "wrong = client.post('/admin/login/', {'username': 'redaction', 'password': 'faux'});"
    "right = client.post('/admin/login/', {'username': 'redaction', 'password': 'le-bon-mot-de-passe'});"
    "print(json.dumps([wrong.status_code, right.status_code]))"
)


def test_migrate_alone_creates_the_cache_table_and_the_admin_login_works(tmp_path):
    with scratch_database(tmp_path) as url:
        migrated = manage(url, "migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        result = manage(url, "shell", "-c", LOGIN)
        assert result.returncode == 0, result.stderr
        wrong, right = json.loads(result.stdout.strip().splitlines()[-1])
        assert (wrong, right) == (200, 302)  # the form again with its error, then into the admin
        # `migrate` again (an upgrade) finds the table there and leaves it.
        assert manage(url, "migrate", "--noinput").returncode == 0
