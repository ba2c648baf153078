"""send_alerts: what a digest holds, when none is sent, and how a failure is retried."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from alerts import emails
from alerts.models import Frequency
from tests.factories import DeadlineFactory, DraftOfferFactory, OfferFactory
from tests.hardening.servers import free_port

from .factories import SubscriptionFactory, UnconfirmedSubscriptionFactory

pytestmark = pytest.mark.django_db

AN_HOUR = datetime.timedelta(hours=1)


def confirmed_an_hour_ago(**fields):
    return SubscriptionFactory(confirmed_at=timezone.now() - AN_HOUR, **fields)


def rennes(**fields):
    fields.setdefault("city", "Rennes")
    return OfferFactory(postal_code="35000", department_code="35", **fields)


def send(frequency="daily"):
    call_command("send_alerts", "--frequency", frequency, verbosity=0)


def test_a_digest_gives_each_offer_its_facts_and_links(site_url):
    confirmed_an_hour_ago(email="lea@example.org")
    offer = rennes(
        title="Stage médiation scientifique",
        stipend_amount=Decimal("700"),
        stipend_unit="month",
    )
    DeadlineFactory(offer=offer, date=datetime.date(2027, 3, 15))
    send()
    [message] = mail.outbox
    assert message.to == ["lea@example.org"]
    assert message.subject == "Participe : 1 nouvelle offre pour votre recherche"
    body = message.body
    assert "Stage médiation scientifique" in body
    assert offer.organisation.name in body
    assert "Rennes (35)" in body
    assert "15 mars 2027" in body
    assert "700 € par mois" in body
    assert f"{site_url}{offer.get_absolute_url()}" in body
    assert f"{site_url}/?departement=35" in body
    assert f"{site_url}/alertes/desabonnement/" in body
    assert f"{site_url}/alertes/gerer/" in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Stage médiation scientifique" in html
    assert 'class="badge badge--stipend' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{site_url}/alertes/")


def test_a_digest_is_written_in_the_subscribers_language():
    confirmed_an_hour_ago(language="en")
    offer = rennes(title="Stage concertation")
    DeadlineFactory(offer=offer, date=datetime.date(2027, 3, 15))
    send()
    [message] = mail.outbox
    assert message.subject == "Participe: 1 new offer for your search"
    assert "March 15, 2027" in message.body
    assert '<html lang="en">' in message.alternatives[0][0]


def test_nothing_new_sends_nothing():
    subscription = confirmed_an_hour_ago()
    rennes(published_at=timezone.now() - datetime.timedelta(days=2))  # before confirmation
    OfferFactory(title="Ailleurs")  # does not match
    DraftOfferFactory(postal_code="35000", department_code="35")  # not published
    send()
    assert mail.outbox == []
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None


def test_each_offer_is_sent_once():
    subscription = confirmed_an_hour_ago()
    rennes(title="Première")
    send()
    rennes(title="Seconde")
    send()
    send()
    assert [message.body.count("Première") for message in mail.outbox] == [1, 0]
    assert "Seconde" in mail.outbox[1].body
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None


def test_only_confirmed_subscriptions_of_that_frequency_get_one():
    daily = confirmed_an_hour_ago(email="jour@example.org", frequency=Frequency.DAILY)
    weekly = confirmed_an_hour_ago(email="semaine@example.org", frequency=Frequency.WEEKLY)
    UnconfirmedSubscriptionFactory(email="attente@example.org")
    rennes()
    send("daily")
    assert [message.to for message in mail.outbox] == [[daily.email]]
    send("weekly")
    assert [message.to for message in mail.outbox] == [[daily.email], [weekly.email]]


def test_one_email_per_subscription():
    confirmed_an_hour_ago(email="lea@example.org", querystring="departement=35")
    confirmed_an_hour_ago(email="lea@example.org", querystring="")
    rennes()
    send()
    assert len(mail.outbox) == 2


def test_a_long_digest_links_to_the_rest(monkeypatch):
    monkeypatch.setattr(emails, "DIGEST_SIZE", 2)
    confirmed_an_hour_ago()
    for number in range(5):
        rennes(title=f"Offre {number}")
    send()
    [message] = mail.outbox
    assert message.subject == "Participe : 5 nouvelles offres pour votre recherche"
    assert sum(f"Offre {number}" in message.body for number in range(5)) == 2
    assert "Et 3 autres offres sur le site." in message.body


def test_a_failed_delivery_is_retried_next_time(settings):
    subscription = confirmed_an_hour_ago()
    rennes(title="Pas encore envoyée")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    with pytest.raises(CommandError, match="1 e-mail"):
        send()
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send()
    assert "Pas encore envoyée" in mail.outbox[0].body


def test_an_unknown_frequency_is_refused():
    with pytest.raises(CommandError):
        call_command("send_alerts", "--frequency", "hourly")
