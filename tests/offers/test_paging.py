"""The list read part by part (offers/paging.py) gives the same order as one sorted query."""

import datetime

import pytest
from django.core.paginator import InvalidPage
from django.urls import reverse
from django.utils import timezone

from offers import paging
from offers.facets import SortOrder
from offers.models import Offer
from tests.factories import DeadlineFactory, OfferFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NOW = datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True, params=["parts", "one query"])
def reading(request, monkeypatch):
    """Every test here runs both ways: part by part (large lists), and in one sorted query."""
    if request.param == "parts":
        monkeypatch.setattr(paging, "ONE_QUERY_LIMIT", 0)
    return request.param


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


def test_beyond_the_count_limit_the_total_is_a_lower_bound(board, monkeypatch):
    # The organisation page counts its offers up to COUNT_LIMIT (the list's total comes exact
    # from its facet counts).
    monkeypatch.setattr(paging, "COUNT_LIMIT", 4)
    offers = Offer.objects.visible()
    first = paging.paginate(offers, SortOrder.DEADLINE, 3, 1)
    assert (first.paginator.count, first.paginator.count_is_exact) == (4, False)
    assert first.paginator.num_pages is None
    # Pages past the bound still exist while there are offers, and end with InvalidPage.
    assert [item.slug for item in paging.paginate(offers, SortOrder.DEADLINE, 3, 4)] == [
        "closed-undated-old"
    ]
    with pytest.raises(InvalidPage):
        paging.paginate(offers, SortOrder.DEADLINE, 3, 5)


def test_the_organisation_page_says_plus_de_beyond_the_bound(client, settings, board, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 4)
    settings.PAGE_SIZE = 3
    organisation = Offer.objects.get(slug="open-soon-a").organisation
    Offer.objects.update(organisation=organisation)
    response = client.get(organisation.get_absolute_url())
    assert "Plus de 4 offres de cette structure" in response.content.decode()
    assert client.get(organisation.get_absolute_url(), {"page": 5}).status_code == 404
