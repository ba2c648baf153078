"""The fetcher: a good citizen (User-Agent, robots.txt, pacing, conditional requests, bounds),
and no way in to private addresses: every test here stays on loopback, the others' names are
answered by a stubbed resolver and no connection to them is ever made."""

import ipaddress
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import urllib3.util.connection
from django.core.exceptions import ImproperlyConfigured

from sources import fetching
from sources.fetching import Fetcher, FetchError, Refused, forbidden
from sources.models import Source, SourceRun
from sources.services import sync_addresses

FEED = "/wordpress_jobs.rss"
PUBLIC = "93.184.216.34"
NAMES = {
    "jobs.example": PUBLIC,
    "intranet.example": "10.0.0.5",
    "box.example": "192.168.1.1",
    "metadata.example": "169.254.169.254",
    "loop.example": "127.0.0.1",
    "v6-link-local.example": "fe80::1",
    "mapped.example": "::ffff:10.0.0.1",
}


@pytest.fixture
def public_only(monkeypatch):
    """As in production: private addresses refused."""
    monkeypatch.delenv("PARTICIPE_SOURCES_ALLOW_PRIVATE", raising=False)


@pytest.fixture
def resolver(monkeypatch):
    """Names answered from NAMES; IP literals as the system answers them."""
    real = socket.getaddrinfo
    asked = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host in NAMES:
            family = socket.AF_INET6 if ":" in NAMES[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (NAMES[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


class Opened(list):
    stand_in: dict


@pytest.fixture
def connections(monkeypatch):
    """Every connection urllib3 would open, recorded; those to PUBLIC reach `site` instead (the
    stand-in for a public host), no other is opened."""
    opened = Opened()
    real = urllib3.util.connection.create_connection
    stand_in = {}

    def create_connection(address, *args, **kwargs):
        opened.append(address)
        if address[0] == PUBLIC and "port" in stand_in:
            return real(("127.0.0.1", stand_in["port"]), *args, **kwargs)
        raise OSError("no connection in the tests")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    opened.stand_in = stand_in
    return opened


@pytest.fixture
def stood_in(site, connections):
    connections.stand_in["port"] = int(site.base.rsplit(":", 1)[1])
    return connections


@pytest.mark.django_db
def test_the_local_server_is_refused_while_private_addresses_are_not_allowed(site, public_only):
    [report] = sync_addresses([site.url(FEED)])

    assert site.requests == []
    assert report.created == 0
    [rejected] = report.rejected
    assert "127.0.0.1" in rejected["reason"] and "non publique" in rejected["reason"]
    assert not Source.objects.exists() and not SourceRun.objects.exists()


@pytest.mark.parametrize("name", [n for n in NAMES if NAMES[n] != PUBLIC])
def test_a_name_resolving_to_a_private_address_is_refused_before_any_connection(
    name, public_only, resolver, connections
):
    with pytest.raises(Refused, match="non publique"):
        Fetcher().get(f"http://{name}/offres/")

    assert name in resolver
    assert connections == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(
    monkeypatch, public_only, connections
):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port)),
        ],
    )

    with pytest.raises(Refused):
        Fetcher().get("http://mixed.example/")
    assert connections == []


def test_a_public_name_is_connected_to_at_the_address_that_was_checked(
    monkeypatch, public_only, connections
):
    """No DNS rebinding: the name is resolved once, checked, and the connection goes to that
    address; a second resolution (which would answer a private address) is never made."""
    # The page's address is checked, then robots.txt's; any later answer is private.
    answers = iter([PUBLIC, PUBLIC, "10.0.0.5", "10.0.0.5"])
    asked = []
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.example":
            asked.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(FetchError):
        Fetcher().get("http://rebind.example/offre")

    # robots.txt was asked first (and could not be had, so the page was not asked): its
    # connection went to the address checked, and the name was not resolved again to open it.
    assert connections == [(PUBLIC, 80)]
    assert len(asked) == 2


def test_a_redirect_to_a_private_address_is_refused_before_any_connection(
    site, public_only, resolver, stood_in
):
    site.answer("/offre", 302, headers={"Location": "http://intranet.example/admin"})

    with pytest.raises(Refused, match="10.0.0.5"):
        Fetcher().get("http://jobs.example/offre")

    assert site.paths() == ["/robots.txt", "/offre"]
    assert stood_in == [(PUBLIC, 80), (PUBLIC, 80)]


@pytest.mark.parametrize(
    "location",
    ["http://metadata.example/latest/meta-data/", "http://127.0.0.1:9/", "http://[::1]:9/"],
)
def test_redirects_to_link_local_or_loopback_addresses_are_refused(
    site, public_only, resolver, stood_in, location
):
    site.answer("/offre", 301, headers={"Location": location})

    with pytest.raises(Refused):
        Fetcher().get("http://jobs.example/offre")
    assert all(address == (PUBLIC, 80) for address in stood_in)


@pytest.mark.parametrize(
    "address",
    ["file:///etc/passwd", "ftp://jobs.example/offres", "gopher://jobs.example/", "http:///x"],
)
def test_only_http_and_https_are_followed(address, resolver, connections):
    with pytest.raises(Refused):
        Fetcher().get(address)
    assert connections == [] and resolver == []


def test_a_redirect_to_another_scheme_is_refused(site):
    site.answer("/offre", 302, headers={"Location": "file:///etc/passwd"})

    with pytest.raises(Refused, match="http"):
        Fetcher().get(site.url("/offre"))


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.0.1",
        "192.168.0.1",
        "127.0.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:192.168.0.1",
    ],
)
def test_addresses_off_the_public_internet_are_forbidden(address):
    assert forbidden(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC, "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_are_not(address):
    assert not forbidden(ipaddress.ip_address(address))


def test_the_allow_setting_is_read_strictly(monkeypatch):
    monkeypatch.setenv("PARTICIPE_SOURCES_ALLOW_PRIVATE", "perhaps")
    with pytest.raises(ImproperlyConfigured):
        fetching.allow_private()
    monkeypatch.setenv("PARTICIPE_SOURCES_ALLOW_PRIVATE", "0")
    assert fetching.allow_private() is False


def test_robots_txt_is_obeyed(site):
    fetcher = Fetcher()

    with pytest.raises(Refused, match="robots.txt"):
        fetcher.get(site.url("/prive/offre"))
    assert fetcher.get(site.url(FEED)).status == 200

    # Asked once per site and run, before anything else.
    assert site.paths() == ["/robots.txt", FEED]


def test_a_site_whose_robots_txt_fails_is_asked_nothing(site):
    site.answer("/robots.txt", 503)

    with pytest.raises(Refused):
        Fetcher().get(site.url(FEED))
    assert site.paths() == ["/robots.txt"]


def test_every_request_says_who_asks(site):
    Fetcher().get(site.url(FEED))

    for _path, headers in site.requests:
        assert headers["User-Agent"].startswith("ParticipeBot/1.0 (+http")


def test_conditional_requests_are_answered_304(site):
    first = Fetcher().get(site.url(FEED))
    again = Fetcher().get(site.url(FEED), etag=first.headers["etag"], last_modified="Sat, 1 Jan")

    assert again.not_modified and again.body == b""
    assert site.requests[-1][1]["If-None-Match"] == first.headers["etag"]
    assert site.requests[-1][1]["If-Modified-Since"] == "Sat, 1 Jan"


def test_one_request_per_second_per_host():
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(interval=1.0, clock=lambda: now[0], sleep=sleep)
    fetcher._pace("a.example")
    now[0] += 0.25
    fetcher._pace("a.example")
    fetcher._pace("b.example")
    now[0] += 3
    fetcher._pace("a.example")

    assert slept == [0.75]


def test_a_page_over_the_size_limit_is_not_read(site, monkeypatch):
    monkeypatch.setattr(fetching, "MAX_BYTES", 1000)

    with pytest.raises(FetchError, match="dépasse"):
        Fetcher().get(site.url(FEED))


def test_a_slow_page_times_out(site, monkeypatch):
    monkeypatch.setattr(fetching, "READ_TIMEOUT", 0.2)
    site.delays[FEED] = 1.0

    with pytest.raises(FetchError, match="injoignable"):
        Fetcher().get(site.url(FEED))


def test_too_many_redirects(site):
    site.answer("/boucle", 302, headers={"Location": "/boucle"})

    with pytest.raises(FetchError, match="redirections"):
        Fetcher().get(site.url("/boucle"))


@pytest.fixture
def tls_site(tmp_path, monkeypatch):
    """An HTTPS server on loopback whose certificate names jobs.example only."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=jobs.example"]
        + ["-addext", "subjectAltName=DNS:jobs.example"],
        check=True,
        capture_output=True,
    )

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else b"offre"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    real = socket.getaddrinfo

    def loopback(host, port, *args, **kwargs):
        if host.endswith(".example"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback)
    yield server.server_address[1], str(cert)
    server.shutdown()
    server.server_close()


def test_https_is_verified_against_the_name_while_connecting_to_the_checked_address(tls_site):
    port, authority = tls_site

    answer = Fetcher(ca_certs=authority).get(f"https://jobs.example:{port}/offre")
    assert answer.body == b"offre"

    # The same address under another name: the certificate does not name it.
    with pytest.raises(FetchError):
        Fetcher(ca_certs=authority).get(f"https://other.example:{port}/offre")
    # And an authority the system does not know is not trusted.
    with pytest.raises(FetchError):
        Fetcher().get(f"https://jobs.example:{port}/offre")
