"""The list's pages put together give the list's order, on the list and an organisation's page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from offers.facets import SortOrder
from offers.models import Offer
from offers.ordering import order_offers
from tests.factories import DeadlineFactory, OfferFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NOW = datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def offer(slug: str, deadline_in: int | None, published_days_ago: int | None = 200):
    published = None if published_days_ago is None else NOW - datetime.timedelta(published_days_ago)
    made = OfferFactory(slug=slug, title=slug, published_at=published)
    if deadline_in is not None:
        DeadlineFactory(offer=made, date=timezone.localdate() + datetime.timedelta(deadline_in))
    return made


@pytest.fixture
def board():
    # Every kind of row each part holds, with ties on the deadline broken by title.
    offer("open-soon-b", 2)
    offer("open-soon-a", 2)
    offer("open-later", 40)
    offer("open-undated-b", None, published_days_ago=3)
    offer("open-undated-a", None, published_days_ago=10)
    offer("closed-recently", -1)
    offer("closed-long-ago-b", -300)
    offer("closed-long-ago-a", -300)
    offer("closed-undated-old", None, published_days_ago=400)
    offer("closed-never-published", None, published_days_ago=None)


EXPECTED_DEADLINE_ORDER = [
    "open-soon-a",
    "open-soon-b",
    "open-later",
    "open-undated-a",
    "open-undated-b",
    "closed-recently",
    "closed-long-ago-a",
    "closed-long-ago-b",
    "closed-never-published",
    "closed-undated-old",
]


def all_pages(client, settings, page_size: int, **params) -> list[str]:
    settings.PAGE_SIZE = page_size
    slugs, number = [], 1
    while True:
        response = client.get(LIST_URL, {**params, "page": number})
        assert response.status_code == 200
        slugs += [item.slug for item in response.context["offers"]]
        if not response.context["page_obj"].has_next():
            return slugs
        number += 1


@pytest.mark.parametrize("page_size", [1, 2, 3, 4, 20])
def test_pages_put_together_give_the_whole_list_in_order(client, settings, board, page_size):
    assert all_pages(client, settings, page_size) == EXPECTED_DEADLINE_ORDER


@pytest.mark.parametrize("page_size", [1, 3, 20])
def test_newest_sort_keeps_open_offers_first(client, settings, board, page_size):
    # Newest first; ties on the publication date by deadline, then newest row.
    assert all_pages(client, settings, page_size, sort="recentes") == [
        "open-undated-b",
        "open-undated-a",
        "open-later",
        "open-soon-a",
        "open-soon-b",
        "closed-recently",
        "closed-long-ago-a",
        "closed-long-ago-b",
        "closed-undated-old",
        "closed-never-published",
    ]


def test_each_card_says_whether_it_is_open(client, settings, board):
    settings.PAGE_SIZE = 20
    offers = client.get(LIST_URL).context["offers"]
    assert [item.applications_open for item in offers] == [True] * 5 + [False] * 5


def test_the_database_gives_the_same_order(board):
    offers = order_offers(Offer.objects.visible().with_openness(), SortOrder.DEADLINE)
    assert [item.slug for item in offers] == EXPECTED_DEADLINE_ORDER


def organisation_pages(client, settings, organisation, page_size: int) -> list[str]:
    settings.PAGE_SIZE = page_size
    slugs, number = [], 1
    while True:
        response = client.get(organisation.get_absolute_url(), {"page": number})
        assert response.status_code == 200
        slugs += [item.slug for item in response.context["offers"]]
        if not response.context["page_obj"].has_next():
            return slugs
        number += 1


@pytest.mark.parametrize("page_size", [1, 3, 20])
def test_the_organisation_page_is_its_offers_in_the_lists_order(client, settings, board, page_size):
    organisation = Offer.objects.get(slug="open-soon-a").organisation
    Offer.objects.exclude(slug__startswith="closed-long-ago").update(organisation=organisation)
    expected = [slug for slug in EXPECTED_DEADLINE_ORDER if not slug.startswith("closed-long-ago")]
    assert organisation_pages(client, settings, organisation, page_size) == expected


def test_the_organisation_page_counts_its_offers_exactly(client, settings, board):
    settings.PAGE_SIZE = 3
    organisation = Offer.objects.get(slug="open-soon-a").organisation
    Offer.objects.update(organisation=organisation)
    response = client.get(organisation.get_absolute_url())
    count = BeautifulSoup(response.content, "html.parser").select_one("#org-offers-title")
    assert count.get_text() == "10 offres de cette structure"
    assert client.get(organisation.get_absolute_url(), {"page": "last"}).status_code == 200
    assert client.get(organisation.get_absolute_url(), {"page": 5}).status_code == 404
    assert client.get(organisation.get_absolute_url(), {"page": "x"}).status_code == 404
