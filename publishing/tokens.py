"""Signed links (django.core.signing): nobody can forge or alter one, and each expires.

A link signs a row's primary key with a salt of its own, so one kind of link is never taken
for another. Being used once is the row's business: a submitted request, an accepted join
request; a sign-in link also signs the account's last login, which signing in changes.
"""

from django.core import signing

VERIFY_SALT = "publishing.verify"
JOIN_SALT = "publishing.join"
SIGNIN_SALT = "publishing.signin"

# The verification link: long enough to read the e-mail the next day.
VERIFY_LIFETIME = 2 * 24 * 3600
# A member answers a join request within two weeks.
JOIN_LIFETIME = 14 * 24 * 3600
# A sign-in link is a password sent by e-mail: short-lived and good for one sign-in.
SIGNIN_LIFETIME = 15 * 60


class BadLink(Exception):
    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def make(value, salt: str) -> str:
    return signing.dumps(value, salt=salt, compress=True)


def read(token: str, salt: str, max_age: int):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink(expired=True) from error
    except signing.BadSignature as error:
        raise BadLink() from error


def read_pk(token: str, salt: str, max_age: int) -> int:
    value = read(token, salt, max_age)
    if not isinstance(value, int):
        raise BadLink()
    return value


def verify_token(publish_request) -> str:
    return make(publish_request.pk, VERIFY_SALT)


def join_token(join_request) -> str:
    return make(join_request.pk, JOIN_SALT)


def signin_token(user) -> str:
    return make({"u": user.pk, "l": _stamp(user)}, SIGNIN_SALT)


def read_signin_token(token: str) -> tuple[int, str]:
    value = read(token, SIGNIN_SALT, SIGNIN_LIFETIME)
    if not isinstance(value, dict) or not isinstance(value.get("u"), int):
        raise BadLink()
    return value["u"], str(value.get("l", ""))


def signin_still_unused(user, stamp: str) -> bool:
    """Signing in sets last_login: a link made before the last sign-in is spent."""
    return _stamp(user) == stamp


def _stamp(user) -> str:
    return user.last_login.isoformat() if user.last_login else ""
