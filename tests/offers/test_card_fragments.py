"""Cards are cached under the board's version, and a search result's also under its highlights
(offers/caches.py)."""

import datetime

import pytest
from django.core.cache import cache

from offers.caches import card_fragments
from offers.highlights import MARK_START, MARK_STOP
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def rendered():
    cache.clear()
    calls = []

    def card(offer, today):
        calls.append(offer.id)
        return f"{offer.title} {getattr(offer, 'title_highlight', None)}"

    return card, calls


def highlighted(offer, word: str):
    offer.title_highlight = f"{MARK_START}{word}{MARK_STOP} {offer.title}"
    offer.description_highlight = None
    return offer


def test_a_search_results_card_is_rendered_once_for_its_highlights(rendered):
    card, calls = rendered
    offer = highlighted(OfferFactory(), "concertation")
    first = card_fragments([offer], 7, card, TODAY)
    assert card_fragments([offer], 7, card, TODAY) == first
    assert calls == [offer.id]


def test_other_highlights_or_none_are_other_cards(rendered):
    card, calls = rendered
    offer = OfferFactory()
    plain = card_fragments([offer], 7, card, TODAY)[offer.id]
    quartier = card_fragments([highlighted(offer, "quartier")], 7, card, TODAY)[offer.id]
    budget = card_fragments([highlighted(offer, "budget")], 7, card, TODAY)[offer.id]
    assert len({plain, quartier, budget}) == 3
    assert "budget" in budget and "quartier" not in budget
    assert calls == [offer.id] * 3


def test_a_search_shows_its_own_highlights_after_another(client):
    OfferFactory(title="Concertation et budget participatif")
    assert "<mark>Concertation</mark>" in client.get("/", {"q": "concertation"}).content.decode()
    html = client.get("/", {"q": "budget"}).content.decode()
    assert "<mark>budget</mark>" in html and "<mark>Concertation</mark>" not in html
    assert "<mark>" not in client.get("/").content.decode()
