"""A wrong Host header, or two of them, is a 400 page, not a 500: the page
that reports a bad host must not ask for the host again."""

import socket

import pytest
from django.test import Client

from .servers import gunicorn, production_env

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "host", ["evil.example", "participe.example, evil.example", "bad host", "[::1"]
)
@pytest.mark.parametrize("path", ["/", "/offres/une-offre/", "/admin/login/", "/nulle-part/"])
def test_a_host_not_allowed_gets_the_400_page(host, path):
    response = Client(raise_request_exception=False).get(path, HTTP_HOST=host)
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def raw_request(base: str, head: str) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=15) as sock:
        sock.sendall(head.encode() + b"\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def test_two_host_headers_through_gunicorn_get_a_400():
    with gunicorn(production_env()) as base:
        for head in [
            "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n"
            "X-Forwarded-Proto: https\r\nConnection: close\r\n",
            "GET / HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Proto: https\r\n"
            "Connection: close\r\n",
        ]:
            status_line = raw_request(base, head).split(b"\r\n", 1)[0]
            assert b" 400 " in status_line, (head, status_line)
