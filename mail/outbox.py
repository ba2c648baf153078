"""Queue e-mails with the change that causes them; send them from the task worker, with retries.

`queue_email()` writes the message into the outbox (OutgoingEmail) inside the caller's
transaction: a rolled-back change sends nothing, and a committed one never loses its mail.
Once the transaction commits, a task (send_email, below) is enqueued to send it. A failed
send is counted and tried again later (EMAIL_RETRY_SECONDS, then four times longer each time)
until EMAIL_MAX_ATTEMPTS, after which the message is marked failed for the moderators to see in
the admin. The scheduler's `send_queued_emails` picks up whatever is due and was not enqueued
(a worker that died, a backend without deferred tasks), so nothing waits forever.

Each try is marked on the row (attempts, sending_started_at) and committed before the SMTP call:
two workers, or a worker and the sweeper, never send a message at the same time. Delivery is at
least once: a worker that dies after the mail server accepted a message, before recording it,
leaves the mark; once it is TASK_STALE_SECONDS old, check_task_queue reports it and the sweeper
sends the message again, with the same Message-ID so that mail clients merge the copies.
"""

import logging
import re
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def queue_email(
    to: str | Sequence[str],
    subject: str,
    body: str,
    html: str | None = None,
    headers: dict[str, str] | None = None,
    *,
    key: str | None = None,
    private: bool = False,
) -> OutgoingEmail | None:
    """Queue one message; `key` makes it once-only (None is returned if that key was queued).

    `private`: the recipient is a private person, whose address and links the admin masks.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    fields = {
        "to": "\n".join(recipients),
        # A subject is one line, whatever template produced it.
        # Ordinary white space only: French puts non-breaking spaces before its colons.
        "subject": " ".join(re.split(r"[ \t\r\n\f\v]+", subject.strip())),
        "body": body,
        "html": html or "",
        "headers": headers or {},
        "key": key,
        "private": private,
    }
    try:
        # A savepoint: a duplicate key must not spoil the caller's transaction.
        with transaction.atomic():
            email = OutgoingEmail.objects.create(**fields)
    except IntegrityError:
        if key and OutgoingEmail.objects.filter(key=key).exists():
            return None
        raise
    transaction.on_commit(lambda: enqueue(email.pk), robust=True)
    return email


@task()
def send_email(email_id: int) -> str:
    return deliver(email_id)


def enqueue(email_id: int, run_after=None) -> None:
    task = send_email.using(run_after=run_after) if run_after else send_email
    try:
        task.enqueue(email_id)
    except Exception:
        # The message is safe in the outbox: send_queued_emails will send it.
        logger.exception("Could not enqueue e-mail %s; the scheduler will send it", email_id)


def deliver(email_id: int) -> str:
    """Try to send one message if it is sendable; return its status afterwards."""
    email = start_attempt(email_id)
    if email is None:
        # Sent, failed, not due yet, or being sent right now by another process.
        return "skipped"
    try:
        email.message().send()
    except Exception as exc:  # SMTP refusals, timeouts, unreachable hosts alike.
        email.record_failure(f"{type(exc).__name__}: {exc}", timezone.now())
        logger.warning(
            "E-mail %s not sent (try %s): %s; status %s",
            email.pk,
            email.attempts,
            exc,
            email.status,
        )
    else:
        email.record_success(timezone.now())
        logger.info("E-mail %s sent (try %s)", email.pk, email.attempts)
    email.save(
        update_fields=["status", "sent_at", "last_error", "next_attempt_at", "sending_started_at"]
    )
    if email.status == OutgoingEmail.Status.PENDING:
        retry_later(email)
    return email.status


def start_attempt(email_id: int) -> OutgoingEmail | None:
    """Count the try and mark it started, committed before the SMTP call.

    The mark keeps other workers and the sweeper off the row while the try lasts. If the worker
    dies once the server has accepted the message, the row stays pending with its mark: after
    TASK_STALE_SECONDS check_task_queue reports it and the sweeper sends it again, with the
    same Message-ID (delivery is at least once; mail clients show the copies as one).
    """
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .sendable(now)
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return None
        if email.sending_started_at is not None:
            logger.warning(
                "E-mail %s: try %s started at %s never ended (its worker died); sending again, "
                "the recipient may get it twice",
                email.pk,
                email.attempts,
                email.sending_started_at,
            )
        email.start_attempt(now)
        email.save(update_fields=["attempts", "sending_started_at"])
    return email


def retry_later(email: OutgoingEmail) -> None:
    # A backend that runs tasks at once (development) cannot wait: the sweeper retries then.
    if send_email.get_backend().supports_defer:
        enqueue(email.pk, run_after=email.next_attempt_at)


def send_due(limit: int = 500) -> dict[str, int]:
    """The sweeper: send every pending message whose time has come."""
    due = OutgoingEmail.objects.sendable(timezone.now()).values_list("pk", flat=True)[:limit]
    counts: dict[str, int] = {}
    for email_id in list(due):
        status = deliver(email_id)
        counts[status] = counts.get(status, 0) + 1
    return counts


def resend(emails) -> int:
    """Put failed messages back in the queue, from their first try (the admin's action)."""
    now = timezone.now()
    count = 0
    with transaction.atomic():
        for email in emails.select_for_update().filter(status=OutgoingEmail.Status.FAILED):
            email.reset_for_resend(now)
            email.save(
                update_fields=["status", "attempts", "next_attempt_at", "sending_started_at"]
            )
            transaction.on_commit(lambda pk=email.pk: enqueue(pk), robust=True)
            count += 1
    return count
