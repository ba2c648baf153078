"""The e-mail outbox: every message the site sends is a row here before it leaves."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import redaction


class OutgoingEmailQuerySet(models.QuerySet):
    def sendable(self, now: datetime.datetime) -> "OutgoingEmailQuerySet":
        """Pending and due, and not being sent: no try started, or one whose worker died."""
        return self.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now).filter(
            Q(sending_started_at__isnull=True) | Q(sending_started_at__lt=stale_before(now))
        )

    def lost_attempts(self, now: datetime.datetime) -> "OutgoingEmailQuerySet":
        """Tries that started and never ended: the server may have accepted the message."""
        return self.filter(
            status=OutgoingEmail.Status.PENDING, sending_started_at__lt=stale_before(now)
        )


def stale_before(now: datetime.datetime) -> datetime.datetime:
    # A try (or a task) running longer than this has lost its worker: SMTP calls time out
    # long before (EMAIL_TIMEOUT).
    return now - datetime.timedelta(seconds=settings.TASK_STALE_SECONDS)


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "à envoyer"
        SENT = "sent", "envoyé"
        FAILED = "failed", "échec"

    # One address a line: display names may contain commas.
    to = models.TextField("destinataires")
    subject = models.CharField("objet", max_length=998)
    body = models.TextField("texte")
    html = models.TextField("HTML", blank=True)
    headers = models.JSONField("en-têtes", default=dict, blank=True)
    # Whoever queues a message that must go only once (a reminder, an alert) names it here.
    key = models.CharField("clé", max_length=255, null=True, blank=True, unique=True)
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Counted when a try starts, in its own committed transaction, before the SMTP call: a
    # worker that dies after the server accepted the message leaves that mark behind.
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    sending_started_at = models.DateTimeField("envoi commencé le", null=True, blank=True)
    # The recipient is a private person (an alert's subscriber): the admin hides the address
    # and the links that act for them (mail.redaction).
    private = models.BooleanField("destinataire privé", default=False)
    next_attempt_at = models.DateTimeField("prochain essai", default=timezone.now)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "e-mail"
        verbose_name_plural = "e-mails (file d'envoi)"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed"]),
                name="outgoingemail_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outgoingemail_sent_has_date",
            ),
        ]
        indexes = [
            # The sweeper's query: the pending messages that are due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outgoingemail_due_idx",
            )
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.shown_recipients)}"

    def get_absolute_url(self):
        return reverse("admin:mail_outgoingemail_change", args=[self.pk])

    def clean(self):
        if self.status not in self.Status.values:
            raise ValidationError({"status": "Statut inconnu."})
        if self.status == self.Status.SENT and self.sent_at is None:
            raise ValidationError({"sent_at": "Un e-mail envoyé a une date d'envoi."})

    @property
    def recipients(self) -> list[str]:
        return [line for line in self.to.splitlines() if line.strip()]

    @property
    def shown_recipients(self) -> list[str]:
        """The recipients as the admin shows them: a private person's address masked."""
        if self.private:
            return [redaction.masked_address(address) for address in self.recipients]
        return self.recipients

    @property
    def message_id(self) -> str:
        """The same for every try of this row: a mail client shows a duplicate once.

        Made of what never changes on the row; the date keeps two databases (or one restored
        from a backup) from ever giving two messages one id.
        """
        domain = urlsplit(settings.SITE_URL).hostname or "participe.localhost"
        return f"<outbox.{self.pk}.{self.created_at:%Y%m%d%H%M%S}@{domain}>"

    def message(self) -> EmailMultiAlternatives:
        headers = {"Message-ID": self.message_id, **(self.headers or {})}
        message = EmailMultiAlternatives(
            self.subject, self.body, None, self.recipients, headers=headers
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message

    def start_attempt(self, now: datetime.datetime) -> None:
        self.attempts += 1
        self.sending_started_at = now

    def record_success(self, now: datetime.datetime) -> None:
        self.status = self.Status.SENT
        self.sent_at = now
        self.last_error = ""
        self.sending_started_at = None

    def record_failure(self, error: str, now: datetime.datetime) -> None:
        """Wait longer after each try, and give up after EMAIL_MAX_ATTEMPTS."""
        self.last_error = error
        self.sending_started_at = None
        if self.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            self.status = self.Status.FAILED
        else:
            delay = settings.EMAIL_RETRY_SECONDS * 4 ** (self.attempts - 1)
            self.next_attempt_at = now + datetime.timedelta(seconds=delay)

    def reset_for_resend(self, now: datetime.datetime) -> None:
        self.status = self.Status.PENDING
        self.attempts = 0
        self.next_attempt_at = now
        self.sending_started_at = None
