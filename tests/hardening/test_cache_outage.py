"""Done when: with Redis gone, pages answer 200 uncached, /healthz says the cache is down, the
outage is logged once, and caching resumes by itself when Redis is back."""

import contextlib
import logging
import shutil
import subprocess
import time

import pytest
import redis
from django.test import override_settings

from tests.factories import OfferFactory

from .servers import free_port

RETRY_AFTER = 0.3


def redis_server_binary() -> str:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not shutil.which(binary):
        pytest.fail("redis-server is missing: `make test` installs Debian's redis-server package")
    return binary


@contextlib.contextmanager
def redis_server(port: int, *options: str):
    """A throwaway redis-server on a free port: no disk, stopped at the end. `options` are more
    of redis-server's arguments (e.g. "--maxmemory", "2mb")."""
    process = subprocess.Popen(
        [redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--daemonize", "no", *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.2)
    try:
        for _ in range(100):
            with contextlib.suppress(redis.exceptions.ConnectionError):
                client.ping()
                break
            time.sleep(0.05)
        else:
            pytest.fail("redis-server did not start")
        yield
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def redis_cache(port: int) -> dict:
    # As config/settings.py lays them out with REDIS_URL: the pages' own space on the same Redis.
    default = {
        "BACKEND": "config.cache.FailSoftRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "KEY_PREFIX": "participe-test",
        "OPTIONS": {
            "socket_connect_timeout": 0.5,
            "socket_timeout": 0.5,
            "retry_after": RETRY_AFTER,
        },
    }
    return {"default": default, "pages": {**default, "KEY_PREFIX": "participe-test-pages"}}


def page_cache_states(client, url: str) -> list[tuple[int, str | None]]:
    return [
        (response.status_code, response.get("X-Page-Cache"))
        for response in (client.get(url), client.get(url))
    ]


@pytest.mark.django_db
def test_pages_are_served_uncached_while_redis_is_down_and_cached_again_after(client, caplog):
    offer = OfferFactory()
    pages = ["/", offer.get_absolute_url()]
    port = free_port()
    caplog.set_level(logging.INFO, logger="config.cache")
    with override_settings(CACHES=redis_cache(port)):
        with redis_server(port):
            for url in pages:
                assert page_cache_states(client, url) == [(200, "miss"), (200, "hit")]
            health = client.get("/healthz")
            assert health.status_code == 200 and health.content == b"ok\ncache: ok\n"

        # Redis is stopped.
        for _ in range(3):
            for url in pages:
                response = client.get(url)
                assert response.status_code == 200, url
                assert response.get("X-Page-Cache") != "hit"
                assert offer.title in response.content.decode()
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.content == b"ok\ncache: down\n"
        outages = [r for r in caplog.records if "Cache unavailable" in r.getMessage()]
        assert len(outages) == 1, "the outage is logged once, not once per request"

        with redis_server(port):
            time.sleep(RETRY_AFTER + 0.1)
            for url in pages:
                assert page_cache_states(client, url) == [(200, "miss"), (200, "hit")]
            assert client.get("/healthz").content == b"ok\ncache: ok\n"
            assert any("Cache available again" in r.getMessage() for r in caplog.records)
