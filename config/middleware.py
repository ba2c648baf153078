"""Cross-cutting HTTP behaviour: security headers Django lacks, health probes, database outages."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

# What a lost or refused database connection raises; anything else is a real bug (500).
DATABASE_OUTAGES = (OperationalError, InterfaceError)


def cross_origin_resource_policy(get_response):
    # Django sets COOP but not CORP; the Observatory wants both, on static files too.
    def middleware(request):
        response = get_response(request)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def database_is_up() -> bool:
    # A stale persistent connection was already replaced at request start (CONN_HEALTH_CHECKS).
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        # Start the next probe from a fresh connection, so recovery needs no restart.
        connection.close()
        return False


def health_check(get_response):
    """`/healthz`: 200 when the app and its database answer, 503 otherwise.

    Answered before host validation and the HTTPS redirect, because load balancers and the
    container's HEALTHCHECK call it on plain HTTP with their own Host header.
    """

    def middleware(request):
        if request.path != "/healthz":
            return get_response(request)
        if database_is_up():
            response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
        else:
            response = HttpResponse(
                "database unavailable\n", content_type="text/plain; charset=utf-8", status=503
            )
        response["Cache-Control"] = "no-store"
        return response

    return middleware


def unavailable(request):
    """The friendly 503 page; it needs no database, so it renders during the outage."""
    response = render(request, "503.html", status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database outage is a 503 with a page saying so, never a traceback or a bare 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_OUTAGES):
            return None
        logger.warning("Database unavailable: %s", exception)
        # The next request starts from a fresh connection, so the app recovers by itself.
        connection.close()
        return unavailable(request)
