"""The address of the client behind the board's own proxies, for the login throttle.

Each proxy appends the address it received the request from to X-Forwarded-For, so with N
trusted proxies in front of the app the client's address is the N-th entry from the right;
entries further left were written by the client and prove nothing. Without proxies (N = 0) it is
the socket's address, whatever the headers say.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < count:
        # Fewer hops than configured: the request did not come through every proxy.
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
