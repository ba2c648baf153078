"""The e-mail outbox: every message the site sends is a row here before it leaves."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


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
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    next_attempt_at = models.DateTimeField("prochain essai", default=timezone.now)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

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
        return f"{self.subject} → {', '.join(self.recipients)}"

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

    def message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            self.subject, self.body, None, self.recipients, headers=self.headers or None
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message

    def record_success(self, now: datetime.datetime) -> None:
        self.status = self.Status.SENT
        self.attempts += 1
        self.sent_at = now
        self.last_error = ""

    def record_failure(self, error: str, now: datetime.datetime) -> None:
        """Count the try; wait longer after each one, and give up after EMAIL_MAX_ATTEMPTS."""
        self.attempts += 1
        self.last_error = error
        if self.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            self.status = self.Status.FAILED
        else:
            delay = settings.EMAIL_RETRY_SECONDS * 4 ** (self.attempts - 1)
            self.next_attempt_at = now + datetime.timedelta(seconds=delay)

    def reset_for_resend(self, now: datetime.datetime) -> None:
        self.status = self.Status.PENDING
        self.attempts = 0
        self.next_attempt_at = now
