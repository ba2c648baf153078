"""Who a request comes from, for the throttles (which count its network: throttles.clients).

The socket's address, unless it is one of the proxies in front (settings.TRUSTED_PROXIES):
then X-Forwarded-For is read from the right, each proxy having appended (or, nginx here, set)
the address it received the request from, and the first address that is not a trusted proxy is
the client. Entries further left were written by the client and prove nothing; a client that
reaches the app directly is its socket's address whatever the headers say.
"""

import ipaddress

from django.conf import settings

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
