"""What the templates (templates/jinja2/) must keep, whoever edits them: publishers' text
escaped, search highlights shown, each card linking to its offer, the date of publication."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from offers.models import Deadline, DeadlineKind, Offer
from tests.factories import ContactFactory, DeadlineFactory, OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_publishers_text_is_escaped_on_every_page(client):
    organisation = OrganisationFactory(name="<script>alert('o')</script>")
    offer = OfferFactory(
        title="<script>alert(1)</script>", city="<b>Lyon</b>", organisation=organisation
    )
    for url in (LIST_URL, offer.get_absolute_url(), organisation.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "&lt;script&gt;" in html
        assert "<b>Lyon</b>" not in html


def test_each_card_links_to_its_offer(client):
    offers = [OfferFactory(), OfferFactory()]
    soup = BeautifulSoup(client.get(LIST_URL).content, "html.parser")
    links = {a["href"] for a in soup.select(".offer-card__title a")}
    assert links == {offer.get_absolute_url() for offer in offers}


def test_search_results_show_their_highlights_escaped(client):
    OfferFactory(
        title="Concertation <em>citoyenne</em>",
        description="Animer la concertation <script>alert(1)</script> avec les habitants.",
    )
    html = client.get(LIST_URL, {"q": "concertation"}).content.decode()
    assert "<mark>Concertation</mark>" in html
    assert "<script>alert" not in html and "<em>citoyenne" not in html


def test_the_offer_page_shows_its_facts_and_rendered_description(client):
    offer = OfferFactory(description="## Missions\n\n- Animer des **ateliers**")
    soup = BeautifulSoup(client.get(offer.get_absolute_url()).content, "html.parser")
    assert soup.select_one("h1").get_text() == offer.title
    prose = soup.select_one(".prose")
    assert prose.select_one("h3").get_text() == "Missions"
    assert prose.select_one("li strong").get_text() == "ateliers"


def test_cached_cards_follow_every_change(client):
    offer = OfferFactory(title="Avant")
    assert "Avant" in client.get(LIST_URL).content.decode()
    offer.title = "Après"
    offer.save()
    assert "Après" in client.get(LIST_URL).content.decode()
    # A bulk update sends no signal: the board's version still moves on.
    type(offer).objects.filter(pk=offer.pk).update(title="En masse")
    assert "En masse" in client.get(LIST_URL).content.decode()
    # An organisation renamed moves the board's version too (a trigger, as for the offers).
    offer.organisation.name = "Nouveau nom"
    offer.organisation.save()
    assert "Nouveau nom" in client.get(LIST_URL).content.decode()


def test_the_cached_offer_article_follows_every_change(client):
    """The article is cached per offer (offers/offer_page.py): every change shows at once."""
    offer = OfferFactory(title="Avant")
    url = offer.get_absolute_url()

    def article() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return BeautifulSoup(response.content, "html.parser").select_one("article.offer").text

    assert "Avant" in article() and "Contact non précisé" in article()
    offer.title = "Après"
    offer.save()
    assert "Après" in article()
    Offer.objects.filter(pk=offer.pk).update(title="En masse")
    assert "En masse" in article()
    contact = ContactFactory(organisation=offer.organisation, name="Inès Roux")
    offer.contacts.add(contact)
    assert "Inès Roux" in article()
    contact.name = "Inès Blanc"
    contact.save()
    assert "Inès Blanc" in article()
    start = DeadlineFactory(offer=offer, kind=DeadlineKind.START, wording="à la rentrée")
    assert "à la rentrée" in article()
    # A bulk write sends no signal: on PostgreSQL the trigger that keeps the copy of the
    # application deadline touches the offers, which moves the board's version on.
    Deadline.objects.filter(pk=start.pk).update(wording="en janvier")
    assert "en janvier" in article()
    offer.organisation.name = "Nouveau nom"
    offer.organisation.save()
    assert "Nouveau nom" in article()


def test_the_cached_offer_article_is_cached_per_language(client, settings):
    offer = OfferFactory()

    def facts_title() -> str:
        soup = BeautifulSoup(client.get(offer.get_absolute_url()).content, "html.parser")
        return soup.select_one("#facts-title").get_text()

    assert facts_title() == "L'essentiel"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert facts_title() == "Key facts"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert facts_title() == "L'essentiel"


def test_the_cached_offer_article_counts_down_from_today(client, monkeypatch):
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    offer = DeadlineFactory(date=deadline).offer
    assert "(il reste 3 jours)" in client.get(offer.get_absolute_url()).content.decode()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert "(il reste 2 jours)" in client.get(offer.get_absolute_url()).content.decode()


def test_the_organisation_page_cards_follow_every_change(client):
    offer = OfferFactory(title="Avant")
    url = offer.organisation.get_absolute_url()
    assert "Avant" in client.get(url).content.decode()
    Offer.objects.filter(pk=offer.pk).update(title="En masse")
    assert "En masse" in client.get(url).content.decode()


def test_the_unfiltered_form_follows_the_board(client):
    OfferFactory(kind="stage")
    first = BeautifulSoup(client.get(LIST_URL).content, "html.parser")
    assert first.select_one("label[for=id_kind_0]").get_text() == "Stage (1)"
    OfferFactory(kind="stage")
    again = BeautifulSoup(client.get(LIST_URL).content, "html.parser")
    assert again.select_one("label[for=id_kind_0]").get_text() == "Stage (2)"


def test_the_filter_form_shows_no_empty_error_lists(client):
    OfferFactory()
    for params in ({}, {"kind": "stage"}):
        html = client.get(LIST_URL, params).content.decode()
        assert "[]" not in html
