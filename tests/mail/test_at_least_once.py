"""Delivery is at least once: a worker that dies after the mail server accepted a message leaves
a mark that the worker's healthcheck reports and the sweeper acts on, sending the message once
more with the same Message-ID, so that mail clients show one message.

Issue "Hard to break, round three", item 12: the row stayed pending with no trace of the try,
the task RUNNING forever, and check_task_queue said ok.
"""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mail.models import OutgoingEmail
from mail.outbox import deliver, queue_email, send_due
from tests.hardening.servers import free_port
from tests.mail.smtp import Inbox, parsed, smtp_server

from .test_outbox import outbox_smtp

pytestmark = pytest.mark.django_db
Status = OutgoingEmail.Status
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class WorkerKilled(BaseException):
    """What SIGKILL (or the OOM killer) does to a worker: nothing after it runs, not even
    django-tasks' own handler of failed tasks."""


def die(*args, **kwargs):
    raise WorkerKilled


def message_ids(envelopes) -> list[str]:
    return [parsed(envelope)["Message-ID"] for envelope in envelopes]


def check_task_queue() -> str:
    try:
        call_command("check_task_queue", stdout=open("/dev/null", "w"))
    except CommandError as error:
        return str(error)
    return "ok"


def test_a_worker_killed_after_the_server_accepted_is_reported_and_retried_once(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://participe.example"
    port, inbox, start = free_port(), Inbox(), timezone.now()
    with (
        outbox_smtp(port),
        smtp_server(port, inbox),
        override_settings(TASKS=DATABASE_TASKS),
        time_machine.travel(start, tick=False) as clock,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            email = queue_email("camille@example.org", "Objet", "Bonjour")
        # A worker takes the task (db_worker's claim), the server accepts the message, and the
        # worker dies before it records anything.
        DBTaskResult.objects.ready().get().claim("worker-1")
        monkeypatch.setattr(OutgoingEmail, "record_success", die)
        with pytest.raises(WorkerKilled):
            deliver(email.pk)
        monkeypatch.undo()
        assert len(inbox.messages) == 1

        # The try left its mark: nobody sends the message again while it could be under way.
        email.refresh_from_db()
        assert (email.status, email.attempts, email.sending_started_at) == (
            Status.PENDING,
            1,
            start,
        )
        assert send_due() == {}
        assert check_task_queue() == "ok"

        clock.move_to(start + datetime.timedelta(seconds=settings.TASK_STALE_SECONDS + 1))
        report = check_task_queue()
        assert "1 task(s) running for more than 600 s: a worker died" in report
        assert "1 e-mail(s) whose sending started more than 600 s ago" in report

        # The scheduler's sweeper sends it again, once, and closes the dead worker's task.
        call_command("send_queued_emails", stdout=open("/dev/null", "w"))
        assert len(inbox.messages) == 2
        email.refresh_from_db()
        assert (email.status, email.attempts, email.sending_started_at) == (Status.SENT, 2, None)
        assert DBTaskResult.objects.running().count() == 0
        assert check_task_queue() == "ok"
        call_command("send_queued_emails", stdout=open("/dev/null", "w"))
        assert len(inbox.messages) == 2

    # Both copies carry one Message-ID, made from the row and the site's domain.
    first, second = message_ids(inbox.envelopes)
    assert first == second
    assert first.startswith(f"<outbox.{email.pk}.") and first.endswith("@participe.example>")


def test_a_resend_carries_the_message_id_of_the_first_try(settings):
    settings.SITE_URL = "https://participe.example"
    port, inbox = free_port(), Inbox()
    with outbox_smtp(port), smtp_server(port, inbox):
        email = queue_email("camille@example.org", "Objet", "Bonjour")
        other = queue_email("dominique@example.org", "Objet", "Bonjour")
        inbox.refusing = True
        assert deliver(email.pk) == Status.PENDING
        inbox.refusing = False
        email.refresh_from_db()
        # The resend, as the sweeper makes it once the retry is due.
        with time_machine.travel(email.next_attempt_at + datetime.timedelta(seconds=1)):
            assert send_due() == {Status.SENT: 2}
    [refused] = message_ids(inbox.refused_envelopes)
    accepted = dict(
        zip([m.rcpt_tos[0] for m in inbox.envelopes], message_ids(inbox.envelopes), strict=True)
    )
    assert accepted["camille@example.org"] == refused == email.message_id
    assert accepted["dominique@example.org"] == other.message_id != refused
