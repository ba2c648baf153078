"""Moderators diagnose the alerts' e-mails without reading what acts for their subscribers.

Issue "Hard to break, round three", item 7: Admin → E-mails showed every body, with its
/alertes/confirmer/<token>/ link; a moderator confirmed and managed a subscriber's alerts.
"""

import html

import pytest
from django.core import mail
from django.test import TestCase

from alerts import emails, mailing, services
from mail.models import OutgoingEmail
from tests.alerts.conftest import link_path
from tests.alerts.factories import SubscriptionFactory
from tests.factories import moderator

pytestmark = pytest.mark.django_db
URL = "/admin/mail/outgoingemail/"
ADDRESS = "lea.martin@example.org"


@pytest.fixture
def alert_mail(settings):
    """A confirmation, an "already subscribed" mail and a digest, as the alerts queue them."""
    settings.SITE_URL = "https://participe.example"
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.subscribe(ADDRESS, "departement=35", "daily", "fr")
        confirmed = SubscriptionFactory(email=ADDRESS, querystring="departement=69")
        services.subscribe(ADDRESS, "departement=69", "daily", "fr")
        mailing.queue(emails.digest(confirmed, [], 0))
    # The tokens as the mail that left carried them: the admin is what hides them.
    sent = "\n".join(m.body + str(m.extra_headers) for m in mail.outbox)
    secrets = [
        link_path(sent, prefix).rstrip("/").rsplit("/", 1)[1]
        for prefix in ["/alertes/confirmer/", "/alertes/gerer/", "/alertes/desabonnement/"]
    ]
    assert len(set(secrets)) == 3 and all(len(secret) > 40 for secret in secrets)
    secrets.append(ADDRESS)
    assert OutgoingEmail.objects.filter(private=True).count() == 3
    return secrets


def admin_pages(client) -> list[str]:
    # (A search for the whole address echoes it in the search box: see the next test.)
    pages = [URL, f"{URL}?q=lea.martin", f"{URL}?q=example.org", f"{URL}?q=alerte"]
    for email in OutgoingEmail.objects.all():
        pages += [f"{URL}{email.pk}/change/", f"{URL}{email.pk}/history/"]
    answers = [client.get(page) for page in pages]
    assert [a.status_code for a in answers] == [200] * len(pages)
    return [html.unescape(a.content.decode()) for a in answers]


def test_a_moderator_finds_no_token_and_no_address_anywhere_in_the_outbox(client, alert_mail):
    client.force_login(moderator(username="moderatrice"))
    pages = admin_pages(client)
    for secret in alert_mail:
        leaks = [n for n, page in enumerate(pages) if secret in page]
        assert leaks == [], (secret, leaks)
    # What diagnoses a delivery is still there: the domain, the subjects, the masked links.
    listing, change = pages[0], pages[4]
    assert "l…@example.org" in listing
    assert "Participe\u00a0: confirmez votre alerte" in listing
    assert "[lien personnel masqué]" in change


def test_searching_an_address_does_not_tell_whether_it_subscribed(client, alert_mail):
    client.force_login(moderator(username="moderatrice"))
    for term in [ADDRESS, "lea.martin"]:
        page = client.get(URL, {"q": term}).content.decode()
        assert not any(f"{URL}{e.pk}/change/" in page for e in OutgoingEmail.objects.all())


def test_other_mail_is_shown_whole(client):
    email = OutgoingEmail.objects.create(
        to="contact@association.example", subject="Votre offre est en ligne", body="Bonjour"
    )
    client.force_login(moderator(username="moderatrice"))
    page = client.get(f"{URL}{email.pk}/change/").content.decode()
    assert "contact@association.example" in page
    assert email.pk in [e.pk for e in OutgoingEmail.objects.filter(private=False)]
    searched = client.get(URL, {"q": "contact@association.example"}).content.decode()
    assert f"{URL}{email.pk}/change/" in searched
