"""Cards are cached under the board's version, and a search result's also under its search
(offers/caches.py)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers import caches
from offers.caches import card_fragments
from offers.highlights import MARK_START, MARK_STOP
from offers.search import Highlights
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def rendered():
    cache.clear()
    calls = []

    def card(offer, today, highlight=None):
        calls.append(offer.id)
        return f"{offer.title} {highlight.title if highlight else None}"

    return card, calls


def searched(text: str, *offers) -> Highlights:
    highlights = Highlights(text, caches.board_version())
    highlights.show(list(offers), annotated=False)
    return highlights


def test_a_search_results_card_is_rendered_once_for_its_search(rendered):
    card, calls = rendered
    offer = OfferFactory(title="Concertation de quartier")
    first = card_fragments([offer], 7, card, TODAY, searched("concertation", offer))
    again = searched("concertation", offer)
    assert card_fragments([offer], 7, card, TODAY, again) == first
    assert calls == [offer.id]
    assert f"{MARK_START}Concertation{MARK_STOP}" in first[offer.id]
    # The kept card was enough: the second search's highlights were never read.
    assert again.read is None


def test_other_searches_or_none_are_other_cards(rendered):
    card, calls = rendered
    offer = OfferFactory(title="Budget participatif de quartier")
    plain = card_fragments([offer], 7, card, TODAY)[offer.id]
    quartier = card_fragments([offer], 7, card, TODAY, searched("quartier", offer))[offer.id]
    budget = card_fragments([offer], 7, card, TODAY, searched("budget", offer))[offer.id]
    assert len({plain, quartier, budget}) == 3
    assert f"{MARK_START}Budget{MARK_STOP}" in budget and f"{MARK_START}quartier" not in budget
    assert calls == [offer.id] * 3


def test_a_search_reads_its_pages_highlights_in_one_query(django_assert_num_queries):
    offers = [OfferFactory(title=f"Concertation {n}") for n in range(3)]
    highlights = searched("concertation", *offers)
    with django_assert_num_queries(1):
        titles = [highlights.of(offer.id).title for offer in offers]
    assert titles == [f"{MARK_START}Concertation{MARK_STOP} {n}" for n in range(3)]


def test_a_search_shows_its_own_highlights_after_another(client):
    OfferFactory(title="Concertation et budget participatif")
    assert "<mark>Concertation</mark>" in client.get("/", {"q": "concertation"}).content.decode()
    html = client.get("/", {"q": "budget"}).content.decode()
    assert "<mark>budget</mark>" in html and "<mark>Concertation</mark>" not in html
    assert "<mark>" not in client.get("/").content.decode()


def test_a_search_shown_again_reads_no_highlight(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # each page built, not served whole
    OfferFactory(title="Concertation et budget participatif")
    with CaptureQueriesContext(connection) as first:
        client.get("/", {"q": "budget"})
    with CaptureQueriesContext(connection) as again:
        html = client.get("/", {"q": "budget"}).content.decode()
    assert "<mark>budget</mark>" in html
    headlines = [
        [q for q in run.captured_queries if "ts_headline" in q["sql"]] for run in (first, again)
    ]
    # Read with the page's offers the first time (offers.paging.page_offers), then kept.
    assert len(headlines[0]) == 1 and "offers_offer" in headlines[0][0]["sql"]
    assert headlines[1] == []
