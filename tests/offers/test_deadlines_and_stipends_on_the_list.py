"""Closing soon, countdown, deadline sort, stipend badges and the monthly stipend filter."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer
from tests.factories import DeadlineFactory, OfferFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NOW = datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def with_deadline(days: int, **fields) -> Offer:
    offer = OfferFactory(published_at=None, **fields)
    DeadlineFactory(offer=offer, date=timezone.localdate() + datetime.timedelta(days=days))
    return offer


def cards(response) -> dict[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.select_one("h3 a").get_text(strip=True): card.get_text(" ", strip=True)
        for card in soup.select("article.offer-card")
    }


def test_closing_soon_filter_takes_deadlines_within_14_days(client):
    today = with_deadline(0, title="Aujourd'hui")
    fortnight = with_deadline(14, title="Quinze")
    with_deadline(15, title="Trop tard")
    with_deadline(-1, title="Close")
    response = client.get(LIST_URL, {"bientot": "on"})
    assert [offer.slug for offer in response.context["offers"]] == [today.slug, fortnight.slug]


def test_cards_show_closing_soon_and_a_countdown(client):
    with_deadline(0, title="Aujourd'hui")
    with_deadline(1, title="Demain")
    with_deadline(10, title="Dix")
    with_deadline(40, title="Quarante")
    with_deadline(-2, title="Close")
    text = cards(client.get(LIST_URL))
    assert "Clôture bientôt" in text["Aujourd'hui"] and "dernier jour" in text["Aujourd'hui"]
    assert "(il reste un jour)" in text["Demain"]
    assert "Clôture bientôt" in text["Dix"] and "(il reste 10 jours)" in text["Dix"]
    assert "Clôture bientôt" not in text["Quarante"] and "(il reste 40 jours)" in text["Quarante"]
    assert "Clôture bientôt" not in text["Close"] and "il reste" not in text["Close"]


def test_sort_by_deadline_puts_the_soonest_first(client):
    later = with_deadline(30)
    sooner = with_deadline(3)
    response = client.get(LIST_URL, {"sort": "date-limite"})
    assert [offer.slug for offer in response.context["offers"]] == [sooner.slug, later.slug]


def test_stipend_badges(client):
    with_deadline(20, title="Au-dessus", stipend_amount=Decimal("700"), stipend_unit="month")
    with_deadline(20, title="Minimum", stipend_amount=Decimal("4.50"), stipend_unit="hour")
    with_deadline(20, title="Muet")
    with_deadline(
        20,
        title="Civique",
        kind=Offer.Kind.SERVICE_CIVIQUE,
        stipend_amount=Decimal("620"),
        stipend_unit="month",
    )
    text = cards(client.get(LIST_URL))
    assert "700\u00a0€ par mois · au-dessus du minimum légal" in text["Au-dessus"]
    assert "(équivalent) · minimum légal" in text["Minimum"]
    assert "Gratification non précisée" in text["Muet"]
    assert "Indemnité de service civique\u00a0: 620\u00a0€ par mois" in text["Civique"]


def test_monthly_stipend_filter(client):
    hourly = with_deadline(20, stipend_amount=Decimal("4.50"), stipend_unit="hour")  # 682.50
    monthly = with_deadline(20, stipend_amount=Decimal("800"), stipend_unit="month")
    with_deadline(20)

    def slugs(value):
        response = client.get(LIST_URL, {"stipend": value})
        return {offer.slug for offer in response.context["offers"]}

    assert slugs("600") == {hourly.slug, monthly.slug}
    assert slugs("700") == {monthly.slug}
    assert slugs("precisee") == {hourly.slug, monthly.slug}
    assert client.get(LIST_URL, {"stipend": "-5"}).context["filter"].form.errors
