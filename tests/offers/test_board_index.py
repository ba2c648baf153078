"""The board index (offers/board_index.py) counts and orders exactly as the database does.

The database's filters (the facets' ORM conditions) and order (ordering.order_offers) are the
definitions; on a board made of every edge case (deadlines on the boundaries, thresholds met
to the cent, ties on titles, offers abroad and in Corsica), hypothesis draws filter sets and
each facet count and the whole paged list are compared with the database's answer.
"""

import datetime
import random
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from offers import board as seam
from offers import board_index, caches
from offers.facets import BY_NAME
from offers.models import EducationLevel, Offer, OfferStatus
from offers.ordering import order_offers
from organisations.models import Organisation
from tests.factories import DeadlineFactory, OfferFactory, OrganisationFactory

from .facet_counts import expected_count

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NOW = datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC)
PLACES = [("69", "FR"), ("75", "FR"), ("2A", "FR"), ("974", "FR"), ("", "FR"), ("", "BE")]
STIPENDS = [
    (None, ""),
    (Decimal("4.35"), "hour"),
    (Decimal("600"), "month"),
    (Decimal("699.99"), "month"),
    (Decimal("1000"), "month"),
    (Decimal("800.00"), "month"),
]
DEADLINES = [None, -30, -1, 0, 1, 14, 15, 90]
PUBLISHED = [None, 1, 3, 7, 8, 30, 59, 61, 400]
STARTS = [None, None, (2026, 10, 31), (2026, 11, 1), (2027, 1, 1), (2027, 2, 15)]
# A start month alone (the month's first day), or with its exact date (the same month).
START_MONTHS = [None, None, (2026, 10, 1), (2026, 11, 1), (2027, 1, 1), (2027, 2, 1)]


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def board(settings):
    settings.PAGE_CACHE_SECONDS = 0
    rng = random.Random(20261121)
    # Its own draws: the rest of the board is the one the other tests were written for.
    start_rng = random.Random(20261207)
    organisations = [
        OrganisationFactory(kind=kind, slug=f"structure-{number}")
        for number, kind in enumerate(Organisation.Kind.values[:4])
    ]
    for number in range(48):
        department, country = rng.choice(PLACES)
        amount, unit = rng.choice(STIPENDS)
        low = rng.choice([None, 2, 3, 6])
        published = rng.choice(PUBLISHED)
        offer = OfferFactory(
            # Few titles: ties are broken by id, as in the database.
            title=rng.choice(["Concertation", "Médiation scientifique", "concertation", "Agora"]),
            kind=rng.choice(Offer.Kind.values),
            status=OfferStatus.PUBLISHED if number % 8 else OfferStatus.DRAFT,
            organisation=rng.choice(organisations),
            department_code=department,
            country=country,
            postal_code="",
            duration_min_months=low,
            duration_max_months=rng.choice([None, low, 8]) if low else rng.choice([None, 4]),
            education_level=rng.choice(["", *EducationLevel.values]),
            stipend_amount=amount,
            stipend_unit=unit,
            weekly_hours_min=rng.choice([None, Decimal("24")]),
            remote=rng.choice(Offer._meta.get_field("remote").choices)[0],
            driving_licence=rng.choice(Offer._meta.get_field("driving_licence").choices)[0],
            published_at=None if published is None else NOW - datetime.timedelta(days=published),
            **starts(rng.choice(STARTS), start_rng),
        )
        days = rng.choice(DEADLINES)
        if days is not None:
            DeadlineFactory(offer=offer, date=timezone.localdate() + datetime.timedelta(days))


def starts(start, rng) -> dict:
    """A start date (drawn from STARTS by the board's draws, as before months were), with its
    month or not; or, without one, a start month alone or nothing."""
    if start is not None:
        start_date = datetime.date(*start)
        return {
            "start_date": start_date,
            "start_month": rng.choice([None, start_date.replace(day=1)]),
        }
    month = rng.choice(START_MONTHS)
    return {"start_date": None, "start_month": month and datetime.date(*month)}


def choices(name: str) -> list:
    return ["", *BY_NAME[name].values()]


def several(values: list):
    """One value, or several (the parameter repeated), as a query string gives them."""
    return st.one_of(st.sampled_from(values), st.lists(st.sampled_from(values[1:]), max_size=3))


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "kind": several(choices("kind")),
        "region": several(["", "84", "94", "etranger", "11"]),
        "departement": several(["", "69", "2A", "974", "75"]),
        "org_kind": several(choices("org_kind")),
        "duration": several(choices("duration")),
        "level": several(choices("level")),
        "stipend": st.sampled_from(choices("stipend")),
        "depuis": st.sampled_from(choices("depuis")),
        "debut": st.sampled_from(["", "2026-11", "2027-01", "2027-02"]),
        "avec_debut": st.sampled_from(["on", ""]),
        # Retired: older links carry it; it now means the default.
        "sans_debut": st.sampled_from(["on", ""]),
        "remote": st.sampled_from(["on", ""]),
        "no_licence": st.sampled_from(["on", ""]),
        "bientot": st.sampled_from(["on", ""]),
        "status": st.sampled_from(["toutes", "ouvertes", "closes"]),
        # A slug no organisation has selects nothing (offers/by_organisation.py).
        "organisation": st.sampled_from(["", "structure-0", "structure-3", "partie"]),
        "sort": st.sampled_from(["date-limite", "recentes"]),
    },
)
EXAMPLES = hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def every_page(client, params) -> list[str]:
    """The slugs of the list's pages, one after the other, as a student pages through them."""
    slugs, number = [], 1
    while True:
        response = client.get(LIST_URL, {**params, "page": number})
        assert response.status_code == 200
        slugs += [offer.slug for offer in response.context["offers"]]
        if not response.context["page_obj"].has_next():
            return slugs
        number += 1


def database_count(params) -> int:
    return seam.matching(seam.read(RequestFactory().get(LIST_URL, params).GET)).count()


@EXAMPLES
@given(params=FILTERS)
def test_facet_counts_are_the_databases(client, board, params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    results = response.context["view"].results
    assert results.total == database_count(params)
    for name, counts in results.facets.items():
        for value, count in counts.items():
            assert count == expected_count(name, value, params, database_count), (name, value)


@EXAMPLES
@given(params=FILTERS, page_size=st.sampled_from([1, 4, 7, 50]))
def test_pages_are_the_databases_order(client, settings, board, params, page_size):
    settings.PAGE_SIZE = page_size
    slugs = every_page(client, params)
    offers = seam.matching(seam.read(RequestFactory().get(LIST_URL, params).GET))
    expected = order_offers(offers, params.get("sort", "date-limite"))
    assert slugs == [offer.slug for offer in expected]


def test_every_kind_of_write_makes_the_index_read_the_board_again(client, settings, board):
    settings.PAGE_CACHE_SECONDS = 0

    def listed() -> int:
        return client.get(LIST_URL).context["paginator"].count

    published = Offer.objects.visible()
    assert listed() == published.count()
    before = caches.board_version()
    # A bulk update sends no signal; the trigger still moves the version on.
    published.filter(kind="stage").update(status=OfferStatus.ARCHIVED)
    assert caches.board_version() != before
    assert listed() == Offer.objects.visible().count()
    # A deadline reaches the list through its offer's stored copy.
    offer = Offer.objects.visible().first()
    offer.deadlines.all().delete()
    DeadlineFactory(offer=offer, date=timezone.localdate() - datetime.timedelta(days=400))
    closed = client.get(LIST_URL, {"status": "closes"}).context["paginator"].count
    assert closed == database_count({"status": "closes"})
    # So does an organisation's kind.
    organisation = offer.organisation
    organisation.kind = Organisation.Kind.COOPERATIVE
    organisation.save()
    cooperatives = client.get(LIST_URL, {"org_kind": "cooperative"}).context["paginator"].count
    assert cooperatives == database_count({"org_kind": "cooperative"}) > 0


def test_an_index_of_another_version_is_never_used(board):
    index = board_index.current()
    assert board_index.current() is index
    Offer.objects.visible().first().save()
    assert board_index.current() is not index


@pytest.mark.parametrize("page_size", [1, 3, 50])
@pytest.mark.parametrize(
    "params",
    [
        {"q": "concertation"},
        {"q": "médiation", "status": "toutes", "kind": "stage"},
        {"q": "concertation", "sort": "recentes"},
    ],
)
def test_search_pages_are_the_databases_ranking(client, settings, board, params, page_size):
    # Ranked a part at a time, open offers then closed ones (paging.BoardResults.ranked_ids).
    settings.PAGE_SIZE = page_size
    slugs = every_page(client, params)
    expected = seam.ordered(seam.read(RequestFactory().get(LIST_URL, params).GET))
    assert slugs == [offer.slug for offer in expected]
    assert len(slugs) > 1
