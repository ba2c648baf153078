"""Each client's budget of uncached searches: random searches from one client cannot starve
everybody else.

A search that a stored page answers costs nothing and never reaches this (CachedPageMiddleware
serves it first); one that reaches a view costs PostgreSQL a full-text match. 300 connections
sending random `q` values took every page to 6 s. Each client (throttles.clients: an IPv6 one
by its /64) may make SEARCHES_PER_MINUTE of them per clock minute; past that it gets a 429
with Retry-After until the next minute, while cached pages still reach it and other clients are
not held back.

The counter lives in the shared cache, under a hash of the client (the cache never holds an
address in clear). If the cache is down the search is let through: the budget protects the
site's speed, not a secret, and the site must keep searching without Redis.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from config.message_page import message_page
from throttles.clients import client_network

from .search import parse

WINDOW_SECONDS = 60


def seconds_to_wait(request) -> int | None:
    """Counts one search for the request's client: None within its budget, else the seconds
    until its next window."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    client = hashlib.sha256(f"{settings.SECRET_KEY}:{client_network(request)}".encode()).hexdigest()
    key = f"participe:searches:{window}:{client}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        # Expired between add() and incr(), or the cache is down: a new window.
        return None
    if count <= settings.SEARCHES_PER_MINUTE:
        return None
    return max(1, (window + 1) * WINDOW_SECONDS - int(now))


def too_many_searches(request, wait: int):
    response = message_page(
        request,
        _("Trop de recherches"),
        _(
            "Vous avez lancé beaucoup de recherches en peu de temps. Patientez une minute "
            "avant la suivante ; la liste des offres reste consultable."
        ),
        429,
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


def counts_searches(view):
    """For the views that run a search box entry (`q`): the list, its feeds and exports."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        # Nothing searchable ("---") costs no match: not counted.
        if settings.SEARCHES_PER_MINUTE > 0 and parse(request.GET.get("q", ""), equivalences=()):
            wait = seconds_to_wait(request)
            if wait is not None:
                return too_many_searches(request, wait)
        return view(request, *args, **kwargs)

    return wrapped
