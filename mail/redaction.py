"""What the admin shows of a private person's e-mail (an alert's subscriber): enough for a
moderator to diagnose its delivery (the domain, the subject, the text, the error), not enough
to act as its recipient or to learn who subscribed.

The links in an alert's e-mail carry signed values (django.core.signing: value, timestamp and
signature in base64url, joined by colons; the manage link's value is the address itself). Whoever
reads one can confirm, manage or delete the subscriber's alerts: the admin shows them masked.
"""

import re

# A signed value: its signature is at least 27 base64url characters (43 for SHA-256).
SIGNED_VALUE = re.compile(r"[\w.-]+:(?:[\w-]+:)?[\w-]{27,}")
ADDRESS = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
MASKED_LINK = "[lien personnel masqué]"


def masked_address(address: str) -> str:
    """c…@example.org: the domain tells which mail server to look at, not who it was."""
    local, _at, domain = address.strip().rpartition("@")
    return f"{local[:1]}…@{domain}" if local else "…"


def redacted(text: str) -> str:
    text = SIGNED_VALUE.sub(MASKED_LINK, text)
    return ADDRESS.sub(lambda match: masked_address(match.group(0)), text)
