"""Database outages: a friendly 503, /healthz says so, and the running app recovers by itself."""

import os
import subprocess

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import path

from tests.factories import OfferFactory

from .servers import fetch, gunicorn, production_env, silent_server


def view_losing_the_database(request):
    raise OperationalError("connection to server was lost")


urlpatterns = [path("lost/", view_losing_the_database)]


@pytest.mark.urls("tests.hardening.test_faults")
def test_a_lost_connection_in_a_view_is_the_503_page():
    response = Client(raise_request_exception=False).get("/lost/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "momentanément indisponible" in text
    assert "Traceback" not in text and "OperationalError" not in text


def test_a_lost_connection_outside_a_view_is_the_503_page_too(rf):
    from offers.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch, settings):
    # The probe's own connection goes to a server that accepts and never answers.
    settings.HEALTH_CHECK_TIMEOUT = 1
    with silent_server() as port:
        monkeypatch.setitem(connection.settings_dict, "PORT", str(port))
        response = client.get("/healthz")
    assert response.status_code == 503


PG_VARIABLES = ("PARTICIPE_PG_BIN", "PARTICIPE_PG_DATA", "PARTICIPE_PG_PORT")


def pg_ctl(*args: str) -> None:
    run_as = os.environ.get("PARTICIPE_PG_RUN_AS")
    prefix = ["runuser", "-u", run_as, "--"] if run_as else []
    command = [
        *prefix,
        os.path.join(os.environ["PARTICIPE_PG_BIN"], "pg_ctl"),
        "-D",
        os.environ["PARTICIPE_PG_DATA"],
        *args,
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=90)


def start_database() -> None:
    # The same options bin/with-postgres starts the cluster with.
    options = (
        f"-p {os.environ['PARTICIPE_PG_PORT']} -k {os.environ['PARTICIPE_PG_SOCKET_DIR']} "
        "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off"
    )
    log = os.environ.get("PARTICIPE_PG_LOG", "/dev/null")
    pg_ctl("-l", log, "-w", "-t", "60", "-o", options, "start")


@pytest.mark.disruptive
@pytest.mark.skipif(
    not all(os.environ.get(name) for name in PG_VARIABLES),
    reason="needs the throwaway PostgreSQL of `make test` (PARTICIPE_PG_*), which it stops",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_running_app_survives_the_database_stopping_and_starting():
    offer = OfferFactory(title="Médiatrice scientifique")
    pages = ["/", offer.get_absolute_url(), offer.organisation.get_absolute_url()]
    # Persistent connections are the ones that go stale during an outage.
    env = production_env(DATABASE_CONN_MAX_AGE="600")
    with gunicorn(env) as base:
        for page in pages:
            assert fetch(base + page)[0] == 200
        assert fetch(f"{base}/healthz")[0] == 200

        connection.close()
        pg_ctl("-m", "fast", "-w", "stop")
        try:
            for page in pages:
                # A page no worker has cached needs the database: the 503 page.
                status, headers, body = fetch(f"{base}{page}?panne=1")
                assert status == 503, page
                assert "momentanément indisponible" in body
                assert "Traceback" not in body
                assert headers["Retry-After"] == "30"
                # An anonymous page a worker cached before the outage may still be served from
                # its cache (offers/page_cache.py); otherwise the same 503, never an error.
                status, headers, body = fetch(base + page)
                assert (status, headers.get("X-Page-Cache")) in {(200, "hit"), (503, None)}, page
                assert "Traceback" not in body
            status, _, body = fetch(f"{base}/healthz")
            assert status == 503 and "database unavailable" in body
        finally:
            start_database()

        # Same processes, no restart: the first requests after the restart are served.
        assert fetch(f"{base}/healthz")[0] == 200
        for page in pages:
            status, _, body = fetch(base + page)
            assert status == 200, page
            assert "Médiatrice scientifique" in body
