"""RSS and Atom for any search, parsed back with feedparser."""

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer
from tests.factories import (
    DeadlineFactory,
    DraftOfferFactory,
    OfferFactory,
    RejectedOfferFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def offers(db):
    return {
        "old": OfferFactory(title="Concertation ancienne", published_at=days_ago(20)),
        "new": OfferFactory(title="Concertation récente", published_at=days_ago(1)),
        "civic": OfferFactory(
            title="Mission climat", kind=Offer.Kind.SERVICE_CIVIQUE, published_at=days_ago(5)
        ),
        "draft": DraftOfferFactory(title="Concertation brouillon"),
        "rejected": RejectedOfferFactory(title="Concertation refusée"),
    }


@pytest.mark.parametrize("name", ["offers:feed-rss", "offers:feed-atom"])
def test_feed_lists_published_offers_newest_first(client, offers, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    links = [entry.link for entry in feed.entries]
    expected = [offers[key].get_absolute_url() for key in ("new", "civic", "old")]
    assert [link.removeprefix("http://testserver") for link in links] == expected
    assert feed.entries[0].title == f"{offers['new'].title} – {offers['new'].organisation.name}"
    assert feed.entries[0].published_parsed[:3] == offers["new"].published_at.utctimetuple()[:3]


@pytest.mark.parametrize("name", ["offers:feed-rss", "offers:feed-atom"])
def test_feed_follows_the_search(client, offers, name):
    response = client.get(reverse(name), {"q": "concertation", "kind": "stage"})
    feed = feedparser.parse(response.content)
    titles = {entry.title.split(" – ")[0] for entry in feed.entries}
    assert titles == {"Concertation ancienne", "Concertation récente"}
    assert "q=concertation" in feed.feed.link


def test_list_page_announces_its_feeds_for_discovery(client, offers):
    response = client.get(reverse("offers:list"), {"kind": "stage", "page": 1})
    soup = BeautifulSoup(response.content, "html.parser")
    alternates = {link["type"]: link["href"] for link in soup.select("head link[rel=alternate]")}
    assert alternates["application/rss+xml"] == reverse("offers:feed-rss") + "?kind=stage"
    assert alternates["application/atom+xml"] == reverse("offers:feed-atom") + "?kind=stage"
    assert alternates["text/calendar"] == reverse("offers:search-ics") + "?kind=stage"
    feed = feedparser.parse(client.get(alternates["application/rss+xml"]).content)
    assert len(feed.entries) == 2


@pytest.mark.parametrize(
    "params",
    [{"q": "x" * 10_000}, {"q": "\x00"}, {"departement": "999"}, {"q": '"-!&|'}, {"kind": "cdi"}],
)
def test_bad_input_still_gives_a_valid_feed(client, offers, params):
    for name in ("offers:feed-rss", "offers:feed-atom"):
        response = client.get(reverse(name), params)
        assert response.status_code == 200
        assert not feedparser.parse(response.content).bozo


# Issue 13, item 5: publisher values are text in the feeds, never markup a reader would render.

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize("name", ["offers:feed-rss", "offers:feed-atom"])
def test_publisher_values_are_escaped_in_the_feeds_html(client, name):
    from tests.factories import OrganisationFactory

    OfferFactory(
        title=f"Stage {PAYLOAD}",
        city=PAYLOAD,
        stipend_wording=PAYLOAD,
        organisation=OrganisationFactory(name=f"Asso {PAYLOAD}"),
    )
    response = client.get(reverse(name))
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    # The HTML a reader renders shows the payload as text: no element, the words intact.
    summary = BeautifulSoup(entry.summary, "html.parser")
    assert summary.find("img") is None
    assert PAYLOAD in summary.get_text()
    # Titles and authors are declared plain text: readers show them as they are.
    assert entry.title_detail.type == "text/plain"
    assert PAYLOAD in entry.title
    assert PAYLOAD in entry.author


# Each item says what a card says; the channel is titled after the search; rel=self keeps it.


@pytest.mark.parametrize("name", ["offers:feed-rss", "offers:feed-atom"])
def test_items_hold_organisation_place_deadline_and_stipend(client, name):
    from decimal import Decimal

    from tests.factories import DeadlineFactory, OrganisationFactory

    offer = OfferFactory(
        title="Stage climat",
        organisation=OrganisationFactory(name="Mairie de Lyon"),
        city="Lyon",
        department_code="69",
        stipend_amount=Decimal("700"),
        stipend_unit="month",
        published_at=days_ago(3),
    )
    DeadlineFactory(offer=offer, date=datetime.date(2031, 3, 1))
    feed = feedparser.parse(client.get(reverse(name)).content)
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    text = BeautifulSoup(entry.summary, "html.parser").get_text(" ")
    assert "Structure : Mairie de Lyon" in text
    assert "Lieu : Lyon (69)" in text
    assert "Date limite de candidature : 1er mars 2031" in text
    assert "Gratification : 700 € par mois" in text
    assert entry.published_parsed[:3] == offer.published_at.utctimetuple()[:3]


@pytest.mark.parametrize("name", ["offers:feed-rss", "offers:feed-atom"])
def test_seed_items_are_dated_by_their_publication_not_by_their_loading(client, seed, name):
    feed = feedparser.parse(client.get(reverse(name)).content)
    assert not feed.bozo, feed.get("bozo_exception")
    dated = {entry.link.rsplit("/", 2)[-2]: entry.get("published_parsed") for entry in feed.entries}
    # The one posting that states its publication ("Offre publiée le 01/12/2025") is dated so;
    # the postings that state none have no publication date rather than the loading day.
    assert dated["mediation-reusages-eau-living-labs-woc"][:3] == (2025, 12, 1)
    today = timezone.now().utctimetuple()[:3]
    assert all(value is None or value[:3] != today for value in dated.values())


@pytest.mark.parametrize("name", ["offers:feed-rss", "offers:feed-atom"])
def test_the_channel_is_titled_after_the_search_and_links_itself_with_it(client, offers, name):
    response = client.get(reverse(name), {"q": "concertation", "kind": "stage", "page": "2"})
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.startswith("Participe – ")
    assert "Mots-clés : concertation" in feed.feed.title and "Stage" in feed.feed.title
    selves = [link.href for link in feed.feed.links if link.rel == "self"]
    assert len(selves) == 1
    self_url = selves[0]
    assert self_url.startswith("http://testserver" + reverse(name) + "?")
    assert "q=concertation" in self_url and "kind=stage" in self_url and "page" not in self_url
    # The link reads back as the same feed.
    again = feedparser.parse(client.get(self_url.removeprefix("http://testserver")).content)
    assert [entry.link for entry in again.entries] == [entry.link for entry in feed.entries]
    plain = feedparser.parse(client.get(reverse(name)).content)
    assert plain.feed.title == "Participe : offres de stage et de service civique"


# Each item's description is cached under the board's version (offers/fragments.py): it must
# follow every change an item shows.


def summary_text(client, name) -> str:
    feed = feedparser.parse(client.get(reverse(name)).content)
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    return BeautifulSoup(entry.summary, "html.parser").get_text(" ")


@pytest.mark.parametrize("name", ["offers:feed-rss", "offers:feed-atom"])
def test_a_deadline_without_a_date_is_given_in_the_postings_words(client, name):
    DeadlineFactory(offer=OfferFactory(), date=None, wording="fin mars")
    assert "Date limite de candidature : « fin mars »" in summary_text(client, name)


@pytest.mark.parametrize("name", ["offers:feed-rss", "offers:feed-atom"])
def test_cached_descriptions_follow_the_organisation_and_the_deadline(client, name):
    offer = OfferFactory(organisation__name="Mairie de Lyon")
    deadline = DeadlineFactory(offer=offer, date=None, wording="fin mars")
    assert "Structure : Mairie de Lyon" in summary_text(client, name)
    offer.organisation.name = "Métropole de Lyon"
    offer.organisation.save()
    deadline.wording = "mi-avril"
    deadline.save()
    text = summary_text(client, name)
    assert "Structure : Métropole de Lyon" in text
    assert "« mi-avril »" in text
    deadline.date = datetime.date(2031, 3, 1)
    deadline.save()
    assert "Date limite de candidature : 1er mars 2031" in summary_text(client, name)


def test_descriptions_are_in_the_language_of_the_request(client, settings):
    OfferFactory(kind=Offer.Kind.SERVICE_CIVIQUE)
    assert "Indemnité : non précisée" in summary_text(client, "offers:feed-rss")
    # The language switcher's cookie: the English description is another fragment.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Allowance: not stated" in summary_text(client, "offers:feed-rss")
