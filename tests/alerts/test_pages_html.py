"""The alerts' pages are valid HTML (Nu HTML Checker), in both languages."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from alerts import tokens
from tests.test_valid_html import VNU

from .factories import SubscriptionFactory, UnconfirmedSubscriptionFactory

pytestmark = pytest.mark.django_db


def test_alert_pages_are_valid_html(client, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.fail("The Nu HTML Checker needs Java: install Debian's default-jre-headless.")
    confirmed = SubscriptionFactory(email="lea@example.org", querystring="q=eau&departement=35")
    pending = UnconfirmedSubscriptionFactory(email="lea@example.org", querystring="")
    pages = {
        "privacy": ("get", reverse("privacy"), {}),
        "subscribed": ("get", reverse("alerts:subscribed"), {}),
        "confirm": ("get", reverse("alerts:confirm", args=[tokens.confirm_token(pending)]), {}),
        "bad-link": ("get", reverse("alerts:confirm", args=["abc"]), {}),
        "unsubscribe": (
            "get",
            reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(confirmed)]),
            {},
        ),
        "manage": (
            "get",
            reverse("alerts:manage", args=[tokens.manage_token(confirmed.email)]),
            {},
        ),
        "subscribe-error": (
            "post",
            reverse("alerts:subscribe"),
            {"email": "nope", "frequency": "daily", "search": "q=eau"},
        ),
    }
    files = []
    for language in ("fr", "en"):
        client.cookies["django_language"] = language
        for name, (method, url, data) in pages.items():
            response = getattr(client, method)(url, data, HTTP_ORIGIN="http://testserver")
            assert response.status_code in (200, 400), (url, response.status_code)
            path = tmp_path / f"{name}-{language}.html"
            path.write_bytes(response.content)
            files.append(str(path))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], "\n".join(errors)
