"""Requests whose parameters hold a NUL character are refused (400) before any view runs.

PostgreSQL cannot hold a NUL in text: `/recherche/?section=%00` reached a query and answered 500.
Django's form fields refuse NUL, but not every parameter goes through one (choices by slug, the
admin's list filters), so the rule is here, once, for every request.
"""

from django.core.exceptions import SuspiciousOperation


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parameters = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        if "\x00" in request.path or any(_holds_nul(query_dict) for query_dict in parameters):
            # SuspiciousOperation: Django answers 400 and logs it to django.security.
            raise SuspiciousOperation("a NUL character in the request")
        return self.get_response(request)


def _holds_nul(query_dict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())
