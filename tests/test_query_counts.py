"""Every public page and the admin list run a fixed number of queries, whatever the data size.

Pages are asked for with the page cache off (settings.PAGE_CACHE_SECONDS = 0), so these count
the work of building a page; the cache is tested in tests/offers/test_page_cache.py.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from offers.models import Deadline, Offer, OfferStatus
from organisations.roles import make_moderator
from tests.factories import ContactFactory, DeadlineFactory, OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_SIZE = 2


def board(offers: int, organisation=None):
    """Offers that each bring their own organisation, contacts and deadlines: N+1 would show."""
    made = []
    for _ in range(offers):
        offer = OfferFactory(organisation=organisation or OrganisationFactory())
        DeadlineFactory(offer=offer)
        DeadlineFactory(offer=offer, kind="interviews")
        offer.contacts.add(ContactFactory(organisation=offer.organisation), ContactFactory())
        made.append(offer)
    return made


@pytest.mark.parametrize("offers", [3, 25])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "stage", "org_kind": "association", "departement": "69"},
        {"q": "concertation", "status": "ouvertes", "sort": "recentes"},
        {"q": "concertation", "page": "2"},
        {"page": "2"},
    ],
    ids=["list", "list, 3 filters", "keywords and status", "keywords by relevance", "page 2"],
)
def test_list(client, django_assert_num_queries, offers, params):
    board(offers)
    closed = board(offers)
    Deadline.objects.filter(offer__in=closed).update(date=datetime.date(2020, 1, 1))
    # The board's version; the board index, read again since the board changed
    # (offers/board_index.py); a search's matches, and their ranks when sorted by relevance;
    # then the page's offers with their organisations, by id (with a search's highlights).
    searched = ("q" in params) + ("q" in params and "sort" not in params)
    with django_assert_num_queries(3 + searched):
        response = client.get(reverse("offers:list"), params)
    assert response.status_code == 200
    assert len(response.context["offers"]) > 0
    # Until the board changes again, the index is current, and so are the search's matches and
    # ranks (offers/search.py keeps them per board version) and its cards (offers/caches.py):
    # the version and the page.
    with django_assert_num_queries(2):
        again = client.get(reverse("offers:list"), params)
    assert [o.pk for o in again.context["offers"]] == [o.pk for o in response.context["offers"]]


@pytest.mark.parametrize("offers", [3, 25])
def test_list_of_one_organisation(client, django_assert_num_queries, offers):
    organisation = OrganisationFactory()
    board(offers, organisation=organisation)
    board(offers)
    params = {"organisation": organisation.slug, "kind": "stage"}
    # The list's three, and the organisation its slug names (offers/by_organisation.py), asked
    # only when the filter is used, once: the form drawn with the counts is the search's own.
    with django_assert_num_queries(3 + 1):
        response = client.get(reverse("offers:list"), params)
    assert {offer.organisation_id for offer in response.context["offers"]} == {organisation.pk}
    with django_assert_num_queries(2 + 1):
        client.get(reverse("offers:list"), params)
    with django_assert_num_queries(QUERIES_BY_PAGE["offers:feed-rss"] + 1):
        assert client.get(reverse("offers:feed-rss"), params).status_code == 200


@pytest.mark.parametrize("offers", [3, 25])
@pytest.mark.parametrize(
    "name, params",
    [
        ("offers:feed-rss", {}),
        ("offers:feed-atom", {"q": "concertation", "kind": "stage"}),
        ("offers:search-ics", {"region": "84"}),
        ("offers:export-csv", {"status": "ouvertes"}),
        ("offers:export-json", {"q": "concertation"}),
    ],
)
def test_feeds_calendars_and_exports(client, django_assert_num_queries, offers, name, params):
    board(offers)
    expected = QUERIES_BY_PAGE[name]
    if "q" in params:
        # Keywords read the board's version, with which the search's equivalences go
        # (offers/vocabulary.py): once per request (offers/caches.py).
        expected += 1
    with django_assert_num_queries(expected):
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    if name.startswith("offers:feed"):
        # The items' descriptions, now cached, are read back, not read from more rows.
        with django_assert_num_queries(expected):
            again = client.get(reverse(name), params)
        assert again.content == response.content


# A calendar: the offers with their organisation, then their deadlines (its events). A feed:
# the offers with their organisation, application deadline's wording and stated publication day
# (offers/publication.py), and the board's version (their descriptions are cached under it,
# offers/caches.py). An export: the offers with all that a row says.
QUERIES_BY_PAGE = {
    "offers:feed-rss": 1,
    "offers:feed-atom": 1,
    "offers:search-ics": 2,
    "offers:export-csv": 1,
    "offers:export-json": 1,
}


def test_one_offer_calendar(client, django_assert_num_queries):
    offer = board(1)[0]
    with django_assert_num_queries(2):
        response = client.get(reverse("offers:detail-ics", args=[offer.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("contacts", [1, 6])
def test_offer(client, django_assert_num_queries, contacts):
    offer = OfferFactory()
    DeadlineFactory(offer=offer)
    offer.contacts.add(*ContactFactory.create_batch(contacts))
    # The offer with its organisation and the board's version, then for the article not cached
    # yet its deadlines and its contacts with their organisations (offers/offer_page.py):
    # three queries, whatever their number; one once the article is cached.
    with django_assert_num_queries(3):
        response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    with django_assert_num_queries(1):
        again = client.get(offer.get_absolute_url())
    assert again.content == response.content


@pytest.mark.parametrize("offers", [3, 25])
def test_organisation(client, django_assert_num_queries, offers):
    organisation = OrganisationFactory()
    board(offers, organisation=organisation)
    # The organisation, a count, a page of its offers, the board's version (its cards are
    # kept under it, offers/caches.py).
    with django_assert_num_queries(4):
        response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200


@pytest.fixture
def moderator(client):
    user = User.objects.create_user("moderatrice")
    make_moderator(user)
    client.force_login(user)
    return user


@pytest.mark.parametrize("offers", [3, 25])
def test_admin_offer_list(client, moderator, django_assert_num_queries, offers):
    board(offers)
    # Waiting offers: the queue computes its signals for each (offers.checks.queue_signals).
    Offer.objects.update(status=OfferStatus.SUBMITTED, published_at=None)
    # Session, user, permissions, the page of offers with their organisation, a bounded count
    # instead of the full one (show_full_result_count = False), and the signals' contacts (the
    # deadline and the other titles of each offer's organisation come with the page).
    with django_assert_num_queries(7):
        response = client.get(reverse("admin:offers_offer_changelist"))
    assert response.status_code == 200
