"""Offers near a town: `lieu` and `rayon`, the widening, the remote group, distances on cards,
and the same filter in feeds, exports and the ORM."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from offers import board
from offers.models import Offer, RemoteWork
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NOW = datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(time_machine, settings):
    settings.PAGE_CACHE_SECONDS = 0
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def around_lyon():
    return {
        "villeurbanne": OfferFactory(slug="villeurbanne", city="Villeurbanne", postal_code="69100"),
        "vienne": OfferFactory(slug="vienne", city="Vienne", postal_code="38200"),
        "grenoble": OfferFactory(slug="grenoble", city="Grenoble", postal_code="38000"),
    }


def listed(client, query: str):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    return response, [offer.slug for offer in response.context["offers"]]


def test_an_offer_gets_its_communes_position_when_saved(around_lyon):
    villeurbanne = Offer.objects.get(slug="villeurbanne")
    assert villeurbanne.latitude == pytest.approx(45.766, abs=0.01)
    assert villeurbanne.longitude == pytest.approx(4.88, abs=0.01)
    assert not villeurbanne.position_approximate
    # Moved: located again.
    villeurbanne.city, villeurbanne.postal_code = "Grenoble", "38000"
    villeurbanne.save()
    villeurbanne.refresh_from_db()
    assert villeurbanne.latitude == pytest.approx(45.18, abs=0.01)
    abroad = OfferFactory(city="Bruxelles", postal_code="1000", country="BE")
    assert abroad.latitude is None
    unknown = OfferFactory(city="", postal_code="")
    assert unknown.latitude is None


def test_a_30_km_search_around_lyon_holds_villeurbanne_and_vienne_not_grenoble(client, around_lyon):
    response, slugs = listed(client, "lieu=Lyon&rayon=30")
    assert set(slugs) == {"villeurbanne", "vienne"}
    # Sorted by distance by default: the nearest first.
    assert slugs == ["villeurbanne", "vienne"]
    page = BeautifulSoup(response.content, "html.parser")
    distances = [li.get_text() for li in page.select(".offer-distance")]
    assert distances == ["3\u00a0km", "25\u00a0km"]
    assert "Offres à moins de 30 km de Lyon (69)" in page.select_one(".near-notice").get_text()
    assert page.select_one("#id_lieu")["value"] == "Lyon"


def test_by_postal_code_69001_the_same(client, around_lyon):
    _response, slugs = listed(client, "lieu=69001&rayon=30")
    assert slugs == ["villeurbanne", "vienne"]


def test_the_default_radius_is_30_km(client, around_lyon):
    _response, slugs = listed(client, "lieu=Lyon")
    assert set(slugs) == {"villeurbanne", "vienne"}
    _response, slugs = listed(client, "lieu=Lyon&rayon=10")
    assert slugs == ["villeurbanne"]
    _response, slugs = listed(client, "lieu=Lyon&rayon=100")
    assert slugs == ["villeurbanne", "vienne", "grenoble"]


def test_with_nothing_near_the_list_widens_by_20_km_steps_and_says_so(client, around_lyon):
    response, slugs = listed(client, "lieu=Voiron&rayon=10")
    # Voiron is about 23 km from Grenoble: 10 → 30 km.
    assert slugs == ["grenoble"]
    notice = BeautifulSoup(response.content, "html.parser").select_one(".near-notice").get_text()
    assert "Aucune offre à moins de 10 km de Voiron (38)" in notice
    assert "élargie à 30 km" in notice


def test_with_nothing_within_100_km_the_list_says_so(client, around_lyon):
    response, slugs = listed(client, "lieu=Brest")
    assert slugs == []
    notice = BeautifulSoup(response.content, "html.parser").select_one(".near-notice").get_text()
    assert "Aucune offre à moins de 100 km de Brest (29)" in notice


def test_a_fully_remote_offer_shows_in_its_own_group(client, around_lyon):
    OfferFactory(slug="remote", city="Brest", postal_code="29200", remote=RemoteWork.FULL)
    OfferFactory(slug="partly", city="Brest", postal_code="29200", remote=RemoteWork.POSSIBLE)
    response, slugs = listed(client, "lieu=Lyon&rayon=30")
    assert slugs == ["villeurbanne", "vienne", "remote"]
    page = BeautifulSoup(response.content, "html.parser")
    heading = page.select_one("h3.offer-group")
    assert heading.get_text() == "Entièrement à distance"
    remote_list = heading.find_next_sibling("ol")
    assert [a.get_text() for a in remote_list.select(".offer-card__title a")] == [
        Offer.objects.get(slug="remote").title
    ]
    # Near Brest, the same offer is near: in the first group, with its distance.
    response, slugs = listed(client, "lieu=Brest&rayon=30")
    assert slugs == ["partly", "remote"] or slugs == ["remote", "partly"]
    assert BeautifulSoup(response.content, "html.parser").select_one("h3.offer-group") is None


def test_an_approximate_position_is_written_approximately(client):
    # Paris' arrondissements have no place of their own in GeoNames: Paris' centre stands in.
    OfferFactory(slug="paris-15", city="Paris", postal_code="75015")
    response, slugs = listed(client, "lieu=Versailles&rayon=30")
    assert slugs == ["paris-15"]
    distance = BeautifulSoup(response.content, "html.parser").select_one(".offer-distance")
    assert distance.get_text().startswith("≈\u00a0")


def test_sorting_by_distance_is_offered_only_near_a_town(client, around_lyon):
    response, _slugs = listed(client, "")
    options = BeautifulSoup(response.content, "html.parser").select("#id_sort option")
    assert "distance" not in [o["value"] for o in options]
    response, _slugs = listed(client, "lieu=Lyon")
    options = BeautifulSoup(response.content, "html.parser").select("#id_sort option")
    assert "distance" in [o["value"] for o in options]
    # Asked for without a town: the default order, no error.
    response, slugs = listed(client, "sort=distance")
    assert len(slugs) == 3


def test_other_sorts_keep_the_near_offers_first(client, around_lyon):
    OfferFactory(slug="remote", city="Brest", postal_code="29200", remote=RemoteWork.FULL)
    _response, slugs = listed(client, "lieu=Lyon&sort=recentes")
    assert slugs[-1] == "remote"
    assert set(slugs[:2]) == {"villeurbanne", "vienne"}


def test_an_alert_describes_and_keeps_the_town_and_radius():
    from alerts.searches import describe_search, normalised_querystring

    stored = normalised_querystring("rayon=20&lieu=69100&page=2")
    assert stored == "lieu=69100&rayon=20"
    assert describe_search(stored) == ["Près de : Villeurbanne (69), 20 km"]


@pytest.mark.parametrize(
    "query, message",
    [
        # French typography (offers.typography): non-breaking spaces inside the quotes.
        ("lieu=Atlantide", "Aucune commune ne s'appelle «\u00a0Atlantide\u00a0»"),
        ("lieu=Lyon&rayon=abc", "Saisissez une distance en kilomètres"),
        ("lieu=Lyon&rayon=0", "au moins 1 km"),
        ("lieu=Lyon&rayon=5000", "200 km"),
    ],
)
def test_bad_values_get_a_message_not_an_error(client, around_lyon, query, message):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").select_one(".form-errors").get_text()
    assert message in errors


def test_the_chip_names_the_commune_and_removes_the_radius_with_it(client, around_lyon):
    response, _slugs = listed(client, "lieu=villeurbanne&rayon=20")
    chips = response.context["active_filters"]
    chip = next(chip for chip in chips if chip.name == "lieu")
    assert chip.value == "Villeurbanne (69), 20 km"
    assert chip.remove_url == "?"


def matching_offers(query: str):
    return board.matching(board.read(query))


def test_feeds_exports_and_stored_searches_take_lieu_and_rayon(client, around_lyon):
    OfferFactory(slug="remote", city="Brest", postal_code="29200", remote=RemoteWork.FULL)
    found = {o.slug for o in matching_offers("lieu=Lyon&rayon=30")}
    assert found == {"villeurbanne", "vienne", "remote"}
    found = {o.slug for o in matching_offers("lieu=69001&rayon=10")}
    assert found == {"villeurbanne", "remote"}
    exported = json.loads(client.get(reverse("offers:export-json") + "?lieu=Lyon&rayon=30").content)
    assert exported["count"] == 3
    rss = client.get(reverse("offers:feed-rss") + "?lieu=Lyon&rayon=30").content.decode()
    assert Offer.objects.get(slug="vienne").title in rss
    assert Offer.objects.get(slug="grenoble").title not in rss


def test_the_index_and_the_database_agree_on_who_is_near(client, around_lyon):
    for city, postal_code in [("Lyon", "69003"), ("Bron", "69500"), ("Annecy", "74000")]:
        OfferFactory(city=city, postal_code=postal_code)
    for query in ["lieu=Lyon&rayon=5", "lieu=38200&rayon=50", "lieu=Chambery&rayon=100"]:
        _response, slugs = listed(client, query)
        in_database = {o.slug for o in matching_offers(query)}
        assert set(slugs) == in_database, query


def test_suggestions_as_one_types(client):
    response = client.get(reverse("offers:communes") + "?q=villeur")
    assert response.status_code == 200
    assert response.json()["communes"][0]["label"] == "Villeurbanne (69)"
    assert response.json()["communes"][0]["postal_codes"] == ["69100"]
    assert "max-age=86400" in response["Cache-Control"]
    assert client.get(reverse("offers:communes") + "?q=v").json() == {"communes": []}
    assert client.get(reverse("offers:communes")).json() == {"communes": []}
    assert client.post(reverse("offers:communes")).status_code == 405


def test_the_seed_offers_are_located_though_loaded_raw(seed):
    located = Offer.objects.filter(latitude__isnull=False)
    assert located.filter(city="Lyon").exists()
    assert located.count() >= Offer.objects.filter(country="FR").exclude(city="").count() - 1


def test_the_data_migration_locates_existing_offers(around_lyon):
    Offer.objects.update(latitude=None, longitude=None)
    from importlib import import_module

    from django.apps import apps

    migration = import_module("offers.migrations.0007_offer_position_full_remote")
    migration.locate_offers(apps, None)
    assert not Offer.objects.filter(latitude__isnull=True).exists()


def test_the_synthetic_board_is_located():
    call_command("seed_synthetic", "--offers", "50", "--seed", "3", verbosity=0)
    assert Offer.objects.count() >= 50
    assert Offer.objects.filter(latitude__isnull=False).count() >= 45
