"""Uploads that would exhaust the importer of a real gunicorn: ZIP
bombs get their reason within 2 s and the worker that read them never held more than 300 MB; a
420 MB upload is refused before its body is sent, and nothing lands in the temporary folder."""

import html
import secrets
import socket
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from offers.importer import archives
from tests.factories import PASSWORD, OrganisationFactory, publisher
from tests.offers.importer import bombs

from .servers import Browser, fetch, form_fields, gunicorn, production_env

IMPORT = "/admin/offers/offer/importer/"
# Each inflates to 1 GB from about 1 MB; without the bounds a worker held twice that.
BOMBS = {
    "docx": (lambda: bombs.docx(1024), "dépasse 4 Mo une fois décompressé"),
    "odt": (lambda: bombs.odt(1024), "dépasse 4 Mo une fois décompressé"),
    "lying directory": (lambda: bombs.lying_docx(1024), "Ce document Word est illisible"),
}


def upload(browser: Browser, url: str, data: bytes):
    """The import form, filled as the page gives it, with `data` as its file."""
    status, _, page = browser.request(url)
    assert status == 200, (url, status)
    form = BeautifulSoup(page, "html.parser").find("form", id="import_form")
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in form_fields(form)
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="annonce.docx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Referer": url.replace("http://", "https://", 1),
        "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    return fetch(url, data=b"".join(parts), headers=headers)


def peak_memory(base: str) -> int:
    """The largest peak resident size (VmHWM) of the server's processes, in bytes."""
    port = base.rsplit(":", 1)[1]
    peaks = []
    for process in Path("/proc").iterdir():
        try:
            environment = (process / "environ").read_bytes().split(b"\0")
            status = (process / "status").read_text()
        except OSError:
            continue
        if f"PORT={port}".encode() in environment:
            line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
            peaks.append(int(line.split()[1]) * 1024)
    assert peaks, f"no process of the server on port {port}"
    return max(peaks)


@pytest.fixture
def camille(settings):
    # Hashed as production hashes it: the server does not know the suite's fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    return publisher(OrganisationFactory(), username="camille")


def signed_in(base: str) -> Browser:
    browser = Browser()
    status, _, _ = browser.submit(
        f"{base}/admin/login/?next=/admin/", {"username": "camille", "password": PASSWORD}
    )
    assert status == 302, "login"
    return browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_zip_bombs_are_refused_quickly_and_the_worker_stays_small(camille):
    files = {name: (make(), message) for name, (make, message) in BOMBS.items()}
    with gunicorn(production_env()) as base:
        browser = signed_in(base)
        answers = {}
        for name, (data, message) in files.items():
            started = time.monotonic()
            status, _, body = upload(browser, base + IMPORT, data)
            answers[name] = (status, message in html.unescape(body), time.monotonic() - started)
        # The heaviest document the bounds let a reader parse: its XML is just under them.
        heaviest = bombs.heaviest_odt(archives.MAX_XML_BYTES)
        status, _, body = upload(browser, base + IMPORT, heaviest)
        assert status == 200 and "Aucune annonce n'a été reconnue" in html.unescape(body)
        peak = peak_memory(base)
    assert peak < 300 * 1024 * 1024, f"a worker held {peak // 2**20} MB"
    for name, (status, said_why, seconds) in answers.items():
        assert (status, said_why) == (200, True), name
        assert seconds < 2, name


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_420_mb_upload_is_refused_before_its_body_is_sent(camille, tmp_path):
    # Python's temporary folder, where Django writes uploads larger than 2.5 MB.
    with gunicorn(production_env(TMPDIR=str(tmp_path))) as base:
        cookies = "; ".join(f"{k}={v}" for k, v in signed_in(base).cookies.items())
        host, port = base.removeprefix("http://").split(":")
        head = (
            f"POST {IMPORT} HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Proto: https\r\n"
            f"Referer: https://localhost{IMPORT}\r\n"
            f"Cookie: {cookies}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            f"Content-Length: {420 * 1024 * 1024}\r\n\r\n"
            '--b\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\n\r\n'
        )
        # The body's first line only: a server that waits for the rest never answers. (More
        # would be left unread when the server closes, and its kernel would reset the
        # connection before the answer is read.)
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(head.encode())
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
    status_line, _, body = answer.decode().partition("\r\n")
    assert status_line == "HTTP/1.1 413 Request Entity Too Large"
    # Beyond any request's bound (config/request_body.py), before the import page's own.
    assert "Ce que vous avez envoyé est trop volumineux" in html.unescape(body)
    assert list(tmp_path.iterdir()) == []
