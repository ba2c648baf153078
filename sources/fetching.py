"""Fetching a source's pages as a good citizen, and from the public internet only.

Every request: a User-Agent that says who asks, robots.txt obeyed, one request per second per
host, conditional when the page was seen before, bounded in time and size. Only http(s), and
only to public addresses: the host is resolved here, each of its addresses checked, and the
connection made to the address that was checked (a name that resolves to a public address when
checked and to a private one when connecting gets nowhere). A redirect goes through the same
checks as the first request. `PARTICIPE_SOURCES_ALLOW_PRIVATE=1` lets private and loopback
addresses through: the tests' local servers, nothing else.
"""

import ipaddress
import os
import socket
import time
from dataclasses import dataclass, field
from urllib import robotparser
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BOT_NAME = "ParticipeBot"
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
# A server that trickles its answer a byte at a time meets this, whatever the read timeout.
TOTAL_TIMEOUT = 30.0
# The most a robots.txt Crawl-delay may slow a source down: past it, the source is slowed, not
# stopped.
MAX_CRAWL_DELAY = 30.0
REDIRECTS = {301, 302, 303, 307, 308}
ALLOW_PRIVATE_VARIABLE = "PARTICIPE_SOURCES_ALLOW_PRIVATE"


class FetchError(Exception):
    """The page could not be had; the message says why, in the moderator's words."""


class Refused(FetchError):
    """The page was not asked for: its address or robots.txt forbids it."""


@dataclass
class Response:
    url: str
    status: int
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def user_agent() -> str:
    return f"{BOT_NAME}/1.0 (+{settings.SITE_URL.rstrip('/')}; tableau des stages Participe)"


def allow_private() -> bool:
    value = os.environ.get(ALLOW_PRIVATE_VARIABLE, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise ImproperlyConfigured(f"{ALLOW_PRIVATE_VARIABLE} must be 1 or 0, not {value!r}.")


def resolve(host: str, port: int) -> list:
    """Every address the name resolves to (tests stub socket.getaddrinfo)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"{host} : nom introuvable ({error}).") from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]


def forbidden(address) -> bool:
    """Not an address on the public internet: private, loopback, link-local, reserved…"""
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def checked_target(url: str):
    """(scheme, host, port, address to connect to), or Refused before any connection."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused(f"{url} : seules les adresses http:// et https:// sont suivies.")
    if not parts.hostname:
        raise Refused(f"{url} : adresse sans nom d'hôte.")
    if parts.username or parts.password:
        raise Refused(f"{url} : une adresse avec identifiants n'est pas suivie.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused(f"{url} : port invalide.") from None
    addresses = resolve(parts.hostname, port)
    if not addresses:
        raise FetchError(f"{parts.hostname} : nom introuvable.")
    if not allow_private():
        # Every address the name has must be public: one private address among public ones is
        # a name made to reach inside.
        for address in addresses:
            if forbidden(address):
                raise Refused(
                    f"{url} : {parts.hostname} mène à l'adresse non publique {address}, "
                    "qui n'est pas suivie."
                )
    return parts.scheme, parts.hostname, port, addresses[0]


class Fetcher:
    """One run's fetches: the hosts' robots.txt and the time of their last request are kept."""

    def __init__(
        self,
        *,
        interval: float | None = None,
        clock=time.monotonic,
        sleep=time.sleep,
        ca_certs: str | None = None,
    ):
        # ca_certs: the system's authorities unless told (the tests' own authority).
        self.ca_certs = ca_certs
        if interval is None:
            interval = float(getattr(settings, "SOURCES_REQUEST_INTERVAL", 1.0))
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self.requests = 0
        self._last: dict[str, float] = {}
        self._robots: dict[str, robotparser.RobotFileParser | None] = {}
        self._delays: dict[str, float] = {}

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """The page at `url`, following redirects; 304 when the validators still hold."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._follow(url, headers, robots=True)

    def _follow(self, url: str, headers: dict, *, robots: bool) -> Response:
        for _hop in range(MAX_REDIRECTS + 1):
            target = checked_target(url)
            if robots and not self._allowed_by_robots(url):
                raise Refused(f"{url} : le robots.txt du site interdit cette page.")
            response = self._request(url, target, headers)
            location = response.headers.get("location")
            if response.status in REDIRECTS and location:
                url = urljoin(url, location)
                continue
            return response
        raise FetchError(f"{url} : plus de {MAX_REDIRECTS} redirections.")

    def _allowed_by_robots(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        parser = self._robots[origin]
        if parser is None:
            return False
        delay = parser.crawl_delay(BOT_NAME)
        if delay:
            self._delays[parts.hostname] = min(float(delay), MAX_CRAWL_DELAY)
        return parser.can_fetch(BOT_NAME, url)

    def _read_robots(self, origin: str) -> robotparser.RobotFileParser | None:
        """The site's rules; None (nothing allowed this run) when they could not be read."""
        parser = robotparser.RobotFileParser()
        try:
            response = self._follow(f"{origin}/robots.txt", {}, robots=False)
        except Refused:
            raise
        except FetchError:
            # An unreachable robots.txt may be a site in trouble: ask it nothing this run.
            return None
        if response.status in (401, 403):
            parser.disallow_all = True
        elif 400 <= response.status < 500:
            parser.allow_all = True
        elif response.status >= 300:
            return None
        else:
            parser.parse(response.body.decode("utf-8", "replace").splitlines())
        return parser

    def _pace(self, host: str) -> None:
        interval = max(self.interval, self._delays.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            wait = last + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _request(self, url: str, target, headers: dict) -> Response:
        scheme, host, port, address = target
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        default_port = 443 if scheme == "https" else 80
        host_header = host if port == default_port else f"{host}:{port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
        timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                str(address),
                port,
                timeout=timeout,
                retries=False,
                cert_reqs="CERT_REQUIRED",
                ca_certs=self.ca_certs,
                assert_hostname=host,
                server_hostname=host,
            )
        else:
            pool = urllib3.HTTPConnectionPool(str(address), port, timeout=timeout, retries=False)
        self._pace(host)
        self.requests += 1
        started = time.monotonic()
        try:
            answer = pool.urlopen(
                "GET",
                path,
                headers={
                    "Host": host_header,
                    "User-Agent": user_agent(),
                    "Accept-Encoding": "gzip, deflate",
                    **headers,
                },
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
            try:
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > MAX_BYTES:
                    raise FetchError(f"{url} : la page dépasse {MAX_BYTES // 1024 // 1024} Mo.")
                body = bytearray()
                for chunk in answer.stream(64 * 1024):
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise FetchError(f"{url} : la page dépasse {MAX_BYTES // 1024 // 1024} Mo.")
                    if time.monotonic() - started > TOTAL_TIMEOUT:
                        raise FetchError(f"{url} : la page met plus de {TOTAL_TIMEOUT:.0f} s.")
                return Response(
                    url=url,
                    status=answer.status,
                    headers={k.lower(): v for k, v in answer.headers.items()},
                    body=bytes(body),
                )
            finally:
                answer.release_conn()
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(f"{url} : injoignable ({type(error).__name__}).") from None
        finally:
            pool.close()
