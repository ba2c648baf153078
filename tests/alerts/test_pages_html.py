"""The alerts' pages are valid HTML (Nu HTML Checker), in both languages."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from alerts import tokens
from tests.html_checker import nu_errors

from .factories import SubscriptionFactory, UnconfirmedSubscriptionFactory

pytestmark = pytest.mark.django_db


def test_alert_pages_are_valid_html(client, tmp_path):
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
            urlencode({"email": "nope", "frequency": "daily", "search": "q=eau"}),
        ),
    }
    files = []
    for language in ("fr", "en"):
        client.cookies["django_language"] = language
        for name, (method, url, data) in pages.items():
            # Posted as the page's form posts: urlencoded.
            form = {"content_type": "application/x-www-form-urlencoded"} if method == "post" else {}
            response = getattr(client, method)(url, data, HTTP_ORIGIN="http://testserver", **form)
            assert response.status_code in (200, 400), (url, response.status_code)
            path = tmp_path / f"{name}-{language}.html"
            path.write_bytes(response.content)
            files.append(str(path))
    errors = nu_errors(files)
    assert errors == [], "\n".join(errors)
