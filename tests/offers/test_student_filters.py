"""What each filter means to a student: several values, overlapping durations, "open to my
level", a start month, freshness, places named in the search box, région and département."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.http import QueryDict
from django.urls import reverse

from offers import board
from offers.models import EducationLevel, Offer
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NOW = datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(time_machine, settings):
    settings.PAGE_CACHE_SECONDS = 0
    time_machine.move_to(NOW, tick=False)


def listed(client, query: str) -> set[str]:
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    # The whole list: one page is enough for these boards.
    assert not response.context["page_obj"].has_next()
    return {offer.slug for offer in response.context["offers"]}


def test_repeating_a_parameter_is_or_within_a_filter_and_across_filters_and(client):
    OfferFactory(slug="lyon-stage", department_code="69", kind=Offer.Kind.STAGE)
    OfferFactory(slug="rennes-stage", department_code="35", postal_code="35000")
    OfferFactory(
        slug="rennes-sc",
        department_code="35",
        postal_code="35000",
        kind=Offer.Kind.SERVICE_CIVIQUE,
    )
    OfferFactory(slug="montpellier-stage", department_code="34", postal_code="34000")
    assert listed(client, "region=53&region=76") == {
        "rennes-stage",
        "rennes-sc",
        "montpellier-stage",
    }
    assert listed(client, "region=53&region=76&kind=stage") == {"rennes-stage", "montpellier-stage"}
    assert listed(client, "kind=stage&kind=service_civique") == {
        "lyon-stage",
        "rennes-stage",
        "rennes-sc",
        "montpellier-stage",
    }
    # A saved link with one value still works.
    assert listed(client, "region=84") == {"lyon-stage"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("duration=court", {"two-three", "one"}),
        ("duration=moyen", {"two-three", "four-six"}),
        ("duration=long", {"four-six", "twelve-open"}),
        ("duration=tres-long", {"twelve-open"}),
        ("duration=court&duration=tres-long", {"two-three", "one", "twelve-open"}),
    ],
)
def test_an_offer_is_in_every_duration_bucket_its_range_overlaps(client, query, expected):
    OfferFactory(slug="two-three", duration_min_months=2, duration_max_months=3)
    OfferFactory(slug="one", duration_min_months=1, duration_max_months=None)
    OfferFactory(slug="four-six", duration_min_months=4, duration_max_months=6)
    OfferFactory(slug="twelve-open", duration_min_months=5, duration_max_months=12)
    OfferFactory(slug="unknown", duration_min_months=None, duration_max_months=None)
    assert listed(client, query) == expected


def test_a_level_finds_the_offers_open_to_it(client):
    for level in ["", *EducationLevel.values]:
        OfferFactory(slug=f"level-{level or 'blank'}", education_level=level)
    assert listed(client, "level=bac4") == {
        "level-blank",
        "level-none",
        "level-bac",
        "level-bac2",
        "level-bac3",
        "level-bac4",
    }
    assert listed(client, "level=bac") == {"level-blank", "level-none", "level-bac"}


def test_the_start_month_and_the_offers_that_do_not_say(client):
    OfferFactory(slug="february", start_date=datetime.date(2027, 2, 28))
    OfferFactory(slug="march", start_date=datetime.date(2027, 3, 1))
    OfferFactory(slug="september", start_date=datetime.date(2027, 9, 15))
    OfferFactory(slug="unsaid", start_date=None)
    # An offer that does not say when it starts may start then: kept, unless left out.
    assert listed(client, "debut=2027-03") == {"march", "september", "unsaid"}
    assert listed(client, "debut=2027-03&avec_debut=on") == {"march", "september"}
    # Alone, the box leaves out the offers that do not say.
    assert listed(client, "avec_debut=on") == {"february", "march", "september"}


def test_a_bad_start_month_is_reported_and_the_rest_still_applies(client):
    OfferFactory(slug="stage", kind=Offer.Kind.STAGE)
    OfferFactory(slug="sc", kind=Offer.Kind.SERVICE_CIVIQUE)
    response = client.get(LIST_URL, {"debut": "mars", "kind": "stage"})
    assert response.status_code == 200
    assert "AAAA-MM" in response.content.decode()
    assert [offer.slug for offer in response.context["offers"]] == ["stage"]


@pytest.mark.parametrize(
    ("days", "expected"),
    [("1", {"hours"}), ("7", {"hours", "week"}), ("30", {"hours", "week", "month"})],
)
def test_freshness(client, days, expected):
    OfferFactory(slug="hours", published_at=NOW - datetime.timedelta(hours=5))
    OfferFactory(slug="week", published_at=NOW - datetime.timedelta(days=6))
    OfferFactory(slug="month", published_at=NOW - datetime.timedelta(days=29))
    OfferFactory(slug="old", published_at=NOW - datetime.timedelta(days=45))
    assert listed(client, f"depuis={days}") == expected


def test_every_card_says_when_the_offer_was_published(client):
    OfferFactory(published_at=NOW - datetime.timedelta(days=3))
    soup = BeautifulSoup(client.get(LIST_URL).content, "html.parser")
    assert "publiée il y a 3 jours" in soup.select_one(".offer-card").get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Bretagne", {"rennes"}),
        ("Hérault", {"montpellier"}),
        ("herault", {"montpellier"}),
        ("34", {"montpellier"}),
        ("Lyon", {"lyon"}),
        ("Île-de-France", {"paris"}),
        ("Occitanie", {"montpellier"}),
    ],
)
def test_keywords_that_name_a_place_find_the_offers_there(client, words, expected):
    OfferFactory(slug="rennes", city="Rennes", department_code="35", postal_code="35000")
    OfferFactory(slug="montpellier", city="Montpellier", department_code="34", postal_code="")
    OfferFactory(slug="lyon", city="Lyon", department_code="69")
    OfferFactory(slug="paris", city="Paris", department_code="75", postal_code="75011")
    query = QueryDict(mutable=True)
    query["q"] = words
    assert listed(client, query.urlencode()) == expected


def test_a_moved_offer_is_found_at_its_new_place(client):
    offer = OfferFactory(slug="moved", city="", department_code="29", postal_code="")
    assert listed(client, "q=Finistère") == {"moved"}
    offer.department_code = "34"
    offer.save()
    assert listed(client, "q=Finistère") == set()
    assert listed(client, "q=Hérault") == {"moved"}


def test_a_region_narrows_the_departements_offered(client):
    OfferFactory(department_code="35", postal_code="35000")
    soup = BeautifulSoup(client.get(LIST_URL, {"region": "53"}).content, "html.parser")
    offered = {box["value"] for box in soup.select("input[name=departement]")}
    assert offered == {"22", "29", "35", "56"}
    everywhere = BeautifulSoup(client.get(LIST_URL).content, "html.parser")
    assert len(everywhere.select("input[name=departement]")) == 101


def test_a_contradictory_region_and_departement_say_so(client):
    OfferFactory(department_code="75", postal_code="75011")
    response = client.get(f"{LIST_URL}?region=53&departement=75")
    assert response.status_code == 200
    assert response.context["paginator"].count == 0
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Le département Paris (75) n'est dans aucune des régions choisies" in text
    # Agreeing places say nothing.
    agreeing = client.get(f"{LIST_URL}?region=11&departement=75")
    assert agreeing.context["paginator"].count == 1
    assert "aucune des régions choisies" not in agreeing.content.decode()


def test_each_chosen_value_is_a_chip_that_removes_it_alone(client):
    OfferFactory(department_code="35", postal_code="35000")
    response = client.get(f"{LIST_URL}?region=53&region=76&kind=stage")
    chips = {chip.value: chip.remove_url for chip in response.context["active_filters"]}
    assert chips["Bretagne"] == "?region=76&kind=stage"
    assert chips["Occitanie"] == "?region=53&kind=stage"


@pytest.mark.parametrize(
    "query",
    [
        "region=99",
        "duration=eternel",
        "level=bac12",
        "depuis=2",
        "debut=2027-13",
        "kind=stage&kind=nope",
        "departement=2C%00",
    ],
)
def test_bad_values_get_the_forms_message_never_a_500(client, query):
    OfferFactory()
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert 'role="alert"' in response.content.decode()


def test_matching_offers_turns_a_stored_query_string_into_offers():
    rennes = OfferFactory(department_code="35", postal_code="35000")
    OfferFactory(department_code="69")
    assert list(board.matching(board.read(QueryDict("region=53&duration=long")))) == [rennes]
    assert board.matching(board.read(QueryDict(""))).count() == 2
