"""Done when: with the SMTP server down, a moderator's publish succeeds at once; the worker
process sends the e-mail after a retry, once the server accepts, and never twice."""

import os
import subprocess
import sys
import time

import pytest
from django.test import override_settings

from mail.models import OutgoingEmail
from offers.models import OfferStatus
from tests.factories import SubmittedOfferFactory, moderator, publisher
from tests.hardening.servers import ROOT, free_port, subprocess_database_url
from tests.mail.smtp import Inbox, smtp_server

RETRY_SECONDS = 1


def worker_env(smtp_port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="worker-test-secret-key-0123456789-0123456789-0123456789",
        DATABASE_URL=subprocess_database_url(),
        PARTICIPE_TASKS_BACKEND="database",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(smtp_port),
        DJANGO_EMAIL_TIMEOUT="5",
        PARTICIPE_EMAIL_RETRY_SECONDS=str(RETRY_SECONDS),
        DJANGO_LOG_LEVEL="INFO",
    )
    return env


def run(env, *command) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def run_worker(env) -> str:
    # The production worker (compose's `worker` service), asked to stop once the queue is empty.
    return run(env, "db_worker", "--batch", "--no-startup-delay", "--interval", "0")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_with_the_smtp_server_down_succeeds_and_the_email_follows_once(client):
    smtp_port = free_port()  # nothing listens there yet: connections are refused
    env = worker_env(smtp_port)
    offer = SubmittedOfferFactory(published_at=None)
    # The decision goes to the organisation's member (never to the offer's contacts).
    publisher(offer.organisation, username="membre", email="membre@example.org")
    client.force_login(moderator(username="moderatrice"))

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_port,
    ):
        response = client.post(f"/admin/offers/offer/{offer.pk}/statut/publish/")
    # The publish answered without waiting for the mail server: the e-mail is only queued.
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.recipients) == (
        OutgoingEmail.Status.PENDING,
        0,
        ["membre@example.org"],
    )

    # The worker tries, the server refuses the connection: counted, retried later.
    output = run_worker(env)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, 1)
    assert "Connection refused" in email.last_error or "Errno 111" in email.last_error
    assert f"E-mail {email.pk} not sent (try 1)" in output

    inbox = Inbox()
    with smtp_server(smtp_port, inbox):
        # The retry is deferred by the backoff: the worker sends it once its time has come.
        while time.time() < email.next_attempt_at.timestamp() + 0.2:
            time.sleep(0.1)
        run_worker(env)
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)
        assert len(inbox.messages) == 1
        [message] = inbox.envelopes
        assert message.rcpt_tos == ["membre@example.org"]
        assert offer.title in message.content.decode()

        # Another worker pass and the scheduler's sweeper: nothing is sent twice.
        run_worker(env)
        run(env, "send_queued_emails")
        assert len(inbox.messages) == 1
