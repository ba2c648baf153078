"""Queue e-mails with the change that causes them; send them from the task worker, with retries.

`queue_email()` writes the message into the outbox (OutgoingEmail) inside the caller's
transaction: a rolled-back change sends nothing, and a committed one never loses its mail.
Once the transaction commits, a task (mail.tasks.send_email) is enqueued to send it. A failed
send is counted and tried again later (EMAIL_RETRY_SECONDS, then four times longer each time)
until EMAIL_MAX_ATTEMPTS, after which the message is marked failed for the moderators to see in
the admin. The scheduler's `send_queued_emails` picks up whatever is due and was not enqueued
(a worker that died, a backend without deferred tasks), so nothing waits forever.

Sending happens with the row locked, and only while it is still pending: two workers, or a
worker and the sweeper, never send the same message twice.
"""

import logging
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

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
) -> OutgoingEmail | None:
    """Queue one message; `key` makes it once-only (None is returned if that key was queued)."""
    recipients = [to] if isinstance(to, str) else list(to)
    fields = {
        "to": "\n".join(recipients),
        # A subject is one line, whatever template produced it.
        "subject": " ".join(subject.split()),
        "body": body,
        "html": html or "",
        "headers": headers or {},
        "key": key,
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


def enqueue(email_id: int, run_after=None) -> None:
    from .tasks import send_email

    task = send_email.using(run_after=run_after) if run_after else send_email
    try:
        task.enqueue(email_id)
    except Exception:
        # The message is safe in the outbox: send_queued_emails will send it.
        logger.exception("Could not enqueue e-mail %s; the scheduler will send it", email_id)


def deliver(email_id: int) -> str:
    """Try to send one message if it is pending and due; return its status afterwards."""
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if email is None:
            # Sent, failed, not due yet, or being sent right now by another process.
            return "skipped"
        try:
            email.message().send()
        except Exception as exc:  # SMTP refusals, timeouts, unreachable hosts alike.
            email.record_failure(f"{type(exc).__name__}: {exc}", now)
            logger.warning(
                "E-mail %s not sent (try %s): %s; status %s",
                email.pk,
                email.attempts,
                exc,
                email.status,
            )
        else:
            email.record_success(now)
            logger.info("E-mail %s sent (try %s)", email.pk, email.attempts)
        email.save(update_fields=["status", "attempts", "sent_at", "last_error", "next_attempt_at"])
    if email.status == OutgoingEmail.Status.PENDING:
        retry_later(email)
    return email.status


def retry_later(email: OutgoingEmail) -> None:
    from .tasks import send_email

    # A backend that runs tasks at once (development) cannot wait: the sweeper retries then.
    if send_email.get_backend().supports_defer:
        enqueue(email.pk, run_after=email.next_attempt_at)


def send_due(limit: int = 500) -> dict[str, int]:
    """The sweeper: send every pending message whose time has come."""
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:limit]
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
            email.save(update_fields=["status", "attempts", "next_attempt_at"])
            transaction.on_commit(lambda pk=email.pk: enqueue(pk), robust=True)
            count += 1
    return count
