"""A whole-page cache for anonymous visitors of the public pages.

Only requests that carry no session cookie are cached or served from the cache, so a page built
for someone signed in (a moderator, later a publisher) is never shown to anybody else. Every key
holds the board's version (offers/caches.py says when it moves and how recent the one a stored
page is looked up under is), today's date (openness changes at midnight) and the active
language (month names are translated).

With REDIS_URL set, all gunicorn workers share the stored pages; without it each worker keeps
its own (the same version keys make either fresh).

Content Security Policy: the header is written per response by CSPMiddleware, outside the
view, so a page served from the cache gets a fresh header. A page whose rendering read
`request.csp_nonce` embeds that nonce, which the next visitors' headers would not carry: such a
page is never stored (no public page uses a nonce today; the rule keeps one that starts to
correct).

Memory is bounded: pages live in a cache of their own (the "pages" alias, at most
PARTICIPE_PAGE_CACHE_ENTRIES of them per worker without Redis), gzipped, and only addresses
whose query string holds nothing but the view's own parameters, once each, are stored, under a
key built from those parameters in a fixed order: `?utm=1`, `?a=1&a=2` or junk parameters are
answered but never stored, so nobody can fill the cache with distinct addresses of one page.

Browsers (every one sends `Accept-Encoding: gzip`) get the stored bytes as they are, with
`Content-Encoding: gzip`: a phone downloads a fifth of the page, and the server neither
decompresses nor compresses it again. Compressing is safe from BREACH here: a stored page holds
no secret (no session, no CSRF token: a response that sets a cookie is never stored). Other
clients, those whose quality values refuse gzip (`gzip;q=0`, `*;q=0`) included, get the page
decompressed.
"""

from __future__ import annotations

import gzip
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from .caches import page_store, recent_version

# A page bigger than this, compressed, is not worth a slot (none of ours comes close).
MAX_ENTRY_BYTES = 256 * 1024


def has_known_query(
    request, parameters: frozenset[str], repeatable: frozenset[str] = frozenset()
) -> bool:
    return all(
        name in parameters and (len(values) == 1 or name in repeatable)
        for name, values in request.GET.lists()
    )


def may_be_served(request) -> bool:
    """Whether a stored page may answer: the cache is on, and an anonymous visitor reads."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_cacheable(
    request, parameters: frozenset[str] = frozenset(), repeatable: frozenset[str] = frozenset()
) -> bool:
    return may_be_served(request) and has_known_query(request, parameters, repeatable)


def normalised_address(request) -> str:
    # The host and scheme too: pages carry absolute canonical and feed links. Every value of a
    # repeated parameter counts (several régions), in a fixed order.
    query = urlencode(
        sorted((name, value) for name, values in request.GET.lists() for value in set(values))
    )
    return f"{request.scheme}://{request.get_host()}{request.path}" + (f"?{query}" if query else "")


def page_key(request) -> str | None:
    """Where the page is stored: under the board's version (offers/caches.py), the day, the
    language and the address. None when the version is unknown: the page is then not cached."""
    version = recent_version()
    if version is None:
        return None
    path = hashlib.sha256(normalised_address(request).encode()).hexdigest()
    return ":".join(
        [
            # "gzip": entries are gzip bytes (earlier ones, zlib, are never read as gzip).
            "participe:page:gzip",
            str(version),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            path,
        ]
    )


def accepts_gzip(request) -> bool:
    """Whether Accept-Encoding gives gzip a quality above 0 (RFC 9110, 12.5.3).

    Named ("gzip", or the old "x-gzip"), gzip takes its own quality, else that of "*"; a header
    naming neither (such as "identity") refuses it. A quality that is no number counts as 0.
    """
    qualities = {}
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, *parameters = (part.strip().lower() for part in item.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                quality = quality_value(value.strip())
        if coding:
            qualities[coding] = quality
    for coding in ("gzip", "x-gzip", "*"):
        if coding in qualities:
            return qualities[coding] > 0
    return False


def quality_value(text: str) -> float:
    try:
        quality = float(text)
    except ValueError:
        return 0.0
    return quality if 0 <= quality <= 1 else 0.0


def stored_response(request, status: int, content_type: str, compressed: bytes) -> HttpResponse:
    """The stored page, gzipped for clients that accept it, decompressed for the others."""
    if accepts_gzip(request):
        response = HttpResponse(compressed, status=status, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        content = gzip.decompress(compressed)
        response = HttpResponse(content, status=status, content_type=content_type)
    # What CommonMiddleware would add, which a stored page does not reach.
    response["Content-Length"] = str(len(response.content))
    # The same address has two encodings: shared caches must keep them apart. (A new response:
    # nothing to merge with; the language middleware adds Cookie.)
    response["Vary"] = "Accept-Encoding"
    response["X-Page-Cache"] = "hit"
    return response


def uses_nonce(request) -> bool:
    # django-csp's request.csp_nonce is true once read (its documented CheckableLazyObject).
    return bool(getattr(request, "csp_nonce", None))


class CachedPageMiddleware:
    """Answers anonymous visitors from the page cache, before the rest of the stack.

    Placed after the middleware that write the security headers and choose the language (the
    key holds it), so that a stored page skips what it does not need: CSRF, authentication,
    messages, the view and its queries (as Django's FetchFromCacheMiddleware, but early). It
    only reads: pages are stored by the views that know their parameters
    (AnonymousPageCacheMixin), and only the addresses such a view would store are looked up,
    so no other request pays for the board's version.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = storing_view(request) if may_be_served(request) else None
        if view is not None and has_known_query(
            request, view.cache_parameters, view.repeatable_parameters
        ):
            key = page_key(request)
            entry = page_store().get(key) if key is not None else None
            if entry is not None:
                return stored_response(request, *entry)
        return self.get_response(request)


def storing_view(request) -> type[AnonymousPageCacheMixin] | None:
    """The view that stores this address's page, or None when no view does."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    view = getattr(match.func, "view_class", None)
    return view if view is not None and issubclass(view, AnonymousPageCacheMixin) else None


class AnonymousPageCacheMixin:
    """For public class-based views: store whole pages for anonymous visitors, whom
    CachedPageMiddleware then answers."""

    # The query parameters the view reads, and those it reads several values of; an address
    # with any other, or with another one repeated, is never stored.
    cache_parameters: frozenset[str] = frozenset()
    repeatable_parameters: frozenset[str] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        if not is_cacheable(request, self.cache_parameters, self.repeatable_parameters):
            return super().dispatch(request, *args, **kwargs)
        cache = page_store()
        # Before the view reads anything: a change committed while it renders moves the
        # version on, and the page then lands under a key nobody asks for any more.
        key = page_key(request)
        response = super().dispatch(request, *args, **kwargs)
        if key is None:
            return response
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and not uses_nonce(request)
        ):
            # Django's GZipMiddleware's compression (level 6, mtime 0), without its random
            # bytes against BREACH: a stored page holds no secret.
            compressed = compress_string(response.content)
            if len(compressed) <= MAX_ENTRY_BYTES:
                entry = (response.status_code, response["Content-Type"], compressed)
                cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
                patch_vary_headers(response, ["Accept-Encoding"])
                response["X-Page-Cache"] = "miss"
        return response
