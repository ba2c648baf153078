"""Subscribing is open to anybody: these limits keep it from being used to flood an inbox."""

from django.conf import settings

from throttles.clients import client_network
from throttles.limits import hit

# Confirmation e-mails one mailbox may be sent per window, whoever asks.
PER_MAILBOX = 3
# Subscription requests one client (an IPv4 address, an IPv6 /64) may make per window.
PER_CLIENT = 10
WINDOW_SECONDS = 3600

# Domains whose mail servers ignore dots in the local part: a.b@gmail.com is ab@gmail.com.
DOTS_IGNORED = {"gmail.com", "googlemail.com"}
# Two names of one mail service.
SAME_SERVICE = {"googlemail.com": "gmail.com"}


def mailbox(email: str) -> str:
    """The mailbox an address delivers to, as far as a flood is concerned.

    "+tags" are cut at every domain: the large providers (Gmail, Outlook, iCloud, Fastmail,
    Proton…) and most self-hosted servers deliver ab+x@ to ab@. At a domain that does not, two
    mailboxes merely share one small limit; at one that does, a tag no longer buys a fresh one.
    """
    local, _at, domain = email.strip().lower().rpartition("@")
    domain = SAME_SERVICE.get(domain, domain)
    local = local.split("+", 1)[0] or local
    if domain in DOTS_IGNORED:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def client_allowed(request) -> bool:
    # The client django-axes locks out, grouped by network (throttles.clients).
    return hit("alerts:client", client_network(request) or "unknown", PER_CLIENT, WINDOW_SECONDS)


def mailbox_allowed(email: str) -> bool:
    return hit("alerts:mailbox", mailbox(email), PER_MAILBOX, WINDOW_SECONDS)


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
