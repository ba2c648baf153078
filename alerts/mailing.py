"""The one place alerts hand a message over for delivery: the site's outbox.

The message is queued in the caller's transaction and sent by the task worker once it commits,
with the outbox's retries (mail.outbox): a mail server that refuses loses nothing and fails
nothing here.
"""

from mail.models import OutgoingEmail
from mail.outbox import queue_email

from .emails import Email


def queue(email: Email, *, key: str | None = None) -> OutgoingEmail | None:
    """Queue `email`; with a `key`, only once (None when that key was queued already)."""
    # Private: the subscriber's address, and the links that act for them, are theirs alone.
    return queue_email(
        email.to,
        email.subject,
        email.text,
        html=email.html,
        headers=email.headers,
        key=key,
        private=True,
    )
