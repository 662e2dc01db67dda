"""/healthz: is this app server able to answer? (the database answers a query)."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The error names the database's host, port and role: the log keeps it, anonymous callers
        # (load balancers) need only the verdict.
        logger.exception("/healthz: the database does not answer")
        return JsonResponse({"status": "down"}, status=503)
    return JsonResponse({"status": "ok"})
