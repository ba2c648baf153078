"""Who a request comes from (config/client_address.py): the key of every throttle."""

import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from config.client_address import client_address

NGINX = "172.31.255.2"
TLS_PROXY = "172.31.255.1"


def request(remote: str, forwarded: str | None = None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("172.31.255.0/28"),)


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = ()
    assert client_address(request(NGINX, "198.51.100.7")) == NGINX


def test_the_header_is_read_only_when_the_socket_is_a_trusted_proxy(behind_the_proxy):
    assert client_address(request(NGINX, "198.51.100.7")) == "198.51.100.7"
    # The same header from anybody else proves nothing.
    assert client_address(request("203.0.113.66", "198.51.100.7")) == "203.0.113.66"


def test_the_client_is_the_first_untrusted_address_from_the_right(behind_the_proxy):
    # A TLS proxy and nginx, both trusted; the client wrote a claim of its own on the left.
    forwarded = f"192.0.2.1, 198.51.100.7, {TLS_PROXY}"
    assert client_address(request(NGINX, forwarded)) == "198.51.100.7"
    assert client_address(request(NGINX, "n'importe quoi")) == NGINX
    assert client_address(request(NGINX)) == NGINX


def test_a_wrong_trusted_proxy_setting_stops_the_start(monkeypatch):
    from config.settings import env_networks

    monkeypatch.setenv("PARTICIPE_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local")
    with pytest.raises(ImproperlyConfigured, match="PARTICIPE_TRUSTED_PROXIES"):
        env_networks("PARTICIPE_TRUSTED_PROXIES")
    monkeypatch.setenv("PARTICIPE_TRUSTED_PROXIES", "10.0.0.2, fd00::/64")
    assert len(env_networks("PARTICIPE_TRUSTED_PROXIES")) == 2


def test_check_deploy_warns_behind_a_tls_proxy_without_trusted_proxies(settings):
    from config.client_address import trusted_proxies_check

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ()
    assert [warning.id for warning in trusted_proxies_check(None)] == ["participe.W001"]
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("172.31.255.0/28"),)
    assert trusted_proxies_check(None) == []
