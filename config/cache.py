"""Django's Redis cache, made to fail soft: a cache outage must never take the site down.

While Redis cannot be reached, reads miss, writes are dropped and the pages are built from the
database. The outage is logged once when it starts and once when it ends, not at every request;
after a failure the backend leaves Redis alone for `retry_after` seconds, so a dead Redis costs
one short timeout every few seconds rather than one per call. When Redis answers again the
cache is emptied first: page invalidations made during the outage were lost, so pages stored
before it may be stale.
"""

import logging
import threading
import time

import redis
from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ServerState:
    """Whether one Redis server is down, shared by every cache on it (the default cache and the
    pages' own), so that an outage is logged once and retried once per server."""

    def __init__(self):
        self.down_since: float | None = None
        self.lock = threading.Lock()


SERVERS: dict[str, ServerState] = {}
SERVERS_LOCK = threading.Lock()


def server_state(location: str) -> ServerState:
    with SERVERS_LOCK:
        return SERVERS.setdefault(location, ServerState())


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("retry_after", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self.server = server_state(str(server))

    def guarded(self, call, fallback):
        down_since = self.server.down_since
        if down_since is not None and time.monotonic() - down_since < self.retry_after:
            return fallback
        try:
            result = call()
        except RedisError as exc:
            with self.server.lock:
                if self.server.down_since is None:
                    logger.error("Cache unavailable, serving pages uncached: %s", exc)
                # Each failure pushes the next try back by retry_after.
                self.server.down_since = time.monotonic()
            return fallback
        if down_since is not None:
            self.recover()
        return result

    def recover(self) -> None:
        with self.server.lock:
            if self.server.down_since is None:
                return
            self.server.down_since = None
        try:
            super().clear()
        except RedisError:
            self.server.down_since = time.monotonic()
            return
        logger.warning("Cache available again; emptied, as invalidations made while down were lost")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded(
            lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key, default=None, version=None):
        return self.guarded(
            lambda: super(FailSoftRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded(
            lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded(
            lambda: super(FailSoftRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self.guarded(lambda: super(FailSoftRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self.guarded(lambda: super(FailSoftRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self.guarded(lambda: super(FailSoftRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self.guarded(
            lambda: super(FailSoftRedisCache, self).incr(key, delta, version), missing
        )
        if result is missing:
            # What a missing key raises: callers (offers.search_budget) already handle it.
            raise ValueError(f"Key '{key}' not found: the cache is unavailable.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded(
            lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys, version=None):
        return self.guarded(
            lambda: super(FailSoftRedisCache, self).delete_many(keys, version), None
        )

    def clear(self):
        return self.guarded(lambda: super(FailSoftRedisCache, self).clear(), False)


def cache_status() -> str | None:
    """For /healthz: "ok" or "down" for the shared Redis cache, None without one."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != "config.cache.FailSoftRedisCache":
        return None
    client = redis.Redis.from_url(
        config["LOCATION"], socket_connect_timeout=0.5, socket_timeout=0.5
    )
    try:
        client.ping()
    except RedisError:
        return "down"
    finally:
        client.close()
    return "ok"
