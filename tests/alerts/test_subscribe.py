"""Subscribing from a list page: the answers, the limits, and what is (not) stored or sent."""

import html
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.http import QueryDict
from django.urls import reverse

from alerts.models import Frequency, Subscription
from alerts.searches import InvalidSearch, normalised_querystring
from mail.models import OutgoingEmail
from offers.facets import FACETS
from tests.factories import OrganisationFactory

from .conftest import committed, link_path, sweep_when_due, text_part
from .factories import SubscriptionFactory, UnconfirmedSubscriptionFactory

pytestmark = pytest.mark.django_db

URL = "/alertes/abonnement/"
SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
# What the page's form sends (the test client would send multipart, which is refused).
FORM = "application/x-www-form-urlencoded"


def subscribe(client, email="lea@example.org", search="departement=35", **headers):
    data = {"email": email, "frequency": "daily", "search": search}
    with committed():
        return client.post(URL, urlencode(data), FORM, **(headers or SAME_ORIGIN))


def test_it_asks_for_confirmation_and_stores_the_search(client):
    response = subscribe(client, email="  Lea@Example.org ", search="departement=35&page=2")
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:subscribed")
    subscription = Subscription.objects.get()
    assert subscription.email == "lea@example.org"
    assert subscription.querystring == "departement=35"
    assert subscription.frequency == Frequency.DAILY
    assert subscription.confirmed_at is None
    assert [message.to for message in mail.outbox] == [["lea@example.org"]]
    assert "/alertes/confirmer/" in mail.outbox[0].body
    # Through the site's outbox, like every e-mail.
    sent = OutgoingEmail.objects.get()
    assert (sent.recipients, sent.status) == (["lea@example.org"], OutgoingEmail.Status.SENT)


def test_the_page_after_says_nothing_about_the_address(client):
    page = client.get(reverse("alerts:subscribed"))
    assert "Vérifiez votre boîte e-mail" in page.content.decode()


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("", ""),
        ("page=3&sort=recentes", ""),
        ("region=&q=+eau+&departement=35", "departement=35&q=eau"),
        ("q=eau&q=air&kind=stage&unknown=1", "kind=stage&q=air"),
        # Several régions are alternatives: one subscription whatever their order.
        ("region=76&region=53&region=76", "region=53&region=76"),
    ],
)
def test_searches_are_normalised(raw, expected):
    assert normalised_querystring(raw) == expected


@pytest.mark.parametrize("raw", ["departement=999", "kind=cdi", "q=" + "x" * 300])
def test_a_search_the_list_would_refuse_is_refused(raw):
    with pytest.raises(InvalidSearch):
        normalised_querystring(raw)


def test_a_bad_search_gets_a_message_and_changes_nothing(client):
    response = subscribe(client, search="departement=999")
    assert response.status_code == 400
    assert "filtre invalide" in response.content.decode()
    assert not Subscription.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("address", ["pas-une-adresse", "lea@", "@example.org", "a b@example.org"])
def test_a_malformed_address_gets_a_message_and_changes_nothing(client, address):
    response = subscribe(client, email=address)
    assert response.status_code == 400
    page = response.content.decode()
    assert "n'est pas valide" in html.unescape(page)
    # The form comes back, open, with the search kept.
    assert 'name="search" value="departement=35"' in page
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_a_missing_address_gets_a_message(client):
    response = subscribe(client, email="")
    assert response.status_code == 400
    assert "Indiquez votre adresse e-mail" in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_X_NOTHING": "neither Origin nor Sec-Fetch-Site"},
    ],
)
def test_a_post_from_another_site_is_refused(client, headers):
    response = subscribe(client, **headers)
    assert response.status_code == 403
    assert "depuis une page de Participe" in response.content.decode()
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_a_same_origin_fetch_metadata_post_is_accepted(client):
    assert subscribe(client, HTTP_SEC_FETCH_SITE="same-origin").status_code == 302


def test_the_same_search_twice_is_one_subscription(client):
    subscribe(client)
    subscribe(client, email="LEA@example.org", search="departement=35&sort=recentes")
    assert Subscription.objects.count() == 1
    # Each request re-sends the confirmation (within the limit below).
    assert len(mail.outbox) == 2


def test_the_answer_is_the_same_for_an_address_already_subscribed(client):
    fresh = subscribe(client, email="nouvelle@example.org")
    SubscriptionFactory(email="ancienne@example.org", frequency=Frequency.WEEKLY)
    known = subscribe(client, email="ancienne@example.org")
    assert (known.status_code, known["Location"]) == (fresh.status_code, fresh["Location"])
    # The owner learns it by e-mail, and nothing changes without them.
    assert Subscription.objects.get(email="ancienne@example.org").frequency == Frequency.WEEKLY
    already = mail.outbox[-1]
    assert already.to == ["ancienne@example.org"]
    assert "/alertes/confirmer/" not in already.body
    assert "/alertes/gerer/" in already.body


def test_a_flood_for_one_address_is_stopped(client):
    answers = [subscribe(client, email="cible@example.org").status_code for _ in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    response = subscribe(client, email="cible@example.org", search="departement=69")
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert list(Subscription.objects.values_list("querystring", flat=True)) == ["departement=35"]


def test_a_flood_from_one_client_is_stopped(client):
    answers = [subscribe(client, email=f"personne{n}@example.org").status_code for n in range(12)]
    assert answers == [302] * 10 + [429] * 2
    assert Subscription.objects.count() == 10
    assert len(mail.outbox) == 10
    # Another client is not held back by this one.
    other = subscribe(client, email="autre@example.org", REMOTE_ADDR="192.0.2.9", **SAME_ORIGIN)
    assert other.status_code == 302


def test_the_language_of_the_page_is_the_language_of_the_emails(client):
    client.cookies["django_language"] = "en"
    subscribe(client)
    assert Subscription.objects.get().language == "en"
    assert mail.outbox[0].subject == "Participe: confirm your alert"


def test_a_refusing_mail_server_delays_the_confirmation_and_loses_nothing(client, smtp):
    smtp.refusing = True
    # The visitor gets the usual answer: the confirmation is queued, not yet sent.
    response = subscribe(client)
    assert (response.status_code, response["Location"]) == (302, reverse("alerts:subscribed"))
    assert Subscription.objects.get().email == "lea@example.org"
    email = OutgoingEmail.objects.get()
    assert (smtp.refused, smtp.messages) == (1, [])
    assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, 1)

    # The server accepts again; once the retry is due, the scheduler's sweeper sends it.
    smtp.refusing = False
    sweep_when_due(email)
    [message] = smtp.received("lea@example.org")
    assert len(smtp.messages) == 1
    assert link_path(text_part(message), "/alertes/confirmer/")
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405
    assert not Subscription.objects.exists()


def test_the_list_page_offers_the_form_and_stays_cacheable(client):
    first = client.get("/", {"departement": "35"})
    page = first.content.decode()
    assert 'action="/alertes/abonnement/"' in page
    assert 'type="email"' in page
    assert 'name="search" value="departement=35"' in page
    assert "csrfmiddlewaretoken" not in page
    assert client.get("/", {"departement": "35"})["X-Page-Cache"] == "hit"


def test_unconfirmed_subscriptions_get_nothing_else(client):
    UnconfirmedSubscriptionFactory()
    assert Subscription.objects.confirmed().count() == 0


def a_valid_value(facet) -> str:
    if facet.flag:
        return "on"
    if facet.name == "q":
        return "concertation"
    if facet.name == "debut":
        return "2027-03"
    if facet.name == "lieu":
        return "Villeurbanne"
    if facet.name == "organisation":
        return OrganisationFactory().slug
    return str(facet.values()[0])


def a_valid_companion_value(facet) -> str:
    # The radius of `lieu` is a number of km; the other companions are checkboxes.
    return "20" if facet.name == "lieu" else "on"


def test_every_parameter_of_the_list_survives_an_alerts_stored_search():
    # Enumerated from the facet spec: a new filter (or a companion box) is covered as declared.
    params = QueryDict(mutable=True)
    for facet in FACETS:
        params[facet.name] = a_valid_value(facet)
        if facet.companion:
            params[facet.companion[0]] = a_valid_companion_value(facet)
        # A retired parameter (an old link's) is still accepted: subscribing from it works.
        for name in facet.retired:
            params[name] = "on"
    stored = QueryDict(normalised_querystring(params.urlencode()))
    assert {name: stored.getlist(name) for name in stored} == {
        name: params.getlist(name) for name in params
    }
