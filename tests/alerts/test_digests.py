"""send_alerts: what a digest holds, when none is sent, and how the outbox delivers it once."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from alerts import emails, matching, services
from alerts.models import Frequency, Subscription
from alerts.searches import describe_search
from mail.models import OutgoingEmail
from tests.factories import DeadlineFactory, DraftOfferFactory, OfferFactory

from .conftest import committed, sweep_when_due, text_part
from .factories import SubscriptionFactory, UnconfirmedSubscriptionFactory

pytestmark = pytest.mark.django_db

AN_HOUR = datetime.timedelta(hours=1)


def confirmed_an_hour_ago(**fields):
    return SubscriptionFactory(confirmed_at=timezone.now() - AN_HOUR, **fields)


def rennes(**fields):
    fields.setdefault("city", "Rennes")
    return OfferFactory(postal_code="35000", department_code="35", **fields)


def send(frequency="daily"):
    # Each digest's transaction commits: the outbox hands it over for sending then.
    with committed():
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
    assert message.subject == "Participe\u00a0: 1 nouvelle offre pour votre recherche"
    body = message.body
    assert "Stage médiation scientifique" in body
    assert offer.organisation.name in body
    assert "Rennes (35)" in body
    assert "15 mars 2027" in body
    assert "700\u00a0€ par mois" in body
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
    assert message.subject == "Participe\u00a0: 5 nouvelles offres pour votre recherche"
    assert sum(f"Offre {number}" in message.body for number in range(5)) == 2
    assert "Et 3 autres offres sur le site." in message.body


def test_a_refusing_mail_server_delays_the_digest_and_a_rerun_queues_nothing(smtp):
    subscription = confirmed_an_hour_ago(email="lea@example.org")
    rennes(title="Pas encore envoyée")
    smtp.refusing = True
    output = io.StringIO()
    with committed():
        call_command("send_alerts", "--frequency", "daily", stdout=output)
    # The command succeeds and says what it did: queued, the server's refusal is the outbox's.
    assert output.getvalue() == "1 e-mail(s) d'alerte mis en file d'envoi.\n"
    digest = OutgoingEmail.objects.get()
    assert (digest.status, digest.attempts, smtp.refused) == (OutgoingEmail.Status.PENDING, 1, 1)
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None

    # The next run has nothing new to queue: the offer is in the outbox already.
    send()
    assert OutgoingEmail.objects.count() == 1

    # The server accepts again: the retry delivers the digest, once.
    smtp.refusing = False
    sweep_when_due(digest)
    [message] = smtp.received("lea@example.org")
    assert len(smtp.messages) == 1
    assert "Pas encore envoy" in text_part(message)
    digest.refresh_from_db()
    assert (digest.status, digest.attempts) == (OutgoingEmail.Status.SENT, 2)


def test_a_digest_and_its_window_move_together(monkeypatch):
    subscription = confirmed_an_hour_ago()
    rennes(title="Gardée pour la prochaine fois")

    def broken_mark_sent(self, moment):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Subscription, "mark_sent", broken_mark_sent)
    with pytest.raises(RuntimeError):
        send()
    # The window did not move, so the queued digest went with it: nothing half-done.
    assert not OutgoingEmail.objects.exists()
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None
    monkeypatch.undo()
    send()
    [message] = mail.outbox
    assert "Gardée pour la prochaine fois" in message.body


def test_overlapping_runs_queue_a_digest_once():
    subscription = confirmed_an_hour_ago()
    rennes(title="Une seule fois")
    now = timezone.now()
    stale = Subscription.objects.get(pk=subscription.pk)  # read by a second run
    with committed():
        assert services.send_digest(subscription, now) is True
        assert services.send_digest(stale, now) is False
    assert OutgoingEmail.objects.count() == 1
    assert OutgoingEmail.objects.get().key == services.digest_key(
        subscription, subscription.confirmed_at
    )
    assert len(mail.outbox) == 1


def test_an_unknown_frequency_is_refused():
    with pytest.raises(CommandError):
        call_command("send_alerts", "--frequency", "hourly")


def test_an_alert_stored_when_offers_without_a_start_were_asked_for_gets_what_it_got():
    # `sans_debut=on` once added the offers that state no start; they are now kept by default.
    old = confirmed_an_hour_ago(
        email="ancienne@example.org", querystring="debut=2027-09&departement=35&sans_debut=on"
    )
    rennes(title="Septembre", start_date=datetime.date(2027, 9, 1))
    rennes(title="Le mois seul", start_month=datetime.date(2027, 10, 1))
    rennes(title="Sans date", start_date=None, start_month=None)
    rennes(title="Juin", start_date=datetime.date(2027, 6, 1))
    assert set(
        matching.offers_matching(old.querystring, old.confirmed_at).values_list("title", flat=True)
    ) == {"Septembre", "Le mois seul", "Sans date"}
    new = "debut=2027-09&departement=35"
    assert list(matching.offers_matching(new, old.confirmed_at)) == list(
        matching.offers_matching(old.querystring, old.confirmed_at)
    )
    send()
    [message] = mail.outbox
    assert all(title in message.body for title in ("Septembre", "Le mois seul", "Sans date"))
    assert "Juin" not in message.body
    # Its description names only what restricts it.
    assert describe_search(old.querystring) == [
        "Département : 35 – Ille-et-Vilaine",
        "Début à partir de : septembre 2027",
    ]
