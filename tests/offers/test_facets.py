"""Facets: each option's count is what applying it would list, in a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from offers import board as seam
from offers.models import EducationLevel, Offer, RemoteWork
from organisations.models import Organisation
from tests.factories import DeadlineFactory, OfferFactory, OrganisationFactory

from .facet_counts import expected_count

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")


@pytest.fixture
def board(db):
    today = timezone.localdate()
    places = [
        ("69", "FR", "69001"),
        ("75", "FR", "75011"),
        ("13", "FR", "13001"),
        ("2A", "FR", "20000"),
        ("974", "FR", "97400"),
        ("", "CA", ""),
        ("", "BE", ""),
    ]
    for index in range(21):
        code, country, postal = places[index % len(places)]
        offer = OfferFactory(
            title=f"Concertation {index}" if index % 3 else f"Médiation {index}",
            kind=Offer.Kind.SERVICE_CIVIQUE if index % 4 == 0 else Offer.Kind.STAGE,
            department_code=code,
            country=country,
            postal_code=postal,
            organisation=OrganisationFactory(
                kind=[Organisation.Kind.ASSOCIATION, Organisation.Kind.COMPANY][index % 2]
            ),
            remote=RemoteWork.POSSIBLE if index % 5 == 0 else RemoteWork.NOT_MENTIONED,
            education_level=[EducationLevel.BAC5, EducationLevel.BAC3, ""][index % 3],
            duration_min_months=None if index % 6 == 0 else 1 + index % 9,
            duration_max_months=None if index % 6 == 0 else 1 + index % 9,
            stipend_amount=[None, Decimal("4.35"), Decimal("800"), Decimal("1200")][index % 4],
            stipend_unit=["", "hour", "month", "month"][index % 4],
            published_at=None,
            # Some say when they start (a day, or a month alone), some do not.
            start_date=datetime.date(2027, 1 + index % 12, 15) if index % 3 == 1 else None,
            start_month=datetime.date(2027, 1 + index % 12, 1) if index % 3 == 2 else None,
        )
        if index % 7:
            DeadlineFactory(offer=offer, date=today + datetime.timedelta(days=index * 3 - 20))


FILTER_SETS = [
    {},
    {"q": "concertation", "kind": "stage", "remote": "on"},
    {"region": "etranger", "stipend": "700"},
    {"departement": "13", "region": "84", "bientot": "on"},
    {"status": "ouvertes", "duration": "long", "org_kind": "company", "level": "bac5"},
    {"debut": "2027-06", "kind": "stage"},
    {"debut": "2027-06", "avec_debut": "on", "remote": "on"},
    {"avec_debut": "on", "region": "84"},
]


def count(client, params) -> int:
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return response.context["paginator"].count


def filtered_count(params) -> int:
    # The list's own filtering, without rendering a page for each of the 160 options.
    return seam.matching(seam.read(RequestFactory().get(LIST_URL, params).GET)).count()


@pytest.mark.parametrize("params", FILTER_SETS)
def test_every_facet_count_is_the_count_of_applying_it(client, board, params):
    response = client.get(LIST_URL, params)
    facets = response.context["view"].results.facets
    checked = 0
    for name, counts in facets.items():
        for value, count_shown in counts.items():
            assert expected_count(name, value, params, filtered_count) == count_shown, (name, value)
            checked += 1
    assert checked > 150
    assert response.context["paginator"].count == filtered_count(params)


def test_counts_are_shown_next_to_each_option(client, board):
    response = client.get(LIST_URL, {"kind": "stage"})
    soup = BeautifulSoup(response.content, "html.parser")

    def labels(name):
        return [
            soup.select_one(f"label[for={box['id']}]").get_text()
            for box in soup.select(f"input[type=checkbox][name={name}]")
        ]

    # Checkboxes, usable without JavaScript; a kind's count leaves the kinds chosen aside.
    assert labels("kind") == [
        "Stage (15)",
        "Service civique (6)",
        "Alternance (0)",
        "Volontariat (VSI, VSC) (0)",
    ]
    assert soup.select_one("input[type=checkbox][name=kind][value=stage]").has_attr("checked")
    assert "À l'étranger (4)" in labels("region")
    assert soup.select_one("label[for=id_remote]").get_text() == "Télétravail possible (3)"


def test_region_and_abroad_filters(client, board):
    assert count(client, {"region": "84"}) == 3  # Rhône only in this board
    assert count(client, {"region": "94"}) == 3  # Corse-du-Sud
    assert count(client, {"region": "etranger"}) == 6
    assert count(client, {"departement": "974"}) == 3


def test_unknown_places_are_refused_without_failing(client, board):
    for params in ({"departement": "99"}, {"region": "77"}, {"departement": "2C\x00"}):
        response = client.get(LIST_URL, params)
        assert response.status_code == 200
        assert response.context["filter"].form.errors
        assert response.context["paginator"].count == 21


def test_departement_is_derived_from_the_postal_code():
    offer = OfferFactory(department_code="", postal_code="20200")
    assert offer.department_code == "2B"
    abroad = OfferFactory(department_code="", postal_code="1000", country="BE")
    assert abroad.department_code == ""


@pytest.mark.parametrize("filters", [{}, {"q": "concertation", "region": "84", "kind": "stage"}])
def test_query_count_stays_constant_with_facets(
    client, django_assert_num_queries, settings, filters
):
    settings.PAGE_SIZE = 50
    for _ in range(12):
        DeadlineFactory(offer=OfferFactory(organisation=OrganisationFactory()))
    # The board's version, the board index (the board just changed), a search's matches and
    # their ranks, the page: whatever the number of offers and options.
    with django_assert_num_queries(5 if "q" in filters else 3):
        response = client.get(LIST_URL, filters)
    assert len(response.context["offers"]) == 12
