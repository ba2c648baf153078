"""compose's proxy: the real nginx on deploy/nginx.conf, in front of a real
gunicorn. Slow clients hold nginx, not gunicorn's sync workers; an oversized body is refused
before it is read; X-Forwarded-For is the address nginx sees, whatever the client wrote."""

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup

from .servers import ROOT, free_port, gunicorn, production_env

CONFIG = (ROOT / "deploy" / "nginx.conf").read_text()
EDGE = "172.31.255.0/28"
NGINX = shutil.which("nginx") or (
    "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
)
needs_nginx = pytest.mark.skipif(
    NGINX is None,
    reason="nginx is not installed: `make test` installs Debian's nginx-light package as root",
)
# In the tests the TLS proxy in front is 127.0.0.1; other clients connect from 127.0.0.2.
TLS_PROXY, OTHER_CLIENT = "127.0.0.1", "127.0.0.2"


def rendered(upstream: int, listen: int) -> str:
    """The repository's configuration on loopback ports; everything else as compose runs it."""
    replacements = {
        "server web:8000;": f"server 127.0.0.1:{upstream};",
        "listen 8080;": f"listen 127.0.0.1:{listen};",
        f"set_real_ip_from {EDGE};": f"set_real_ip_from {TLS_PROXY};",
        f"{EDGE} 1;": f"{TLS_PROXY} 1;",
    }
    config = CONFIG
    for old, new in replacements.items():
        assert config.count(old) == 1, old
        config = config.replace(old, new)
    return config


@contextlib.contextmanager
def nginx_in_front_of(base: str):
    """nginx on a free port with the rendered configuration; yields its port."""
    listen = free_port()
    # Readable by the workers, which drop root's privileges when the tests run as root.
    prefix = tempfile.mkdtemp(prefix="participe-nginx-")
    os.chmod(prefix, 0o755)
    config = os.path.join(prefix, "nginx.conf")
    with open(config, "w") as file:
        file.write(rendered(int(base.rsplit(":", 1)[1]), listen))
    command = [NGINX, "-p", prefix + "/", "-e", "stderr", "-c", config]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", listen), 1):
                break
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
        yield listen
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(prefix, ignore_errors=True)


def request(port, method, path, *, source=TLS_PROXY, headers=None, body=None):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=15, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """gunicorn with ONE sync worker, trusting nginx alone (it connects from 127.0.0.1), and
    nginx in front of it."""
    env = production_env(
        PARTICIPE_TRUSTED_PROXIES="127.0.0.1",
        # Clients other than the TLS proxy reach nginx on plain HTTP: not redirected, here.
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    with (
        django_db_blocker.unblock(),
        gunicorn(env, workers=1) as base,
        nginx_in_front_of(base) as port,
    ):
        yield port


def test_nginx_accepts_the_repository_s_configuration():
    if NGINX is None:
        pytest.skip("nginx is not installed: `make test` installs Debian's nginx-light package")
    with tempfile.TemporaryDirectory() as prefix:
        config = os.path.join(prefix, "nginx.conf")
        with open(config, "w") as file:
            file.write(rendered(free_port(), free_port()))
        check = subprocess.run(
            [NGINX, "-t", "-p", prefix + "/", "-e", "stderr", "-c", config],
            capture_output=True,
            text=True,
        )
    assert check.returncode == 0, check.stderr
    assert "syntax is ok" in check.stderr


class Dribbler:
    """Clients that send their request line and headers one byte at a time, never finishing."""

    def __init__(self, port: int, count: int):
        self.sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.dribble, daemon=True)

    def dribble(self):
        head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000
        for byte in head:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.send(bytes([byte]))
            if self.stop.wait(0.2):
                return

    def __enter__(self):
        self.thread.start()
        time.sleep(1)  # every one of them has started its request
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)
        for sock in self.sockets:
            sock.close()


@needs_nginx
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_clients_sending_their_headers_slowly_do_not_hold_gunicorn(site):
    # Eight of them, against one worker: straight to gunicorn, the first one would hold it.
    with Dribbler(site, 8):
        started = time.monotonic()
        status, _, body = request(site, "GET", "/", headers={"X-Forwarded-Proto": "https"})
        elapsed = time.monotonic() - started
    assert status == 200 and "Participe" in body
    assert elapsed < 5


@needs_nginx
def test_an_oversized_body_is_refused_by_nginx_before_it_is_read(site):
    sock = socket.create_connection(("127.0.0.1", site), timeout=10)
    with sock:
        sock.sendall(
            b"POST /alertes/abonnement/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 10485760\r\nConnection: close\r\n\r\n--x\r\n"
        )
        answer = sock.recv(65536).decode()
    assert answer.startswith("HTTP/1.1 413")
    assert "Envoi trop volumineux" in answer


def failed_login(port: int, source: str, forwarded: str) -> str:
    """A wrong password through nginx from `source`, claiming `forwarded`; the address the
    lockout counted."""
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": forwarded}
    # nginx passes X-Forwarded-Proto on from the TLS proxy only: the others are on plain HTTP.
    origin = f"{'https' if source == TLS_PROXY else 'http'}://127.0.0.1:{port}"
    status, response_headers, page = request(
        port, "GET", "/admin/login/", source=source, headers=headers
    )
    assert status == 200, status
    cookies = "; ".join(c.split(";", 1)[0] for c in response_headers.get_all("Set-Cookie"))
    token = BeautifulSoup(page, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})[
        "value"
    ]
    form = f"csrfmiddlewaretoken={token}&username=camille&password=mauvais&next=/admin/"
    status, _, answer = request(
        port,
        "POST",
        "/admin/login/",
        source=source,
        body=form,
        headers={
            **headers,
            "Cookie": cookies,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/admin/login/",
        },
    )
    assert status == 200, status
    return AccessAttempt.objects.get(username="camille").ip_address


@needs_nginx
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_client_s_own_forwarded_for_is_replaced_by_its_address(site):
    # Not the TLS proxy: what it writes in X-Forwarded-For is dropped.
    assert failed_login(site, OTHER_CLIENT, "198.51.100.20") == OTHER_CLIENT


@needs_nginx
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_behind_the_tls_proxy_the_client_is_the_address_it_appended(site):
    # The TLS proxy appended the client's address to what the client claimed.
    assert failed_login(site, TLS_PROXY, "198.51.100.20, 203.0.113.5") == "203.0.113.5"
