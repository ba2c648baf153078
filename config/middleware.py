"""Cross-cutting HTTP behaviour: security headers Django lacks, health probes, database outages,
and the interface language."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from config.cache import cache_status

from . import health
from .errors import error_page

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
    # Its own connection and short timeout, and a migrated schema (config/health.py).
    problem = health.database_problem()
    if problem:
        logger.warning("Health check: %s", problem)
    return problem is None


def health_check(get_response):
    """`/healthz`: 200 when the app and its migrated database answer, 503 otherwise; the body
    also says whether the shared cache (Redis) answers.

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
        # The shared cache is reported, not required: without it pages are served uncached.
        cache = cache_status()
        if cache is not None:
            response.write(f"cache: {cache}\n")
        response["Cache-Control"] = "no-store"
        return response

    return middleware


def unavailable(request):
    """The friendly 503 page; it needs no database, so it renders during the outage."""
    response = error_page(request, 503)
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


class LanguageCookieMiddleware:
    """French unless the visitor chose another language with the switcher (set_language's cookie).

    Django's LocaleMiddleware would also follow Accept-Language; the board keeps French as its
    default whatever the browser says, and the URLs stay the same in every language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        if request.path_info.startswith("/admin/"):
            # The back office (and the e-mails it sends) is written in French only.
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
