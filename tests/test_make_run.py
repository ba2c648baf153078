"""`make run` as a newcomer runs it: PostgreSQL from the wheel, the seed offers, the real search.

The board is served twice from the same data folder: the second run keeps what was changed in
between (the seed is loaded into an empty board only).
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.hardening.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
RESULT_COUNT = re.compile(r"(\d+) offres? *(?:</span>)?</h2>")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def newcomer_env() -> dict[str, str]:
    """This machine's environment without the suite's database, settings or make's state."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PARTICIPE_PG_", "MAKE"))
        and key not in {"DATABASE_URL", "MFLAGS"}
    }
    env["PARTICIPE_PAGE_CACHE_SECONDS"] = "0"
    return env


@contextlib.contextmanager
def make_run(data: Path):
    """`make run`'s database and commands, on a free port and a data folder of the test's."""
    port = free_port()
    command = [sys.executable, "bin/with-postgres", "--data", str(data), "--"]
    command += ["make", "--no-print-directory", "serve", f"RUN_ADDRESS=127.0.0.1:{port}"]
    command += [f"MANAGE={sys.executable} manage.py"]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=newcomer_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            if server.poll() is not None:
                pytest.fail(f"make run stopped:\n{server.stdout.read()}")
            try:
                fetch(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("make run did not answer in 120 s")
        yield base
    finally:
        # Ctrl-C as a terminal sends it: runserver stops, then bin/with-postgres stops the server.
        os.killpg(server.pid, signal.SIGINT)
        server.communicate(timeout=60)
    assert server.returncode is not None


def count(page: str) -> int:
    found = RESULT_COUNT.search(page.replace("\n", " "))
    assert found, "the list says how many offers it holds"
    return int(found[1])


@pytest.fixture
def checkout_folder():
    """A folder that, like a clone's, the server's own user can open (pytest's tmp_path is
    private to root, and as root the server runs as the postgres user)."""
    folder = Path(tempfile.mkdtemp(prefix="participe-make-run-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.disruptive
def test_make_run_serves_the_seed_on_postgresql_and_keeps_changes(checkout_folder):
    data = checkout_folder / "var" / "postgres"
    with make_run(data) as base:
        status, home = fetch(f"{base}/?status=toutes")
        assert status == 200 and count(home) == 28
        # PostgreSQL's French stemming: the plural finds the singular.
        status, plural = fetch(f"{base}/?status=toutes&q=concertations")
        assert status == 200 and count(plural) > 0
        assert count(plural) == count(fetch(f"{base}/?status=toutes&q=concertation")[1])
        # The board's vocabulary suggests the word a typo meant.
        typo = fetch(f"{base}/?status=toutes&q=concertaiton")[1]
        assert "search-suggestion" in typo and "concertation" in typo
        first_slug = re.search(r'href="/offres/([^/"]+)/"', home)[1]
    # The cluster is where make run keeps it (config/settings.py accepts no other database).
    assert (data / "PG_VERSION").exists()

    new_title = "Titre changé entre deux lancements"
    rename = (
        "from offers.models import Offer; "
        f"Offer.objects.filter(slug={first_slug!r}).update(title={new_title!r})"
    )
    subprocess.run(
        [sys.executable, "bin/with-postgres", "--data", str(data), "--"]
        + [sys.executable, "manage.py", "shell", "-c", rename],
        cwd=ROOT,
        env=newcomer_env() | {"DJANGO_DEBUG": "1"},
        check=True,
        capture_output=True,
        timeout=120,
    )

    with make_run(data) as base:
        status, home = fetch(f"{base}/?status=toutes")
        assert status == 200 and count(home) == 28
        page = fetch(f"{base}/offres/{quote(first_slug)}/")[1]
        assert new_title in page
