"""The signed links of the e-mails: confirm, unsubscribe, manage. Tampered or expired: a clear
message and no change."""

import datetime
import html

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts import tokens
from alerts.models import Frequency, Subscription

from .factories import SubscriptionFactory, UnconfirmedSubscriptionFactory

pytestmark = pytest.mark.django_db


def confirm_url(subscription):
    return reverse("alerts:confirm", args=[tokens.confirm_token(subscription)])


def unsubscribe_url(subscription):
    return reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription)])


def manage_url(email):
    return reverse("alerts:manage", args=[tokens.manage_token(email)])


def tampered(url: str) -> str:
    # Change one character of the signature.
    head, last = url.rstrip("/")[:-1], url.rstrip("/")[-1]
    return f"{head}{'A' if last != 'A' else 'B'}/"


def test_confirm_page_shows_a_button_and_the_search(client):
    subscription = UnconfirmedSubscriptionFactory(querystring="departement=35&q=eau")
    page = client.get(confirm_url(subscription)).content.decode()
    assert "Confirmer mon abonnement" in page
    assert "Département\u00a0: Ille-et-Vilaine" in page or "Département\u00a0: 35" in page
    assert "Mots-clés\u00a0: eau" in page
    assert '<meta name="robots" content="noindex">' in page
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_confirm_button_confirms_once(client):
    subscription = UnconfirmedSubscriptionFactory()
    response = client.post(confirm_url(subscription))
    assert response.status_code == 302
    assert response["Location"].startswith("/alertes/gerer/")
    subscription.refresh_from_db()
    first = subscription.confirmed_at
    assert first is not None
    assert "Votre alerte est confirmée" in client.get(response["Location"]).content.decode()
    client.post(confirm_url(subscription))
    subscription.refresh_from_db()
    assert subscription.confirmed_at == first


def test_confirm_needs_the_csrf_token_of_its_page():
    subscription = UnconfirmedSubscriptionFactory()
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(confirm_url(subscription)).status_code == 403
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_confirm_link_gets_a_message_and_changes_nothing(client, method):
    subscription = UnconfirmedSubscriptionFactory()
    response = getattr(client, method)(tampered(confirm_url(subscription)))
    assert response.status_code == 400
    assert "Ce lien n'est pas valide" in html.unescape(response.content.decode())
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_token_for_another_purpose_is_refused(client):
    subscription = UnconfirmedSubscriptionFactory()
    # An unsubscribe token is signed for unsubscribing only.
    url = reverse("alerts:confirm", args=[tokens.unsubscribe_token(subscription)])
    assert client.post(url).status_code == 400
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_an_expired_confirm_link_gets_a_message_and_changes_nothing(client):
    subscription = UnconfirmedSubscriptionFactory()
    url = confirm_url(subscription)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = client.post(url)
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_link_to_a_deleted_subscription_says_so(client):
    subscription = UnconfirmedSubscriptionFactory()
    url = confirm_url(subscription)
    subscription.delete()
    response = client.post(url)
    assert response.status_code == 404
    assert "Cet abonnement n'existe plus" in html.unescape(response.content.decode())


def test_unsubscribe_page_asks_before_deleting(client):
    subscription = SubscriptionFactory()
    page = client.get(unsubscribe_url(subscription))
    assert page.status_code == 200
    assert "Me désabonner" in page.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_one_click_unsubscribe_needs_no_cookie_nor_token():
    subscription = SubscriptionFactory(email="lea@example.org")
    other = SubscriptionFactory(email="lea@example.org", querystring="departement=69")
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe_url(subscription),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert list(Subscription.objects.all()) == [other]
    # A mail client may post twice.
    assert mail_client.post(unsubscribe_url(subscription)).status_code == 200


def test_a_tampered_unsubscribe_link_changes_nothing(client):
    subscription = SubscriptionFactory()
    response = client.post(tampered(unsubscribe_url(subscription)))
    assert response.status_code == 400
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_the_address_goes_with_its_last_subscription(client):
    subscription = SubscriptionFactory(email="lea@example.org")
    client.post(unsubscribe_url(subscription))
    assert not Subscription.objects.filter(email="lea@example.org").exists()


def test_manage_lists_the_address_subscriptions_only(client):
    mine = SubscriptionFactory(email="lea@example.org", querystring="q=eau")
    SubscriptionFactory(email="lea@example.org", querystring="departement=69")
    SubscriptionFactory(email="autre@example.org", querystring="q=secret")
    page = client.get(manage_url("lea@example.org")).content.decode()
    assert "lea@example.org" in page
    assert "Mots-clés\u00a0: eau" in page
    assert "Ille-et-Vilaine" not in page
    assert "secret" not in page
    assert f'name="id" value="{mine.pk}"' in page


def test_manage_changes_a_frequency(client):
    subscription = SubscriptionFactory(email="lea@example.org", frequency=Frequency.DAILY)
    url = manage_url("lea@example.org")
    data = {"action": "frequency", "id": subscription.pk, "frequency": "weekly"}
    response = client.post(url, data)
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.WEEKLY
    page = html.unescape(client.get(url).content.decode())
    assert "La fréquence de l'alerte a été modifiée" in page


def test_manage_refuses_an_unknown_frequency(client):
    subscription = SubscriptionFactory(email="lea@example.org", frequency=Frequency.DAILY)
    url = manage_url("lea@example.org")
    client.post(url, {"action": "frequency", "id": subscription.pk, "frequency": "hourly"})
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.DAILY
    assert "Choisissez une fréquence" in client.get(url).content.decode()


def test_manage_deletes_one_then_the_last_with_the_address(client):
    first = SubscriptionFactory(email="lea@example.org")
    second = SubscriptionFactory(email="lea@example.org", querystring="departement=69")
    url = manage_url("lea@example.org")
    assert client.post(url, {"action": "delete", "id": first.pk}).status_code == 302
    assert list(Subscription.objects.all()) == [second]
    response = client.post(url, {"action": "delete", "id": second.pk})
    assert "Adresse effacée" in response.content.decode()
    assert not Subscription.objects.exists()


def test_manage_deletes_everything(client):
    SubscriptionFactory(email="lea@example.org")
    SubscriptionFactory(email="lea@example.org", querystring="departement=69")
    kept = SubscriptionFactory(email="autre@example.org")
    response = client.post(manage_url("lea@example.org"), {"action": "delete-all"})
    assert "Adresse effacée" in response.content.decode()
    assert list(Subscription.objects.all()) == [kept]


def test_manage_cannot_touch_another_address(client):
    SubscriptionFactory(email="lea@example.org")
    other = SubscriptionFactory(email="autre@example.org")
    url = manage_url("lea@example.org")
    assert client.post(url, {"action": "delete", "id": other.pk}).status_code == 404
    assert client.post(url, {"action": "delete", "id": "nope"}).status_code == 404
    assert Subscription.objects.filter(pk=other.pk).exists()


def test_a_tampered_or_expired_manage_link_changes_nothing(client):
    subscription = SubscriptionFactory(email="lea@example.org")
    url = manage_url("lea@example.org")
    assert client.post(tampered(url), {"action": "delete-all"}).status_code == 400
    with time_machine.travel(timezone.now() + datetime.timedelta(days=61)):
        response = client.post(url, {"action": "delete-all"})
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_purge_deletes_unconfirmed_after_seven_days_and_is_idempotent():
    stale = UnconfirmedSubscriptionFactory()
    Subscription.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=7, minutes=1)
    )
    recent = UnconfirmedSubscriptionFactory()
    old_confirmed = SubscriptionFactory(created_at=timezone.now() - datetime.timedelta(days=90))
    call_command("purge_unconfirmed_alerts", verbosity=0)
    assert set(Subscription.objects.all()) == {recent, old_confirmed}
    call_command("purge_unconfirmed_alerts", verbosity=0)
    assert set(Subscription.objects.all()) == {recent, old_confirmed}
