"""The start filter tells the truth (issue 26): an offer that states no start is kept when a
month is chosen, the list says how many such offers it holds, and a box leaves them out; an
offer that gives only its start month starts in that month. The list (the board index) and
the feeds' and alerts' filtering (the database) agree on each of these."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from offers import board
from offers.models import Offer
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NOW = datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC)
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def frozen_clock(time_machine, settings):
    settings.PAGE_CACHE_SECONDS = 0
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def starts():
    OfferFactory(slug="august", start_date=datetime.date(2027, 8, 31))
    OfferFactory(slug="september-day", start_date=datetime.date(2027, 9, 15))
    OfferFactory(slug="september-month", start_month=datetime.date(2027, 9, 1))
    OfferFactory(slug="august-month", start_month=datetime.date(2027, 8, 1))
    OfferFactory(
        slug="both", start_date=datetime.date(2027, 10, 2), start_month=datetime.date(2027, 10, 1)
    )
    OfferFactory(slug="unsaid", start_date=None, start_month=None)
    OfferFactory(slug="unsaid-too", start_date=None, start_month=None, kind=Offer.Kind.ALTERNANCE)


def listed(client, query: str) -> set[str]:
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    return {offer.slug for offer in response.context["offers"]}


def matched(query: str) -> set[str]:
    """What feeds, exports and alerts select: the database's answer."""
    return set(board.matching(board.read(query)).values_list("slug", flat=True))


def both(client, query: str) -> set[str]:
    on_the_list = listed(client, query)
    assert on_the_list == matched(query), query
    return on_the_list


def soup_of(client, query: str) -> BeautifulSoup:
    return BeautifulSoup(client.get(f"{LIST_URL}?{query}").content, "html.parser")


def test_a_start_month_alone_is_a_start_in_that_month(client, starts):
    assert both(client, "debut=2027-09&avec_debut=on") == {
        "september-day",
        "september-month",
        "both",
    }
    assert both(client, "debut=2027-10&avec_debut=on") == {"both"}
    assert both(client, "debut=2027-08&avec_debut=on") == {
        "august",
        "august-month",
        "september-day",
        "september-month",
        "both",
    }


def test_offers_that_state_no_start_are_kept_unless_left_out(client, starts):
    assert both(client, "debut=2027-09") == {
        "september-day",
        "september-month",
        "both",
        "unsaid",
        "unsaid-too",
    }
    # The box alone keeps the offers that say when they start, whatever the month.
    assert both(client, "avec_debut=on") == {
        "august",
        "august-month",
        "september-day",
        "september-month",
        "both",
    }


def test_an_old_link_that_asked_for_offers_without_a_start_lists_what_the_list_lists(
    client, starts
):
    assert both(client, "debut=2027-09&sans_debut=on") == both(client, "debut=2027-09")
    assert both(client, "sans_debut=on") == both(client, "") == matched("")
    # Nothing in it is a mistake: no message, no chip for it.
    page = soup_of(client, "debut=2027-09&sans_debut=on")
    assert not page.select(".field--error")
    assert [chip.get_text(" ", strip=True) for chip in page.select(".chip")] == [
        f"Début à partir de{NBSP}: septembre 2027 × (retirer ce filtre)"
    ]


def test_the_list_says_how_many_offers_state_no_start_beside_the_box(client, starts):
    page = soup_of(client, "debut=2027-09")
    box = page.select_one("#id_avec_debut")
    assert box is not None and not box.has_attr("checked")
    assert page.select_one(f"label[for={box['id']}]").get_text() == (
        "Seulement les offres dont le début est précisé"
    )
    help_text = page.select_one(f"#{box['aria-describedby']}").get_text()
    assert help_text == "2 offres sans date de début parmi ces résultats"
    # Among the results: the other filters count, the month does not leave them out.
    one = soup_of(client, "debut=2027-09&kind=alternance")
    assert one.select_one("#id_avec_debut_help").get_text() == (
        "1 offre sans date de début parmi ces résultats"
    )


def test_leaving_them_out_says_how_many_and_shows_a_chip_that_brings_them_back(client, starts):
    page = soup_of(client, "debut=2027-09&avec_debut=on")
    assert page.select_one("#id_avec_debut").has_attr("checked")
    assert page.select_one("#id_avec_debut_help").get_text() == (
        "2 offres sans date de début laissées de côté"
    )
    chips = {chip.get_text(" ", strip=True): chip["href"] for chip in page.select(".chip")}
    assert chips == {
        f"Début à partir de{NBSP}: septembre 2027 × (retirer ce filtre)": "?",
        f"Seulement les offres dont le début est précisé{NBSP}: oui × (retirer ce filtre)": (
            "?debut=2027-09"
        ),
    }


def test_english_says_it_too(client, starts):
    client.cookies["django_language"] = "en"
    page = soup_of(client, "debut=2027-09&avec_debut=on")
    box = page.select_one("#id_avec_debut")
    assert page.select_one(f"label[for={box['id']}]").get_text() == (
        "Only offers that state when they start"
    )
    assert page.select_one("#id_avec_debut_help").get_text() == (
        "2 offers with no start date left out"
    )
