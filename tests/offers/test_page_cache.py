"""The anonymous page cache: fast for visitors, never stale, never someone else's page."""

import gzip

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.urls import reverse

from offers import caches, page_cache
from offers.models import Deadline, Offer
from organisations.models import Contact, Organisation
from tests.factories import ContactFactory, DeadlineFactory, OfferFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")


def test_second_anonymous_visit_is_served_without_a_query(
    client, settings, monkeypatch, django_assert_num_queries
):
    settings.BOARD_VERSION_SECONDS = 60
    # No version read by an earlier test (another database state) is within the minute.
    monkeypatch.setattr(caches, "last_read", caches.LastRead(None, float("-inf")))
    OfferFactory(title="Stage concertation")
    first = client.get(LIST_URL)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(LIST_URL)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_each_query_string_is_its_own_page(client):
    OfferFactory(kind="stage", title="Un stage")
    OfferFactory(kind="service_civique", title="Un service civique")
    client.get(LIST_URL, {"kind": "stage"})
    civic = client.get(LIST_URL, {"kind": "service_civique"}).content.decode()
    assert "Un service civique" in civic and "Un stage" not in civic


@pytest.mark.parametrize(
    "change",
    [
        lambda offer: setattr(offer, "title", "Titre corrigé") or offer.save(),
        lambda offer: DeadlineFactory(offer=offer),
        lambda offer: offer.organisation.save(),
        lambda offer: offer.delete(),
    ],
    ids=["offer edited", "deadline added", "organisation edited", "offer deleted"],
)
def test_any_change_to_what_pages_show_drops_them(client, change):
    offer = OfferFactory(title="Titre initial")
    client.get(LIST_URL)
    client.get(offer.get_absolute_url())
    change(offer)
    response = client.get(LIST_URL)
    assert response["X-Page-Cache"] == "miss"


def test_an_edited_offer_shows_its_new_title_at_once(client):
    offer = OfferFactory(title="Titre initial")
    assert "Titre initial" in client.get(offer.get_absolute_url()).content.decode()
    offer.title = "Titre corrigé"
    offer.save()
    assert "Titre corrigé" in client.get(offer.get_absolute_url()).content.decode()


def test_signed_in_visitors_neither_read_nor_fill_the_cache(client):
    OfferFactory()
    client.force_login(User.objects.create_user("moderatrice", is_staff=True))
    signed_in = client.get(LIST_URL)
    assert "X-Page-Cache" not in signed_in
    client.logout()
    assert client.get(LIST_URL)["X-Page-Cache"] == "miss"


def test_the_french_only_site_gives_every_language_the_same_french_page(client):
    # LANGUAGES holds French alone: the key still names the language, for the day it is not.
    OfferFactory()
    french = client.get(LIST_URL, headers={"accept-language": "fr"})
    english = client.get(LIST_URL, headers={"accept-language": "en"})
    assert english["X-Page-Cache"] == "hit"
    assert english.content == french.content
    assert 'lang="fr"' in english.content.decode()


def test_missing_pages_are_not_cached(client):
    assert client.get(reverse("offers:detail", args=["inconnue"])).status_code == 404
    assert client.get(reverse("offers:detail", args=["inconnue"])).status_code == 404


def test_turned_off_with_zero_seconds(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    OfferFactory()
    assert "X-Page-Cache" not in client.get(LIST_URL)


def fake_clock(monkeypatch) -> list[float]:
    """The clock the page cache measures the version's age with, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(caches, "monotonic", lambda: now[0])
    monkeypatch.setattr(caches, "last_read", caches.LastRead(None, float("-inf")))
    return now


def test_a_stored_page_is_looked_up_under_a_version_at_most_that_old(client, settings, monkeypatch):
    settings.BOARD_VERSION_SECONDS = 1
    now = fake_clock(monkeypatch)
    offer = OfferFactory(title="Avant")
    assert client.get(LIST_URL)["X-Page-Cache"] == "miss"
    # A bulk write sends no signal: the database's trigger moves the version all the same.
    Offer.objects.filter(pk=offer.pk).update(title="Après")
    within = client.get(LIST_URL)
    assert within["X-Page-Cache"] == "hit" and "Avant" in within.content.decode()
    now[0] += 1
    after = client.get(LIST_URL)
    assert after["X-Page-Cache"] == "miss" and "Après" in after.content.decode()


def test_while_the_database_is_unreachable_stored_pages_keep_their_version(
    client, settings, monkeypatch
):
    settings.BOARD_VERSION_SECONDS = 1
    now = fake_clock(monkeypatch)
    OfferFactory()
    assert client.get(LIST_URL)["X-Page-Cache"] == "miss"
    assert client.get(LIST_URL)["X-Page-Cache"] == "hit"
    now[0] += 60

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(caches, "board_version", unreachable)
    assert client.get(LIST_URL)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "write",
    [
        lambda offer: Deadline.objects.filter(offer=offer).update(wording="fin mars"),
        lambda offer: Organisation.objects.filter(pk=offer.organisation_id).update(name="Autre"),
        lambda offer: Contact.objects.filter(pk=offer.contacts.get().pk).update(name="Léa"),
        lambda offer: offer.contacts.clear(),
    ],
    ids=["deadline", "organisation", "contact", "offer's contacts"],
)
def test_every_write_to_what_pages_show_moves_the_version(write):
    offer = OfferFactory()
    DeadlineFactory(offer=offer)
    offer.contacts.add(ContactFactory(organisation=offer.organisation))
    before = caches.board_version()
    write(offer)
    assert caches.board_version() != before


def test_a_cached_page_gets_a_fresh_csp_header_and_carries_no_nonce(client):
    OfferFactory()
    first = client.get(LIST_URL)
    second = client.get(LIST_URL)
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert "nonce" not in second.content.decode()


def test_a_page_that_used_the_csp_nonce_is_never_stored(client, monkeypatch):
    from offers.views import OfferDetailView

    offer = OfferFactory()
    original = OfferDetailView.get_context_data

    def with_nonce(self, **kwargs):
        context = original(self, **kwargs)
        context["nonce"] = str(self.request.csp_nonce)
        return context

    monkeypatch.setattr(OfferDetailView, "get_context_data", with_nonce)
    for _ in range(2):
        response = client.get(offer.get_absolute_url())
        # Its nonce is in this response's header only: the page is built again each time.
        assert "X-Page-Cache" not in response
        assert "'nonce-" in response["Content-Security-Policy"]


def test_a_page_is_not_shared_between_hosts(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "autre.example"]
    OfferFactory()
    client.get(LIST_URL)
    other = client.get(LIST_URL, headers={"host": "autre.example"})
    assert other["X-Page-Cache"] == "miss"
    assert "http://autre.example/" in other.content.decode()


def test_facet_counts_follow_a_change_for_signed_in_visitors_too(client):
    OfferFactory(kind="stage")
    client.force_login(User.objects.create_user("moderatrice", is_staff=True))
    assert "Stage (1)" in client.get(LIST_URL).content.decode()
    OfferFactory(kind="stage")
    assert "Stage (2)" in client.get(LIST_URL).content.decode()


def test_a_visitor_served_from_the_cache_can_switch_language():
    from django.test import Client

    OfferFactory(title="Stage concertation")
    # Checks on, as in production: a shared page cannot carry one visitor's CSRF token.
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(LIST_URL)
    assert second.get(LIST_URL)["X-Page-Cache"] == "hit"
    response = second.post(
        reverse("set_language"), {"language": "en", "next": f"{LIST_URL}?kind=stage"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?kind=stage"
    english = second.get(f"{LIST_URL}?kind=stage")
    assert english["Content-Language"] == "en"
    assert 'lang="en"' in english.content.decode()


# Issue 13, item 14: only normalised addresses with the view's own parameters are stored.


def test_an_unknown_parameter_is_answered_but_never_stored(client):
    OfferFactory(title="Stage concertation")
    for n in range(3):
        response = client.get(LIST_URL, {"utm_source": f"campagne-{n}"})
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert client.get(LIST_URL, {"kind": "stage", "junk": "1"}).get("X-Page-Cache") is None


def test_the_same_parameters_in_another_order_share_one_entry(client):
    OfferFactory(kind="stage", city="Lyon", title="Un stage")
    assert client.get(f"{LIST_URL}?kind=stage&sort=recentes")["X-Page-Cache"] == "miss"
    assert client.get(f"{LIST_URL}?sort=recentes&kind=stage")["X-Page-Cache"] == "hit"


def test_an_offer_page_with_any_query_string_is_not_stored(client):
    offer = OfferFactory()
    assert client.get(offer.get_absolute_url(), {"x": "1"}).get("X-Page-Cache") is None
    assert client.get(offer.get_absolute_url())["X-Page-Cache"] == "miss"


def test_pages_are_stored_compressed_in_a_bounded_cache_of_their_own(client, settings):
    from django.core.cache import caches

    OfferFactory(title="Stage concertation")
    response = client.get(LIST_URL)
    assert response["X-Page-Cache"] == "miss"
    stored = caches["pages"].get(page_cache.page_key(response.wsgi_request))
    assert stored is not None
    # A list page of 45 KB takes a few KB: thousands of them stay within a few tens of MB.
    assert len(stored[2]) * 3 < len(response.content)
    assert settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"] == settings.PAGE_CACHE_ENTRIES


def test_browsers_get_the_stored_page_gzipped_and_other_clients_get_it_plain(client):
    OfferFactory(title="Stage concertation")
    first = client.get(LIST_URL)
    assert first["X-Page-Cache"] == "miss" and "Content-Encoding" not in first
    browser = client.get(LIST_URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert browser["X-Page-Cache"] == "hit" and browser["Content-Encoding"] == "gzip"
    assert gzip.decompress(browser.content) == first.content
    assert int(browser["Content-Length"]) == len(browser.content) < len(first.content) / 3
    plain = client.get(LIST_URL, HTTP_ACCEPT_ENCODING="identity")
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    assert plain.content == first.content
    # One address, two encodings: a shared cache must not give one client the other's.
    for response in (first, browser, plain):
        assert "Accept-Encoding" in response["Vary"]


# Issue 27, item 11: the quality values of Accept-Encoding are honoured, not just the word.
@pytest.mark.parametrize(
    "header, gzipped",
    [
        ("gzip;q=0", False),
        ("gzip; q=0.000, deflate", False),
        ("GZIP;Q=0", False),
        ("br, gzip;q=0, *;q=1", False),
        ("*;q=0", False),
        ("identity", False),
        ("identity;q=1, *;q=0", False),
        ("gzip;q=nonsense", False),
        ("", False),
        ("*", True),
        ("gzip;q=0.5, identity;q=1", True),
        ("Gzip", True),
        ("x-gzip", True),
        ("br;q=1, *;q=0.1", True),
        ("gzip;q=0, x-gzip;q=0, *", False),
    ],
)
def test_a_stored_page_is_gzipped_only_for_a_client_that_gives_gzip_a_quality(
    client, header, gzipped
):
    OfferFactory(title="Stage concertation")
    first = client.get(LIST_URL)
    hit = client.get(LIST_URL, HTTP_ACCEPT_ENCODING=header)
    assert hit["X-Page-Cache"] == "hit"
    assert (hit.get("Content-Encoding") == "gzip") is gzipped
    assert (gzip.decompress(hit.content) if gzipped else hit.content) == first.content


def test_a_stored_page_is_answered_before_the_view_with_every_security_header(client, monkeypatch):
    from offers.views import OfferListView

    OfferFactory(title="Stage concertation")
    first = client.get(LIST_URL)

    def no_view(*args, **kwargs):
        raise AssertionError("a stored page reaches no view")

    # CachedPageMiddleware answers before URL resolution, CSRF, authentication and the view.
    monkeypatch.setattr(OfferListView, "get", no_view)
    hit = client.get(LIST_URL)
    assert hit["X-Page-Cache"] == "hit" and hit.content == first.content
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Cross-Origin-Resource-Policy",
        "Content-Language",
    ):
        assert hit[header] == first[header], header
    assert hit["Content-Length"] == str(len(first.content))
    assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in hit["Vary"].split(",")}
    # An address no view stored is never found: junk parameters reach the view (and fail here).
    with pytest.raises(AssertionError, match="reaches no view"):
        client.get(LIST_URL, {"utm_source": "x"})


# Issue 13, item 3: the cache is retired once the change is committed, not before.


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visitor_between_a_change_and_its_commit_does_not_keep_the_old_page():
    import threading

    from django.db import connection, transaction
    from django.test import Client

    from offers import workflow
    from tests.factories import moderator as make_moderator

    offer = OfferFactory(title="Offre bientôt archivée")
    moderator = make_moderator()
    url = offer.get_absolute_url()
    archived = threading.Event()
    visited = threading.Event()
    errors = []

    def archive_in_another_connection():
        try:
            with transaction.atomic():
                workflow.apply(offer, "archive", by=moderator)
                archived.set()
                # The visit happens while the archive is written but not committed.
                visited.wait(timeout=30)
        except Exception as error:  # reported to the test below
            errors.append(error)
            archived.set()
        finally:
            connection.close()

    visitor = Client()
    thread = threading.Thread(target=archive_in_another_connection)
    thread.start()
    assert archived.wait(timeout=30)
    during = visitor.get(url)
    visited.set()
    thread.join(timeout=30)
    assert not errors
    # Before the commit the visitor rightly saw the published offer...
    assert during.status_code == 200
    # ...and after it, nobody does: the page stored in between is not served.
    after = visitor.get(url)
    assert after.status_code == 404


def test_several_values_of_one_filter_are_cached_under_all_of_them(client):
    OfferFactory(kind="stage", city="Rennes", department_code="35", title="À Rennes")
    OfferFactory(kind="stage", city="Rouen", department_code="76", title="À Rouen")
    both = client.get(f"{LIST_URL}?region=53&region=28")
    assert both["X-Page-Cache"] == "miss"
    # The same choice in another order is the same page; one région alone is another page.
    assert client.get(f"{LIST_URL}?region=28&region=53")["X-Page-Cache"] == "hit"
    alone = client.get(f"{LIST_URL}?region=53")
    assert alone["X-Page-Cache"] == "miss"
    assert "À Rouen" in both.content.decode() and "À Rouen" not in alone.content.decode()


def test_a_one_value_parameter_given_twice_is_answered_but_never_stored(client):
    response = client.get(f"{LIST_URL}?sort=recentes&sort=date-limite")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
