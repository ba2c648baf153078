"""Count attempts and say when a limit is passed; the counters are in PostgreSQL (see models)."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import RateCounter

# One statement, so concurrent attempts never lose a count: PostgreSQL's ON CONFLICT takes the
# row's lock, and RETURNING gives the count this attempt made.
COUNT_ONE = """
INSERT INTO {table} (scope, key, window_start, expires_at, count)
VALUES (%s, %s, %s, %s, 1)
ON CONFLICT (scope, key, window_start) DO UPDATE SET count = {table}.count + 1
RETURNING count
"""


def hit(scope: str, identity: str, limit: int, window_seconds: int) -> bool:
    """Counts one attempt of `identity`; False once its window holds more than `limit`.

    Windows are fixed (they start at multiples of `window_seconds`): at a window's turn a
    client may get up to twice `limit` in a short time, which these limits can afford.
    """
    now = timezone.now()
    start = int(now.timestamp()) // window_seconds * window_seconds
    window_start = datetime.datetime.fromtimestamp(start, tz=datetime.UTC)
    expires_at = window_start + datetime.timedelta(seconds=window_seconds)
    key = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{identity}".encode(), hashlib.sha256
    ).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            COUNT_ONE.format(table=connection.ops.quote_name(RateCounter._meta.db_table)),
            [scope, key, window_start, expires_at],
        )
        (count,) = cursor.fetchone()
    return count <= limit


def purge_expired(now: datetime.datetime | None = None) -> int:
    deleted, _by_model = RateCounter.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
