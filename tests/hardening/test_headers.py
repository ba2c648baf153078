"""The headers the HTTP Observatory wants for an A+: public pages, static files, the admin."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import OfferFactory

ROOT = Path(__file__).resolve().parents[2]


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_observatory_headers(response):
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = csp_directives(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
        assert not {"*", "http:", "https:", "data:"} & set(csp[directive])


class HttpsClient(Client):
    """A browser on the production site: every request over HTTPS."""

    def generic(self, *args, **kwargs):
        kwargs["secure"] = True
        return super().generic(*args, **kwargs)


@pytest.fixture
def https_client():
    return HttpsClient()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["list", "offer", "organisation", "404"])
def test_public_pages_send_every_security_header(https_client, kind):
    offer = OfferFactory()
    url = {
        "list": "/",
        "offer": offer.get_absolute_url(),
        "organisation": offer.organisation.get_absolute_url(),
        "404": "/offres/inconnue/",
    }[kind]
    response = https_client.get(url)
    assert response.status_code == (404 if kind == "404" else 200)
    assert_observatory_headers(response)


def test_static_files_send_the_headers_too(https_client):
    response = https_client.get("/static/css/participe.css")
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_admin_pages_send_the_headers_and_have_no_inline_script(https_client):
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw-Participe-1")
    response = https_client.get("/admin/login/")
    assert_observatory_headers(response)
    https_client.force_login(user)
    OfferFactory()
    for url in ("/admin/", "/admin/offers/offer/", "/admin/offers/offer/add/"):
        response = https_client.get(url)
        assert response.status_code == 200, url
        assert_observatory_headers(response)
        html = response.content.decode()
        # Under this CSP an inline script or handler would be blocked: the admin must have none.
        for script in html.split("<script")[1:]:
            opening = script.split(">", 1)[0]
            assert "src=" in opening or 'type="application/json"' in opening, opening
        assert " onclick=" not in html and " onload=" not in html


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_host_prefixed_secure_and_samesite(https_client):
    get_user_model().objects.create_superuser("admin", "a@example.org", "pw-Participe-1")
    response = https_client.get("/admin/login/")
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax" and csrf["path"] == "/"
    assert not csrf["domain"]
    response = https_client.post(
        "/admin/login/",
        {"username": "admin", "password": "pw-Participe-1", "next": "/admin/"},
        headers={"referer": "https://testserver/admin/login/"},
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]


def production_env(**extra) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="participe.example.org",
        **extra,
    )
    return env


def test_check_deploy_reports_no_issue_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_except_the_health_probe(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    assert client.get("/healthz").status_code == 200
