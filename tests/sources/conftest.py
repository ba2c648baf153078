"""A local site serving the recordings, and a guard: no test here connects beyond loopback."""

import hashlib
import ipaddress
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

RECORDINGS = Path(__file__).resolve().parent / "recordings"
TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


class Site:
    """What the local server answers: the recordings, with a test's edits and outages."""

    def __init__(self):
        self.requests: list[tuple[str, dict]] = []
        self.answers: dict[str, tuple[int, bytes, dict]] = {}
        self.edits: dict[str, list[tuple[str, str]]] = {}
        self.extra: dict[str, str] = {}
        self.delays: dict[str, float] = {}
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]

    def answer(self, path: str, status: int, body: bytes = b"", headers: dict | None = None):
        self.answers[path] = (status, body, headers or {})

    def edit(self, path: str, old: str, new: str) -> None:
        self.edits.setdefault(path, []).append((old, new))

    def file_for(self, path: str) -> Path | None:
        relative = path.strip("/")
        for candidate in (relative, f"{relative}.html"):
            file = RECORDINGS / candidate
            if candidate and file.is_file() and RECORDINGS in file.resolve().parents:
                return file
        return None

    def body_for(self, path: str) -> tuple[bytes, str] | None:
        if path in self.extra:
            text = self.extra[path]
            for old, new in self.edits.get(path, []):
                text = text.replace(old, new)
            return text.replace("{{BASE}}", self.base).encode(), TYPES[".xml"]
        file = self.file_for(path)
        if file is None:
            return None
        text = file.read_text(encoding="utf-8")
        for old, new in self.edits.get(path, []):
            assert old in text, f"{old!r} is not in {path}"
            text = text.replace(old, new)
        text = text.replace("{{BASE}}", self.base)
        return text.encode(), TYPES.get(file.suffix, "application/octet-stream")


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _send(self, status: int, body: bytes, headers: dict):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self):
            path = urlsplit(self.path).path
            site.requests.append((path, dict(self.headers)))
            if path in site.delays:
                time.sleep(site.delays[path])
            if path in site.answers:
                status, body, headers = site.answers[path]
                return self._send(status, body, headers)
            found = site.body_for(path)
            if found is None:
                return self._send(404, b"Not found", {"Content-Type": "text/plain"})
            body, content_type = found
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", {"ETag": etag})
            return self._send(200, body, {"Content-Type": content_type, "ETag": etag})

    return Handler


@pytest.fixture
def site():
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch):
    """Any connection beyond 127.0.0.0/8 and ::1 fails the test before it is made."""
    connect = socket.socket.connect

    def guarded(sock, address):
        if isinstance(address, tuple):
            host = ipaddress.ip_address(address[0].split("%")[0])
            assert host.is_loopback, f"a connection to {address[0]} was attempted"
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def local_sources(monkeypatch, settings):
    """The local site is on loopback: allowed here, as only tests may; and no pause between
    requests (the pacing has its own test)."""
    monkeypatch.setenv("PARTICIPE_SOURCES_ALLOW_PRIVATE", "1")
    settings.SOURCES_REQUEST_INTERVAL = 0
