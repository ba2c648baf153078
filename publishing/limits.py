"""Proposing an offer and asking for a sign-in link are open to anybody: these limits keep them
from being used to flood an inbox or fill the database (counted in PostgreSQL, throttles)."""

from alerts.abuse import mailbox
from throttles.clients import client_network
from throttles.limits import hit

WINDOW_SECONDS = 3600
# Requests one client (an IPv4 address, an IPv6 /64) may make per hour, of each kind.
PER_CLIENT = 10
# E-mails one mailbox may be sent per hour, of each kind, whoever asks.
PER_MAILBOX = 3


def allowed(request, kind: str, email: str) -> bool:
    """Counts one request of `kind` ("publish", "signin", "join"); False past either limit.

    Both counters count, so that a refused mailbox still costs its client an attempt.
    """
    network = client_network(request) or "unknown"
    by_client = hit(f"publishing:{kind}:client", network, PER_CLIENT, WINDOW_SECONDS)
    by_mailbox = hit(f"publishing:{kind}:mailbox", mailbox(email), PER_MAILBOX, WINDOW_SECONDS)
    return by_client and by_mailbox
