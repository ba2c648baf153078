"""Signed links: who holds the e-mail holds the link, and nobody can forge or alter one."""

from django.core import signing

from .models import CONFIRMATION_WINDOW

# A "manage my alerts" link is in every e-mail; one older than this sends you to a newer one.
MANAGE_LINK_LIFETIME = 60 * 24 * 3600

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
MANAGE_SALT = "alerts.manage"
REMINDERS_SALT = "alerts.reminders"


class BadLink(Exception):
    """A link that was altered, truncated or has expired."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def make(value, salt: str) -> str:
    return signing.dumps(value, salt=salt, compress=True)


def read(token: str, salt: str, max_age: float | None = None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadLink(expired=True) from exc
    except signing.BadSignature as exc:
        raise BadLink() from exc


def confirm_token(subscription) -> str:
    return make(subscription.pk, CONFIRM_SALT)


def read_confirm_token(token: str) -> int:
    return read_pk(token, CONFIRM_SALT, CONFIRMATION_WINDOW.total_seconds())


def unsubscribe_token(subscription) -> str:
    return make(subscription.pk, UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int:
    # No expiry: RFC 8058 mail clients may post it long after the message arrived.
    return read_pk(token, UNSUBSCRIBE_SALT)


def manage_token(email: str) -> str:
    return make(email, MANAGE_SALT)


def read_manage_token(token: str) -> str:
    email = read(token, MANAGE_SALT, MANAGE_LINK_LIFETIME)
    if not isinstance(email, str):
        raise BadLink()
    return email


def read_pk(token: str, salt: str, max_age: float | None = None) -> int:
    pk = read(token, salt, max_age)
    if not isinstance(pk, int):
        raise BadLink()
    return pk
