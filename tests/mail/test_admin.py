"""Moderators see the failed e-mails in the admin and send them again; publishers see nothing."""

import html

import pytest
from django.core import mail
from django.utils import timezone

from mail.models import OutgoingEmail
from tests.factories import OrganisationFactory, moderator, publisher

pytestmark = pytest.mark.django_db
Status = OutgoingEmail.Status
URL = "/admin/mail/outgoingemail/"


@pytest.fixture
def failed():
    return OutgoingEmail.objects.create(
        to="contact@example.org",
        subject="Votre offre est en ligne",
        body="Bonjour",
        status=Status.FAILED,
        attempts=6,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_a_moderator_sees_the_failed_emails_with_their_error(client, failed):
    OutgoingEmail.objects.create(
        to="autre@example.org",
        subject="Déjà parti",
        body="x",
        status=Status.SENT,
        sent_at=timezone.now(),
    )
    client.force_login(moderator(username="moderatrice"))
    response = client.get(URL, {"status__exact": "failed"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Votre offre est en ligne" in page and "contact@example.org" in page
    assert "SMTPServerDisconnected" in page
    assert "Déjà parti" not in page
    assert client.get(f"{URL}{failed.pk}/change/").status_code == 200


def test_a_moderator_resends_a_failed_email(client, failed, django_capture_on_commit_callbacks):
    client.force_login(moderator(username="moderatrice"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"action": "resend_selected", "_selected_action": [failed.pk]}, follow=True
        )
    assert "1 e-mail(s) remis en file d'envoi." in html.unescape(response.content.decode())
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (Status.SENT, 1, "")
    [message] = mail.outbox
    assert message.to == ["contact@example.org"]
    assert message.subject == "Votre offre est en ligne"


def test_publishers_cannot_see_the_outbox(client, failed):
    client.force_login(publisher(OrganisationFactory()))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{failed.pk}/change/").status_code == 403


def test_nobody_adds_or_deletes_emails_by_hand(client, failed):
    client.force_login(moderator(username="moderatrice"))
    assert client.get(f"{URL}add/").status_code == 403
    assert client.get(f"{URL}{failed.pk}/delete/").status_code == 403


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_resending_one_from_the_failed_filter_says_exactly_one_and_nothing_skipped(
    client, failed, django_capture_on_commit_callbacks
):
    client.force_login(moderator(username="moderatrice"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{URL}?status__exact=failed",
            {"action": "resend_selected", "_selected_action": [failed.pk]},
            follow=True,
        )
    assert messages_of(response) == ["1 e-mail(s) remis en file d'envoi."]


def test_resending_a_mixed_selection_counts_the_resent_and_the_skipped(
    client, failed, django_capture_on_commit_callbacks
):
    sent = OutgoingEmail.objects.create(
        to="autre@example.org",
        subject="Parti",
        body="x",
        status=Status.SENT,
        sent_at=timezone.now(),
    )
    pending = OutgoingEmail.objects.create(to="b@example.org", subject="En file", body="x")
    other_failed = OutgoingEmail.objects.create(
        to="c@example.org", subject="Échec", body="x", status=Status.FAILED, attempts=6
    )
    client.force_login(moderator(username="moderatrice"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            {
                "action": "resend_selected",
                "_selected_action": [failed.pk, sent.pk, pending.pk, other_failed.pk],
            },
            follow=True,
        )
    assert messages_of(response) == [
        "2 e-mail(s) remis en file d'envoi.",
        "2 e-mail(s) ignoré(s) : seuls les e-mails en échec sont renvoyés.",
    ]
