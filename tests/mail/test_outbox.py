"""The outbox: queued with the change, sent after the commit, retried, bounded, resent."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from mail.models import OutgoingEmail
from mail.outbox import deliver, queue_email, resend, send_due
from tests.hardening.servers import free_port
from tests.mail.smtp import Inbox, smtp_server, smtp_settings

pytestmark = pytest.mark.django_db
Status = OutgoingEmail.Status


def outbox_smtp(port):
    """The server on `port`, tried for 5 s at most, 3 times, the first retry after a minute."""
    return smtp_settings(port, EMAIL_TIMEOUT=5, EMAIL_RETRY_SECONDS=60, EMAIL_MAX_ATTEMPTS=3)


def test_a_queued_email_leaves_only_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email("camille@example.org", "Objet\n sur deux lignes", "Bonjour")
        assert mail.outbox == []
    [message] = mail.outbox
    assert message.to == ["camille@example.org"] and message.subject == "Objet sur deux lignes"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)
    assert email.sent_at is not None


def test_a_rolled_back_change_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_email("camille@example.org", "Objet", "Bonjour")
            raise RuntimeError("the change failed")
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_html_and_headers_are_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            ["a@example.org", "b@example.org"],
            "Objet",
            "Texte",
            html="<p>Texte</p>",
            headers={"List-Unsubscribe": "<https://participe.example.org/desabonnement/x/>"},
        )
    [message] = mail.outbox
    assert message.to == ["a@example.org", "b@example.org"]
    assert message.alternatives[0][0] == "<p>Texte</p>"
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://")


def test_a_key_queues_a_message_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_email("a@example.org", "Rappel", "Texte", key="rappel:1")
        second = queue_email("a@example.org", "Rappel", "Texte", key="rappel:1")
    assert first is not None and second is None
    assert len(mail.outbox) == 1


def test_a_refused_email_is_retried_with_growing_delays_then_marked_failed():
    port = free_port()
    inbox = Inbox()
    inbox.refusing = True
    start = timezone.now()
    with (
        outbox_smtp(port),
        smtp_server(port, inbox),
        time_machine.travel(start, tick=False) as clock,
    ):
        email = queue_email("camille@example.org", "Objet", "Bonjour")
        assert deliver(email.pk) == Status.PENDING
        email.refresh_from_db()
        assert email.attempts == 1 and "451" in email.last_error
        assert email.next_attempt_at == start + datetime.timedelta(seconds=60)
        # Not due yet: nothing is tried.
        assert deliver(email.pk) == "skipped"

        clock.move_to(email.next_attempt_at)
        assert send_due() == {Status.PENDING: 1}
        email.refresh_from_db()
        assert email.next_attempt_at == timezone.now() + datetime.timedelta(seconds=240)

        clock.move_to(email.next_attempt_at)
        assert send_due() == {Status.FAILED: 1}
        email.refresh_from_db()
        assert (email.status, email.attempts) == (Status.FAILED, 3)
        # A failed message is left alone by the sweeper.
        clock.move_to(timezone.now() + datetime.timedelta(days=1))
        assert send_due() == {}
    assert inbox.refused == 3 and inbox.messages == []


def test_resending_puts_only_failed_emails_back_and_sends_them(django_capture_on_commit_callbacks):
    failed = OutgoingEmail.objects.create(
        to="a@example.org", subject="Échec", body="x", status=Status.FAILED, attempts=6
    )
    sent = OutgoingEmail.objects.create(
        to="b@example.org", subject="Parti", body="x", status=Status.SENT, sent_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert resend(OutgoingEmail.objects.all()) == 1
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
    assert sent.attempts == 0
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_a_task_queue_that_fails_loses_nothing(monkeypatch, django_capture_on_commit_callbacks):
    from django_tasks.backends.immediate import ImmediateBackend

    def refuse(*args, **kwargs):
        raise ConnectionError("task queue unavailable")

    monkeypatch.setattr(ImmediateBackend, "enqueue", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email("camille@example.org", "Objet", "Bonjour")
    email.refresh_from_db()
    assert (email.status, mail.outbox) == (Status.PENDING, [])
    # The scheduler's sweeper sends it.
    assert send_due() == {Status.SENT: 1}
    assert [m.to for m in mail.outbox] == [["camille@example.org"]]
