"""Slow and oversized bodies against a real gunicorn: a body declared too big
is refused before a byte of it is read, the open subscribe form takes nothing but a short
urlencoded form, and X-Forwarded-For counts only when the socket is a trusted proxy."""

import socket
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt

from .servers import Browser, gunicorn, production_env

SUBSCRIBE = "/alertes/abonnement/"
IMPORT = "/admin/offers/offer/importer/"
MULTIPART = "multipart/form-data; boundary=participe"


def head_only(base: str, path: str, length: int, content_type: str, body: bytes = b"") -> str:
    """Sends a POST's headers, declaring `length` bytes of body, and `body` only; returns the
    answer. A server that waits for the rest of the body never answers: a timeout here."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-Proto: https\r\n"
        f"Origin: https://{host}\r\nSec-Fetch-Site: same-origin\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pytest.fail(f"no answer while the body was awaited: {answer[:200]!r}")
    return answer.decode(errors="replace")


def status(answer: str) -> int:
    return int(answer.split(" ", 2)[1])


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), gunicorn(production_env()) as base:
        yield base


PART = b'--participe\r\nContent-Disposition: form-data; name="email"\r\n\r\nlea@example.org\r\n'


def test_ten_megabytes_to_the_subscribe_form_are_refused_unread(server):
    answer = head_only(server, SUBSCRIBE, 10 * 1024 * 1024, MULTIPART, PART)
    assert status(answer) == 413
    assert "Envoi trop volumineux" in answer
    assert "a été enregistré" in answer


def test_the_subscribe_form_refuses_more_than_a_few_kilobytes_unread(server):
    # Below the site-wide bound: the form's own refuses it, whatever its type.
    for content_type in (MULTIPART, "application/x-www-form-urlencoded"):
        answer = head_only(server, SUBSCRIBE, 200_000, content_type, b"email=")
        assert status(answer) == 413, content_type
        assert "Envoi trop volumineux" in answer


def test_the_subscribe_form_refuses_a_multipart_body(server):
    body = PART + b"--participe--\r\n"
    answer = head_only(server, SUBSCRIBE, len(body), MULTIPART, body)
    assert status(answer) == 415
    assert "Envoi non reconnu" in answer and "sans fichier joint" in answer


def test_a_420_megabyte_upload_is_refused_before_it_reaches_the_temporary_folder(server):
    answer = head_only(server, IMPORT, 420 * 1024 * 1024, MULTIPART, PART)
    assert status(answer) == 413
    assert "Envoi trop volumineux" in answer


def failed_login_from(base: str, claimed: str) -> str:
    """A wrong password sent straight to gunicorn, claiming another address; the address the
    lockout counted."""
    Browser().submit(
        f"{base}/admin/login/",
        {"username": "camille", "password": "mauvais"},
        headers={"X-Forwarded-For": claimed},
    )
    return AccessAttempt.objects.get(username="camille").ip_address


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_client_reaching_gunicorn_directly_is_counted_at_its_own_address():
    # Trusted: the proxy's network, not the loopback this client connects from.
    with gunicorn(production_env(PARTICIPE_TRUSTED_PROXIES="172.31.255.0/28")) as base:
        assert failed_login_from(base, "198.51.100.20") == "127.0.0.1"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_trusted_proxy_s_forwarded_for_names_the_client():
    with gunicorn(production_env(PARTICIPE_TRUSTED_PROXIES="127.0.0.1")) as base:
        assert failed_login_from(base, "198.51.100.20") == "198.51.100.20"
