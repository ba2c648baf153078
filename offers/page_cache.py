"""A whole-page cache for anonymous visitors of the public pages.

Only requests that carry no session cookie are cached or served from the cache, so a page built
for someone signed in (a moderator, later a publisher) is never shown to anybody else. Every key
holds a "generation" that `invalidate()` moves on whenever public content changes, plus today's
date (openness changes at midnight) and the active language (month names are translated).

With REDIS_URL set, all gunicorn workers share the cache and its generation. Without it each
worker has its own in-process cache: a change then reaches the other workers within
PAGE_CACHE_SECONDS at worst, which is why production should set REDIS_URL.

Content Security Policy: the header is written per response by CSPMiddleware, outside the
view, so a page served from the cache gets a fresh header. A page whose rendering read
`request.csp_nonce` embeds that nonce, which the next visitors' headers would not carry: such a
page is never stored (no public page uses a nonce today; the rule keeps one that starts to
correct).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation

GENERATION_KEY = "participe:pages:generation"


def invalidate() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Missing (first change, or evicted): start from the clock so that a restarted counter
        # can never meet the keys of pages cached under an older generation.
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


def is_cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def page_key(request) -> str:
    # The host and scheme too: pages carry absolute canonical and feed links.
    url = request.build_absolute_uri()
    path = hashlib.sha256(url.encode()).hexdigest()
    return ":".join(
        [
            "participe:page",
            str(generation()),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            path,
        ]
    )


def uses_nonce(request) -> bool:
    # django-csp stores the nonce on the request the first time a template reads it.
    return getattr(request, "_csp_nonce", None) is not None


class AnonymousPageCacheMixin:
    """For public class-based views: serve and store whole pages for anonymous visitors."""

    def dispatch(self, request, *args, **kwargs):
        if not is_cacheable(request):
            return super().dispatch(request, *args, **kwargs)
        key = page_key(request)
        cached = cache.get(key)
        if cached is not None:
            status, content_type, content = cached
            response = HttpResponse(content, status=status, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = super().dispatch(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and not uses_nonce(request)
        ):
            entry = (response.status_code, response["Content-Type"], response.content)
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
