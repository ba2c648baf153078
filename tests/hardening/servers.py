"""Real app servers for the tests that need processes: gunicorn on the test database."""

import atexit
import contextlib
import functools
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def in_venv(command: list[str]) -> list[str]:
    """An image command with its programs taken from this virtualenv, as the image's PATH does."""
    program = Path(sys.executable).with_name(command[0])
    return [str(program) if program.exists() else command[0], *command[1:]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The database pytest-django created, as a URL a subprocess can use."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT']}/{db['NAME']}"


@functools.cache
def collected_static_root() -> str:
    """Static files collected once per run, as the image's build does (the manifest is needed)."""
    root = tempfile.mkdtemp(prefix="participe-static-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SECRET_KEY": "build-only-not-a-secret",
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_STATIC_ROOT": root,
        },
        check=True,
        capture_output=True,
        timeout=120,
    )
    return root


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production container, on the test database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # The tests play the TLS proxy: they send X-Forwarded-Proto themselves.
        DJANGO_BEHIND_TLS_PROXY="true",
        DATABASE_URL=test_database_url(),
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_STATIC_ROOT=collected_static_root(),
    )
    env.update(extra)
    return env


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body) over HTTP, as if through the TLS proxy; redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(
        url, data=data, headers={"X-Forwarded-Proto": "https", **(headers or {})}
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_until_up(base: str, process: subprocess.Popen, deadline: float = 30) -> None:
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            fetch(f"{base}/healthz")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer on {base}")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, command: list[str] | None = None, workers: int = 1):
    """A gunicorn like the image's, on a free port; yields its base URL."""
    port = free_port()
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    command = in_venv(command or ["gunicorn", "config.wsgi:application"])
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(base, process)
        except RuntimeError as error:
            log.seek(0)
            raise RuntimeError(f"{error}\n{log.read().decode(errors='replace')}") from None
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
