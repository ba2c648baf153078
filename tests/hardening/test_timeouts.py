"""Every request is bounded: a slow statement is cancelled by
PostgreSQL, a request that outlives gunicorn's timeout is ended, a database that accepts
connections and never answers gives the 503 page and a 503 health check instead of hanging
everything, and /healthz says so when the schema is not migrated."""

import socket
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from .servers import ROOT, fetch, gunicorn, production_env, silent_server, subprocess_database_url

SLOW_STATEMENT = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_sleep(60)")
"""


@pytest.mark.django_db
def test_a_statement_longer_than_the_timeout_is_cancelled_by_postgresql():
    result = subprocess.run(
        [sys.executable, "-c", SLOW_STATEMENT],
        cwd=ROOT,
        env=production_env(DATABASE_STATEMENT_TIMEOUT="1"),
        capture_output=True,
        text=True,
        # Far below the statement's 60 s: only the server-side timeout can end it in time.
        timeout=30,
    )
    assert result.returncode != 0
    assert "canceling statement due to statement timeout" in result.stderr


def test_the_timeouts_come_from_the_environment():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import django; django.setup(); "
            "print(settings.DATABASES['default']['OPTIONS'])",
        ],
        cwd=ROOT,
        env=production_env(
            DATABASE_URL="postgres://u@127.0.0.1:5/x",
            DATABASE_STATEMENT_TIMEOUT="7",
            DATABASE_CONNECT_TIMEOUT="3",
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "'connect_timeout': 3" in result.stdout
    assert "statement_timeout=7000" in result.stdout


def raw_get(base: str, path: str, wait: float) -> bytes:
    """The raw answer to a GET, b"" if the server closed the connection; TimeoutError if none."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        return sock.recv(65536)


@pytest.mark.django_db
def test_gunicorn_ends_a_single_request_that_outlives_its_timeout():
    env = production_env(GUNICORN_TIMEOUT="2")
    command = ["gunicorn", "tests.hardening.slow_app:application"]
    with gunicorn(env, command=command) as base:
        # The page sleeps 120 s; a worker timeout that applies to the request ends it after
        # about 2 s (a threaded worker would keep its heartbeat and let it run on).
        answer = raw_get(base, "/slow", wait=25)
        assert b"200 OK" not in answer
        # And the server goes on serving with a fresh worker.
        status, _, _ = fetch(f"{base}/healthz")
        assert status == 200


@pytest.mark.django_db
def test_a_database_that_accepts_and_never_answers_gives_503s_not_a_hang():
    with silent_server() as port:
        env = production_env(
            DATABASE_URL=f"postgres://participe@127.0.0.1:{port}/participe",
            DATABASE_CONNECT_TIMEOUT="2",
            PARTICIPE_HEALTH_CHECK_TIMEOUT="1",
            GUNICORN_TIMEOUT="20",
        )
        with gunicorn(env, workers=2) as base:
            # fetch() gives up after 15 s: each of these answers well before, or fails.
            status, headers, _ = fetch(f"{base}/healthz")
            assert status == 503
            assert headers["Cache-Control"] == "no-store"

            status, headers, body = fetch(f"{base}/")
            assert status == 503
            assert "momentanément indisponible" in body
            assert headers["Retry-After"] == "30"

            status, _, _ = fetch(f"{base}/offres/une-offre/")
            assert status == 503

            status, _, body = fetch(f"{base}/static/css/participe.css")
            assert status == 200


@pytest.fixture
def empty_database(db):
    """A database on the test cluster with no tables at all, dropped afterwards."""
    name = f"participe_empty_{uuid.uuid4().hex[:8]}"
    params = {**connection.get_connection_params(), "autocommit": True}
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_healthz_is_503_on_a_database_without_its_schema(empty_database):
    url = subprocess_database_url().rsplit("/", 1)[0] + f"/{empty_database}"
    with gunicorn(production_env(DATABASE_URL=url)) as base:
        # The database answers (SELECT 1 works, which is all the probe used to ask)...
        params = {**connection.get_connection_params(), "dbname": empty_database}
        with psycopg.connect(**params) as probe:
            assert probe.execute("SELECT 1").fetchone() == (1,)
        # ...but no page could be served from it.
        status, _, _ = fetch(f"{base}/healthz")
        assert status == 503


@pytest.mark.django_db
def test_healthz_is_200_on_the_migrated_test_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
