"""Issue 26: "Créer une alerte" beside the count on every list, the organisation page's too.

The list's `organisation` filter (offers/by_organisation.py) selects one organisation's offers;
the organisation page links its alert, feeds and calendar to it. The list (the board index) and
what feeds and alerts select (the database) agree on it."""

import datetime
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from alerts.matching import offers_matching
from alerts.models import Subscription
from alerts.searches import describe_search
from offers import board
from offers.models import Offer
from tests.alerts.conftest import committed
from tests.factories import OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def rennes():
    return OrganisationFactory(name="Ville de Rennes", slug="ville-de-rennes")


@pytest.fixture
def offers(rennes):
    OfferFactory(organisation=rennes, slug="rennes-stage", kind=Offer.Kind.STAGE)
    OfferFactory(organisation=rennes, slug="rennes-civique", kind=Offer.Kind.SERVICE_CIVIQUE)
    OfferFactory(slug="ailleurs", kind=Offer.Kind.STAGE)


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def listed(client, query: str) -> set[str]:
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    on_the_list = {offer.slug for offer in response.context["offers"]}
    # What feeds, calendars, exports and alerts select: the database's answer.
    assert on_the_list == set(board.matching(board.read(query)).values_list("slug", flat=True))
    return on_the_list


def test_the_organisation_page_has_créer_une_alerte_beside_its_count(client, rennes, offers):
    page = soup(client.get(rennes.get_absolute_url()))
    bar = page.select_one(".results__bar")
    assert bar.select_one(".results__count").get_text() == "2 offres de cette structure"
    assert bar.select_one(".results__count .visually-hidden").get_text() == " de cette structure"
    alert = bar.select_one("a.results__alert")
    assert alert.get_text() == "Créer une alerte"
    assert alert["href"] == "#alerte"
    form = page.select_one("form#alerte")
    assert form["action"] == reverse("alerts:subscribe")
    assert form.select_one("input[name=search]")["value"] == "organisation=ville-de-rennes"
    # It follows the organisation, not a search "with its keywords and filters".
    intro = form.select_one("p").get_text()
    assert intro.startswith("Les nouvelles offres de cette structure, sans créer de compte.")
    assert "mots-clés" not in intro
    # Its feeds too, as the list has them.
    feeds = {link["href"] for link in page.select("p.subscribe a")}
    assert f"{reverse('offers:feed-rss')}?organisation=ville-de-rennes" in feeds
    assert f"{reverse('offers:search-ics')}?organisation=ville-de-rennes" in feeds
    assert f"{LIST_URL}?organisation=ville-de-rennes" in feeds
    assert page.select_one("link[type='application/rss+xml']")["href"].endswith(
        "?organisation=ville-de-rennes"
    )


def test_an_alert_created_from_the_organisation_page_matches_only_its_offers(
    client, rennes, offers
):
    page = soup(client.get(rennes.get_absolute_url()))
    search = page.select_one("form#alerte input[name=search]")["value"]
    data = {"email": "lea@example.org", "frequency": "daily", "search": search}
    with committed():
        response = client.post(
            reverse("alerts:subscribe"),
            urlencode(data),
            "application/x-www-form-urlencoded",
            HTTP_ORIGIN="http://testserver",
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.querystring == "organisation=ville-de-rennes"
    since = timezone.now() - datetime.timedelta(days=30)
    matched = set(offers_matching(subscription.querystring, since).values_list("slug", flat=True))
    assert matched == {"rennes-stage", "rennes-civique"}
    # Its e-mails and pages say which search it is, as the chips do (typography comes later).
    assert describe_search(subscription.querystring) == ["Organisation : Ville de Rennes"]


def test_the_list_filtered_by_organisation_shows_its_offers_and_a_chip(client, rennes, offers):
    assert listed(client, "organisation=ville-de-rennes") == {"rennes-stage", "rennes-civique"}
    assert listed(client, "organisation=ville-de-rennes&kind=stage") == {"rennes-stage"}
    page = soup(client.get(LIST_URL, {"organisation": "ville-de-rennes", "kind": "stage"}))
    chips = {chip.get_text(" ", strip=True): chip["href"] for chip in page.select("a.chip")}
    assert chips[f"Organisation{NBSP}: Ville de Rennes × (retirer ce filtre)"] == "?kind=stage"
    # Not drawn as a field, but kept when the form is sent again with another filter.
    kept = page.select("form#recherche input[type=hidden][name=organisation]")
    assert [field["value"] for field in kept] == ["ville-de-rennes"]
    assert page.select("form#recherche label[for=id_organisation]") == []
    assert page.select_one("form#alerte input[name=search]")["value"] == (
        "organisation=ville-de-rennes&kind=stage"
    )


def test_the_other_filters_count_within_the_organisation(client, rennes, offers):
    response = client.get(LIST_URL, {"organisation": "ville-de-rennes"})
    kind = dict(response.context["form"].fields["kind"].choices)
    assert kind[Offer.Kind.STAGE] == f"{Offer.Kind.STAGE.label} (1)"
    assert "organisation" not in response.context["form"].fields["kind"].choices


@pytest.mark.parametrize("slug", ["plus-la", "Pas un slug !", "é" * 150])
def test_an_unknown_organisation_is_a_notice_and_no_offer(client, offers, slug):
    response = client.get(LIST_URL, {"organisation": slug})
    page = soup(response)
    assert list(response.context["offers"]) == []
    assert board.matching(board.read(urlencode({"organisation": slug}))).count() == 0
    notice = page.select_one("form#recherche [role=status]").get_text()
    assert "Aucune structure ne correspond" in notice
    assert "Retirez ce filtre" in notice
    assert page.select_one("a.chip")["href"] == "?"


def test_a_slug_too_long_is_refused_with_a_message(client, offers):
    response = client.get(LIST_URL, {"organisation": "x" * 201})
    page = soup(response)
    assert page.select_one(".form-errors[role=alert]") is not None
    assert page.select("form#recherche input[name=organisation]") == []


def test_feeds_calendars_and_exports_take_the_organisation(client, rennes, offers):
    for name in ("offers:feed-rss", "offers:feed-atom", "offers:export-csv", "offers:export-json"):
        response = client.get(reverse(name), {"organisation": "ville-de-rennes"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "rennes-stage" in body and "ailleurs" not in body, name


def test_an_organisation_without_offers_is_known(client, offers):
    OrganisationFactory(name="Maison de quartier", slug="maison-de-quartier")
    page = soup(client.get(LIST_URL, {"organisation": "maison-de-quartier"}))
    assert page.select_one("form#recherche [role=status]") is None
    assert "Maison de quartier" in page.select_one("a.chip").get_text()
