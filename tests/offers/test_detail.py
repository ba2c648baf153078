import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from offers.models import DeadlineKind
from organisations.models import Organisation
from tests.factories import (
    ContactFactory,
    DeadlineFactory,
    DraftOfferFactory,
    OfferFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


@time_machine.travel(datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC))
def test_every_fact_and_dates_as_a_person_reads_them(client):
    offer = OfferFactory(
        title="Chargé·e de concertation",
        city="Rennes",
        postal_code="35000",
        department_code="35",
        stipend_amount="4.35",
        stipend_unit="hour",
        stipend_wording="4,35 € par heure de présence",
    )
    DeadlineFactory(
        offer=offer,
        kind=DeadlineKind.APPLICATION,
        date=datetime.date(2025, 12, 15),
        wording="avant le 15/12/2025",
    )
    DeadlineFactory(
        offer=offer,
        kind=DeadlineKind.INTERVIEWS,
        date=datetime.date(2025, 12, 20),
        end_date=datetime.date(2025, 12, 22),
        wording="entretiens",
    )
    partner = OrganisationFactory(name="Université partenaire")
    offer.contacts.add(
        ContactFactory(organisation=offer.organisation, email="a@example.org"),
        ContactFactory(organisation=partner, email="b@example.org"),
    )
    text = page_text(client.get(offer.get_absolute_url()))
    assert "15 décembre 2025" in text
    assert 'du <time datetime="2025-12-20">20 décembre 2025</time> au' in text
    assert 'href="mailto:a@example.org"' in text and 'href="mailto:b@example.org"' in text
    assert "(Université partenaire)" in text
    # Non-breaking spaces hold the sum to its sign and the posting's words to the guillemets.
    assert "4,35\u00a0€ par heure" in text
    assert "«&nbsp;4,35\u00a0€ par heure de présence&nbsp;»" in text
    assert "Les candidatures sont closes." in text


def key_facts(response) -> dict[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    facts = soup.select_one("section.key-facts dl")
    return {
        row.dt.get_text(" ", strip=True): row.dd.get_text(" ", strip=True)
        for row in facts.find_all("div", recursive=False)
    }


def test_silent_posting_says_non_precise(client):
    offer = OfferFactory(
        duration_min_months=None,
        duration_max_months=None,
        city="",
        postal_code="",
        department_code="",
        published_at=None,
    )
    response = client.get(offer.get_absolute_url())
    facts = key_facts(response)
    assert facts["Lieu"] == "non précisé"
    assert facts["Télétravail"] == "non précisé"
    assert facts["Date limite de candidature"] == "non précisée"
    assert facts["Début"] == "non précisé"
    assert facts["Durée"] == "non précisée"
    assert facts["Temps de travail"] == "non précisé"
    assert facts["Gratification"] == "non précisée"
    assert facts["Niveau d'études"] == "non précisé"
    assert facts["Permis de conduire"] == "non précisé"
    assert "Contact non précisé dans l'annonce." in page_text(response)


def test_a_date_without_year_keeps_the_posting_wording(client):
    offer = OfferFactory()
    DeadlineFactory(
        offer=offer,
        kind=DeadlineKind.INTERVIEWS,
        date=None,
        wording="entre le 30 août et 7 septembre",
    )
    text = page_text(client.get(offer.get_absolute_url()))
    assert "date non précisée" in text and "entre le 30 août et 7 septembre" in text


@pytest.mark.parametrize("slug", ["nope", "a" * 300, "%C3%A9t%C3%A9"])
def test_unknown_slug_is_the_404_page(client, slug):
    response = client.get(f"/offres/{slug}/")
    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)


def test_unpublished_offer_is_a_404(client):
    draft = DraftOfferFactory()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    offer = OfferFactory()
    for _ in range(3):
        offer.contacts.add(ContactFactory(organisation=offer.organisation))
    DeadlineFactory(offer=offer)
    # The offer with its organisation, the board's version, its deadlines, its contacts with
    # their organisations (offers/offer_page.py): four queries, whatever their number.
    with django_assert_num_queries(4):
        client.get(offer.get_absolute_url())


def test_publisher_markdown_is_sanitised(client):
    offer = OfferFactory(
        description=(
            "# Titre\n\n<script>alert(1)</script>\n\n[clic](javascript:alert(1)) "
            '<a href="https://example.org" onclick="x()">site</a> <img src=x onerror=alert(1)>'
        )
    )
    text = page_text(client.get(offer.get_absolute_url()))
    description = text.split('class="prose">')[1].split("</div>")[0]
    assert "<script" not in description and "onclick" not in description
    assert "onerror" not in description and "javascript:" not in description
    assert "<h3>Titre</h3>" in description
    assert 'rel="nofollow noopener"' in description


class TestOrganisationPage:
    def test_lists_its_published_offers_only(self, client):
        organisation = OrganisationFactory(
            name="Ville de Rennes", kind=Organisation.Kind.LOCAL_AUTHORITY
        )
        published = OfferFactory(organisation=organisation, title="Stage budget participatif")
        DraftOfferFactory(organisation=organisation, title="Brouillon interne")
        OfferFactory(title="Offre d'une autre structure")
        response = client.get(organisation.get_absolute_url())
        text = page_text(response)
        assert response.status_code == 200
        assert "Ville de Rennes" in text and "Collectivité territoriale" in text
        assert [offer.pk for offer in response.context["offers"]] == [published.pk]
        assert "Brouillon interne" not in text and "Offre d'une autre structure" not in text

    def test_paginates_and_answers_404_past_the_end(self, client, settings):
        settings.PAGE_SIZE = 2
        organisation = OrganisationFactory()
        OfferFactory.create_batch(3, organisation=organisation)
        url = organisation.get_absolute_url()
        assert len(client.get(url, {"page": 2}).context["offers"]) == 1
        assert client.get(url, {"page": 3}).status_code == 404
        assert client.get(url, {"page": "x"}).status_code == 404

    def test_unknown_organisation_is_a_404(self, client):
        response = client.get(reverse("organisations:detail", kwargs={"slug": "inconnue"}))
        assert response.status_code == 404
        assert "Page introuvable" in page_text(response)


def test_dates_stay_french_whatever_the_browser_asks(client):
    offer = OfferFactory()
    DeadlineFactory(offer=offer, date=datetime.date(2025, 12, 15))
    response = client.get(offer.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "15 décembre 2025" in page_text(response)
    assert 'lang="fr"' in page_text(response)
