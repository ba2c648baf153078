"""Subscribing is open to anybody: these limits keep it from being used to flood an inbox."""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

# Confirmation e-mails one address may be sent per window, whoever asks.
PER_ADDRESS = 3
# Subscription requests one client (IP address) may make per window.
PER_CLIENT = 10
WINDOW_SECONDS = 3600


def within_limit(kind: str, identity: str, limit: int) -> bool:
    """Counts one attempt; False once the window holds more than `limit`."""
    # Hashed: the cache (Redis in production) never holds an address in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{identity}".encode()).hexdigest()
    key = f"participe:alerts:rate:{kind}:{digest}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        # Expired between add() and incr(): this attempt opens a new window.
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= limit


def client_allowed(request) -> bool:
    # The same client address django-axes locks out on (X-Forwarded-For behind the proxy).
    return within_limit("client", get_client_ip_address(request) or "unknown", PER_CLIENT)


def address_allowed(email: str) -> bool:
    return within_limit("address", email, PER_ADDRESS)


def same_origin(request) -> bool:
    """Whether a POST comes from one of this site's own pages.

    The list page is cached whole for anonymous visitors (offers.page_cache), so its subscribe
    form cannot carry a per-visitor CSRF token. Browsers say where a form was posted from:
    Sec-Fetch-Site (sent to HTTPS sites) or else Origin (sent with every POST since 2020).
    A cross-site form, or a request that says neither, is refused.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
