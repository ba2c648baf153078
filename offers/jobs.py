"""The board's scheduled jobs (deploy/crontab runs them daily). Each may run any number of
times a day, or be run again after a failure: what it did once, it does not do twice."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mail.outbox import queue_email

from . import freshness, typography, workflow
from .models import DeadlineReminder, Offer, ReminderAction
from .openness import OPEN_WITHOUT_DEADLINE

# A closed offer stays on the board this long, marked closed, before it is archived.
ARCHIVE_AFTER = datetime.timedelta(days=30)
REMIND_BEFORE = datetime.timedelta(days=7)


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def closing_on(day: datetime.date) -> Q:
    """Offers whose applications close on `day`: their dated deadline, or for undated ones
    the day the OPEN_WITHOUT_DEADLINE rule closes them."""
    return Q(application_closes_on=day) | Q(
        application_closes_on__isnull=True,
        published_at__gte=start_of(day) - OPEN_WITHOUT_DEADLINE,
        published_at__lt=start_of(day + datetime.timedelta(days=1)) - OPEN_WITHOUT_DEADLINE,
    )


def archive_closed_offers(today: datetime.date | None = None) -> list[Offer]:
    """Archive the published offers whose applications closed ARCHIVE_AFTER ago or more."""
    today = today or timezone.localdate()
    due = Offer.objects.visible().filter(
        Q(application_closes_on__lte=today - ARCHIVE_AFTER)
        | Q(
            application_closes_on__isnull=True,
            published_at__lte=timezone.now() - OPEN_WITHOUT_DEADLINE - ARCHIVE_AFTER,
        )
    )
    archived = []
    reason = "Archivée automatiquement 30 jours après la clôture des candidatures."
    for offer in due.only("pk").order_by("pk"):
        if workflow.archive_as_system(offer.pk, reason) is not None:
            archived.append(offer)
    return archived


def remind_deadlines(today: datetime.date | None = None) -> int:
    """Mail the organisation's members 7 days before their offer closes, and on that day."""
    today = today or timezone.localdate()
    queued = 0
    for kind, closes in (("j-7", today + REMIND_BEFORE), ("jour-j", today)):
        offers = (
            Offer.objects.visible()
            .filter(closing_on(closes))
            .select_related("organisation")
            .order_by("pk")
        )
        for offer in offers:
            queued += remind(offer, kind, closes, days_left=(closes - today).days)
    return queued


def remind(offer: Offer, kind: str, closes: datetime.date, days_left: int) -> int:
    """Mail this reminder to the offer's members, unless it was sent already: its row, unique
    per offer, kind and closing date, is written first, in the e-mails' transaction."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = DeadlineReminder.objects.create(offer=offer, kind=kind, closes_on=closes)
        except IntegrityError:
            return 0  # another run (or another process, right now) sent it
        return queue_reminder(reminder, days_left)


def queue_reminder(reminder: DeadlineReminder, days_left: int) -> int:
    offer = reminder.offer
    members = [
        m.user
        for m in offer.organisation.memberships.select_related("user")
        if m.user.is_active and m.user.email
    ]
    site = settings.SITE_URL.rstrip("/")
    context = {
        "offer": offer,
        "closes": reminder.closes_on,
        "days_left": days_left,
        "admin_url": site + reverse("admin:offers_offer_change", args=[offer.pk]),
        "public_url": site + offer.get_absolute_url(),
        "prolonged_until": reminder.closes_on + freshness.PROLONG_BY,
        "link_days": freshness.LINK_LIFETIME.days,
    }
    subject = render_to_string("offers/emails/reminder_subject.txt", context)
    # Written in French (no catalogue): its non-breaking spaces (offers.typography).
    subject = typography.french(subject)
    queued = 0
    for user in members:
        # Each member's own links: the answer records who gave it.
        links = {
            action: site
            + reverse("offers:reminder-answer", args=[freshness.make_token(reminder, user, action)])
            for action in ReminderAction.values
        }
        body = typography.french(
            render_to_string("offers/emails/reminder_body.txt", {**context, "links": links})
        )
        # Keyed on the closing date: a deadline moved later gets its own reminders.
        closes = reminder.closes_on.isoformat()
        key = f"offer-reminder:{offer.pk}:{reminder.kind}:{closes}:{user.pk}"
        if queue_email(user.email, subject, body, key=key) is not None:
            queued += 1
    return queued
