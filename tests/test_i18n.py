"""The interface in French by default and in English on request; the postings stay as written."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from tests.factories import DeadlineFactory, OfferFactory

pytestmark = pytest.mark.django_db
PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
# Words of the French interface that no English page may show outside the postings' own text.
FRENCH_INTERFACE_WORDS = [
    "Candidatures",
    "Rechercher",
    "Filtrer",
    "Sauvegarder",
    "précis",
    "Gratification",
    "par mois",
    "Aller au contenu",
    "Offres",
    "Trier",
    "Durée",
    "Télétravail",
]


def switch_to_english(client, next_url: str):
    return client.post(reverse("set_language"), {"language": "en", "next": next_url})


def interface_text(response) -> str:
    """The page's visible text without what the postings wrote (marked lang="fr")."""
    soup = BeautifulSoup(response.content, "html.parser")
    for node in soup.select('[lang="fr"], script, style, head'):
        node.decompose()
    return soup.get_text(" ")


def test_french_is_the_default_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="fr">' in response.content.decode()
    assert "Offres de stage et de service civique" in response.content.decode()


def test_switching_language_keeps_the_page_and_its_filters(client):
    OfferFactory(kind="stage")
    next_url = "/?kind=stage&sort=recentes"
    response = switch_to_english(client, next_url)
    assert response.status_code == 302
    assert response["Location"] == next_url
    page = client.get(response["Location"])
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "Internship and civic service offers" in html
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one('input[type=checkbox][name=kind][value="stage"]').has_attr("checked")
    assert soup.select_one('#id_sort option[value="recentes"]').has_attr("selected")
    # And back to French, on the same page.
    back = client.post(reverse("set_language"), {"language": "fr", "next": next_url})
    assert back["Location"] == next_url
    assert '<html lang="fr">' in client.get(next_url).content.decode()


def test_switching_never_redirects_to_another_site(client):
    response = switch_to_english(client, "https://example.com/")
    assert response.status_code == 302
    assert not response["Location"].startswith("https://example.com")


def test_the_admin_stays_in_french(client):
    switch_to_english(client, "/")
    response = client.get("/admin/login/")
    assert '<html lang="fr"' in response.content.decode()


def test_dates_and_numbers_follow_the_language(client):
    offer = OfferFactory(kind="stage", stipend_amount=Decimal("1300"), stipend_unit="month")
    DeadlineFactory(offer=offer, date=datetime.date(2025, 12, 15))
    french = client.get(offer.get_absolute_url()).content.decode()
    assert "15 décembre 2025" in french
    assert re.search(r"1\s300\s€ par mois", french)
    switch_to_english(client, offer.get_absolute_url())
    english = client.get(offer.get_absolute_url()).content.decode()
    assert "Dec. 15, 2025" in english
    assert "€1,300 a month" in english


@pytest.mark.parametrize(
    "name", ["list", "detail", "organisation", "saved", "a11y", "404", "publish", "signin"]
)
def test_english_pages_show_no_french_interface_text(client, name):
    offer = OfferFactory(kind="service_civique", remote="possible")
    DeadlineFactory(offer=offer, date=datetime.date(2025, 12, 15))
    url = {
        "list": "/?kind=service_civique&remote=on",
        "detail": offer.get_absolute_url(),
        "organisation": offer.organisation.get_absolute_url(),
        "saved": reverse("offers:saved"),
        "a11y": reverse("accessibility"),
        "404": "/offres/nulle-part/",
        "publish": reverse("publish"),
        "signin": reverse("publishing:signin"),
    }[name]
    switch_to_english(client, url)
    text = interface_text(client.get(url))
    left = [word for word in FRENCH_INTERFACE_WORDS if word in text]
    assert left == []


def test_the_outage_page_speaks_the_chosen_language(rf):
    from django.utils import translation

    from config.middleware import unavailable

    with translation.override("en"):
        response = unavailable(rf.get("/"))
    assert response.status_code == 503
    assert b"The site is temporarily unavailable" in response.content
    assert b'lang="en"' in response.content
