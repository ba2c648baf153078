"""Who a request comes from, for the throttles (which count its network: throttles.clients).

The socket's address, unless it is one of the proxies in front (settings.TRUSTED_PROXIES):
then X-Forwarded-For is read from the right, each proxy having appended (or, nginx here, set)
the address it received the request from, and the first address that is not a trusted proxy is
the client. Entries further left were written by the client and prove nothing; a client that
reaches the app directly is its socket's address whatever the headers say.
"""

import ipaddress

from django.conf import settings
from django.core import checks


def is_trusted_proxy(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def parsed(text: str | None):
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    address = parsed(remote)
    if address is None or not is_trusted_proxy(address):
        return remote
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed([e for e in entries if e.strip()]):
        hop = parsed(entry)
        if hop is None:
            # Unreadable: what lies left of it cannot be told from a client's invention.
            break
        address = hop
        if not is_trusted_proxy(hop):
            break
    return str(address)


def trusted_proxies_check(app_configs, **kwargs) -> list[checks.Warning]:
    """`check --deploy`: behind a TLS proxy the app must know it, or every visitor is the proxy
    (one search budget and one login lockout for the whole site)."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXIES:
        return [
            checks.Warning(
                "DJANGO_BEHIND_TLS_PROXY is on but PARTICIPE_TRUSTED_PROXIES is empty: every "
                "request counts as coming from the proxy in the throttles.",
                hint="Set PARTICIPE_TRUSTED_PROXIES to the proxy's address or network.",
                id="participe.W001",
            )
        ]
    return []
