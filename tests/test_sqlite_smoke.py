"""`make run` uses SQLite: the same migrations, fixtures and pages must work there."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SEED_FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def sqlite_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_sqlite_migrates_loads_the_seed_twice_and_serves_every_offer(sqlite_env):
    manage(sqlite_env, "migrate", "--no-input")
    manage(sqlite_env, "loaddata", *SEED_FIXTURES)
    manage(sqlite_env, "loaddata", *SEED_FIXTURES)
    # As `make run` does: the demo accounts need the groups of the data migration.
    manage(sqlite_env, "demo_accounts")

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=sqlite_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, home = fetch(f"{base}/?status=toutes&q=concertation")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("runserver did not answer on SQLite")
        assert status == 200
        assert "Certains filtres" not in home

        status, home = fetch(f"{base}/")
        assert status == 200 and "28 offres" in home
        # The SQLite search folds case and accents: "DEMOCRATIE" finds "démocratie".
        accented = fetch(f"{base}/?q=d%C3%A9mocratie")[1]
        folded = fetch(f"{base}/?q=DEMOCRATIE")[1]
        count = re.search(r"(\d+) offres? *</h2>", folded.replace("\n", " "))
        assert count and int(count[1]) > 0
        assert re.search(r"(\d+) offres? *</h2>", accented.replace("\n", " "))[1] == count[1]
        assert fetch(f"{base}/flux/rss/?q=democratie")[0] == 200
        assert fetch(f"{base}/export/offres.json?q=%22chef%20de%20projet%22%20-stage")[0] == 200
        status, page = fetch(f"{base}/offres/mediation-reusages-eau-living-labs-woc/")
        assert status == 200 and "15 décembre 2025" in page
        assert fetch(f"{base}/offres/inconnue/")[0] == 404
        assert fetch(f"{base}/static/css/participe.css")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
