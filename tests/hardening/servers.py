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
import threading
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin

from bs4 import BeautifulSoup
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


def subprocess_database_url() -> str:
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
        DATABASE_URL=subprocess_database_url(),
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
    with gunicorns(env, 1, command=command, workers=workers) as (base,):
        yield base


@contextlib.contextmanager
def gunicorns(env, count: int, *, command: list[str] | None = None, workers: int = 1):
    """Several servers started side by side (start-up is the slow part); yields their URLs."""
    command = in_venv(command or ["gunicorn", "config.wsgi:application"])
    servers = []
    try:
        for _ in range(count):
            port = free_port()
            server_env = {
                **env,
                "HOST": "127.0.0.1",
                "PORT": str(port),
                "WEB_CONCURRENCY": str(workers),
            }
            log = tempfile.TemporaryFile()
            process = subprocess.Popen(
                command, cwd=ROOT, env=server_env, stdout=subprocess.DEVNULL, stderr=log
            )
            servers.append((f"http://127.0.0.1:{port}", process, log))
        for base, process, log in servers:
            try:
                wait_until_up(base, process)
            except RuntimeError as error:
                log.seek(0)
                raise RuntimeError(f"{error}\n{log.read().decode(errors='replace')}") from None
        yield [base for base, _, _ in servers]
    finally:
        for _, process, _ in servers:
            process.send_signal(signal.SIGTERM)
        for _, process, log in servers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


class Browser:
    """Enough of a browser for the admin: cookies (even `__Host-` ones) and form posts."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, url: str, fields: list[tuple[str, str]] | None = None, headers=None):
        # The page as the browser saw it, through the TLS proxy: the CSRF check compares origins.
        headers = {"Referer": url.replace("http://", "https://", 1), **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = urlencode(fields).encode() if fields is not None else None
        status, response_headers, body = fetch(url, data=data, headers=headers)
        for header in response_headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return status, response_headers, body

    def submit(self, url: str, changes: dict[str, str], form_id: str | None = None, headers=None):
        """Load the page at url, fill its form as a person would, and send it back."""
        status, _, body = self.request(url, headers=headers)
        assert status == 200, (url, status)
        soup = BeautifulSoup(body, "html.parser")
        form = soup.find("form", id=form_id) if form_id else soup.find("form", method="post")
        fields = form_fields(form)
        fields = [(name, changes.get(name, value)) for name, value in fields]
        fields += [(name, value) for name, value in changes.items() if name not in dict(fields)]
        return self.request(urljoin(url, form.get("action") or url), fields, headers)


def form_fields(form) -> list[tuple[str, str]]:
    fields = []
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "select":
            selected = element.find_all("option", selected=True)
            if not selected and not element.has_attr("multiple"):
                selected = element.find_all("option")[:1]
            fields += [(name, option.get("value", option.text)) for option in selected]
        elif element.name == "textarea":
            fields.append((name, element.text.removeprefix("\n")))
        elif element.get("type") in {"checkbox", "radio"}:
            if element.has_attr("checked"):
                fields.append((name, element.get("value", "on")))
        elif element.get("type") not in {"submit", "button", "image", "file", "reset"}:
            fields.append((name, element.get("value", "")))
    return fields


@contextlib.contextmanager
def silent_server():
    """A TCP server that accepts every connection and never says a word: a hung database.

    Yields its port. The kernel completes the handshake, so clients see a connected socket that
    never answers, which is what a database stuck on a full disk or a lock looks like.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted = []
    stop = threading.Event()

    def accept_forever():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(sock)

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for sock in accepted:
            sock.close()
        listener.close()
