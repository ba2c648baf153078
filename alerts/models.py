"""E-mail alerts: a saved search and an address, nothing else (no account).

The address lives on its subscriptions only: deleting the last one deletes every trace of it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .choices import Frequency

# Unconfirmed subscriptions are deleted after this long (and their confirmation link expires).
CONFIRMATION_WINDOW = datetime.timedelta(days=7)
# Longer than any real search (the list caps keywords at 200 characters).
MAX_QUERYSTRING_LENGTH = 2000


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriptionQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def of_address(self, email: str) -> "SubscriptionQuerySet":
        return self.filter(email=normalise_email(email))

    def stale_unconfirmed(self, now: datetime.datetime | None = None) -> "SubscriptionQuerySet":
        now = now or timezone.now()
        return self.filter(confirmed_at__isnull=True, created_at__lt=now - CONFIRMATION_WINDOW)


def normalise_email(email: str) -> str:
    # One address, one set of subscriptions and one rate limit, however it is typed.
    return email.strip().lower()


class Subscription(models.Model):
    Frequency = Frequency

    email = models.EmailField("adresse e-mail")
    # The list's query string, normalised (alerts.searches): keywords and filters, no paging.
    querystring = models.CharField("recherche", max_length=MAX_QUERYSTRING_LENGTH, blank=True)
    frequency = models.CharField(
        "fréquence", max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # The language of the page the student subscribed from: the e-mails are written in it.
    language = models.CharField(
        "langue", max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True, editable=False)
    last_sent_at = models.DateTimeField("dernier envoi le", null=True, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "abonnement"
        ordering = ["email", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "querystring"], name="subscription_unique_search_per_address"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="subscription_frequency_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES), name="subscription_language_valid"
            ),
        ]
        indexes = [
            # send_alerts: the confirmed subscriptions of one frequency.
            models.Index(
                fields=["frequency"],
                name="subscription_confirmed_idx",
                condition=Q(confirmed_at__isnull=False),
            ),
            # purge_unconfirmed_alerts.
            models.Index(
                fields=["created_at"],
                name="subscription_unconfirmed_idx",
                condition=Q(confirmed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.email} · {self.querystring or 'toutes les offres'}"

    def get_absolute_url(self):
        return search_url(self.querystring)

    def clean(self):
        errors = {}
        if self.frequency not in Frequency.values:
            errors["frequency"] = "Choisissez une fréquence : chaque jour ou chaque semaine."
        if self.language not in LANGUAGE_CODES:
            errors["language"] = "Langue inconnue."
        if errors:
            raise ValidationError(errors)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def digest_since(self) -> datetime.datetime:
        """Offers published after this moment are new to the subscriber."""
        return self.last_sent_at or self.confirmed_at

    def confirm(self, now: datetime.datetime | None = None) -> bool:
        """Confirms once; False when it already was (a second click changes nothing)."""
        # One conditional UPDATE: two clicks at once still confirm once.
        updated = Subscription.objects.filter(pk=self.pk, confirmed_at__isnull=True).update(
            confirmed_at=now or timezone.now()
        )
        self.refresh_from_db(fields=["confirmed_at"])
        return bool(updated)

    def change_frequency(self, frequency: str) -> None:
        self.frequency = frequency
        self.full_clean(exclude=["email", "querystring"], validate_unique=False)
        self.save(update_fields=["frequency"])

    def mark_sent(self, moment: datetime.datetime) -> None:
        self.last_sent_at = moment
        self.save(update_fields=["last_sent_at"])


def search_url(querystring: str) -> str:
    path = reverse("offers:list")
    return f"{path}?{querystring}" if querystring else path
