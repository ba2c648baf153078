"""Uncached searches are budgeted per client: random `q` values from one
client get a 429 with Retry-After, while cached pages still reach it and others search on."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
ATTACKER = "203.0.113.66"
# Frozen mid-minute: the budget's window cannot roll over during a test.
NOW = datetime.datetime(2026, 3, 2, 10, 15, 20, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def small_budget(settings):
    settings.SEARCHES_PER_MINUTE = 3
    with time_machine.travel(NOW, tick=False):
        yield


def search(client, q, address=ATTACKER, url=LIST_URL):
    return client.get(url, {"q": q}, REMOTE_ADDR=address)


def test_one_search_past_the_budget_is_refused_until_the_next_minute(client):
    OfferFactory(title="Stage concertation")
    for n in range(3):
        assert search(client, f"aleatoire{n}").status_code == 200
    refused = search(client, "aleatoire3")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    page = refused.content.decode()
    assert "Trop de recherches" in page and "Patientez une minute" in page
    # The feeds and exports run the same searches: the same budget.
    assert search(client, "aleatoire4", url=reverse("offers:feed-rss")).status_code == 429
    assert search(client, "aleatoire5", url=reverse("offers:export-csv")).status_code == 429
    with time_machine.travel(NOW + datetime.timedelta(seconds=40), tick=False):
        assert search(client, "aleatoire6").status_code == 200


def test_cached_pages_still_reach_the_client_and_other_clients_search_on(client):
    OfferFactory(title="Stage concertation")
    first = search(client, "concertation")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    for n in range(2):
        search(client, f"aleatoire{n}")
    assert search(client, "aleatoire2").status_code == 429
    # A stored page is served before the budget is even looked at.
    cached = search(client, "concertation")
    assert cached.status_code == 200 and cached["X-Page-Cache"] == "hit"
    assert client.get(LIST_URL, REMOTE_ADDR=ATTACKER).status_code == 200
    # Another client is not held back.
    assert search(client, "aleatoire3", address="198.51.100.9").status_code == 200


def test_addresses_of_one_ipv6_64_share_one_budget(client):
    for n in range(3):
        assert search(client, f"aleatoire{n}", address=f"2001:db8:5:6::{n + 1}").status_code == 200
    assert search(client, "aleatoire3", address="2001:db8:5:6::ffff").status_code == 429
    assert search(client, "aleatoire4", address="2001:db8:5:7::1").status_code == 200


def test_an_entry_with_nothing_to_search_costs_nothing(client):
    for n in range(5):
        assert search(client, "-" * (n + 1)).status_code == 200
