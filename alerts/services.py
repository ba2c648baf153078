"""Every change to a subscription, and every e-mail it causes."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails, mailing
from .matching import offers_matching
from .models import Subscription, normalise_email

logger = logging.getLogger(__name__)


def subscribe(email: str, querystring: str, frequency: str, language: str) -> Subscription:
    """Asks the address to confirm a new subscription, or tells it that it has one already.

    The visitor sees the same answer either way: whether an address is subscribed is its
    owner's business. Until confirmed, the address gets nothing but the confirmation e-mail.
    """
    email = normalise_email(email)
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(
                email=email,
                querystring=querystring,
                defaults={"frequency": frequency, "language": language},
            )
    except IntegrityError:
        # The same search subscribed twice at the same moment: the other request created it.
        subscription = Subscription.objects.get(email=email, querystring=querystring)
        created = False
    if subscription.is_confirmed:
        # Nothing changes without the owner's click: the e-mail links to the manage page.
        mailing.send(emails.already_subscribed(subscription))
        return subscription
    if not created:
        subscription.frequency, subscription.language = frequency, language
        subscription.full_clean(validate_unique=False)
        subscription.save(update_fields=["frequency", "language"])
    mailing.send(emails.confirmation(subscription))
    return subscription


def send_digest(subscription: Subscription, now: datetime.datetime) -> bool:
    """Sends the offers published since the last digest (or the confirmation), if any."""
    matching = offers_matching(subscription.querystring, subscription.digest_since).filter(
        published_at__lte=now
    )
    offers = list(matching.order_by("-published_at", "pk")[: emails.DIGEST_SIZE + 1])
    if not offers:
        return False
    more = 0
    if len(offers) > emails.DIGEST_SIZE:
        more = matching.count() - emails.DIGEST_SIZE
        offers = offers[: emails.DIGEST_SIZE]
    mailing.send(emails.digest(subscription, offers, more))
    subscription.mark_sent(now)
    return True


def send_digests(frequency: str, now: datetime.datetime | None = None) -> tuple[int, int]:
    """One e-mail per confirmed subscription with new offers; returns (sent, failed).

    A failed delivery leaves the subscription as it was, so the next run sends those offers.
    """
    now = now or timezone.now()
    sent = failed = 0
    for subscription in Subscription.objects.confirmed().filter(frequency=frequency).iterator():
        try:
            if send_digest(subscription, now):
                sent += 1
        except Exception:
            # One bad address or a mail server hiccup must not stop everybody else's digest.
            logger.exception("Alert digest %s not sent", subscription.pk)
            failed += 1
    return sent, failed


def unsubscribe(subscription: Subscription) -> None:
    # With its last subscription the address itself is gone: it is stored nowhere else.
    subscription.delete()


def forget_address(email: str) -> int:
    deleted, _by_model = Subscription.objects.of_address(email).delete()
    return deleted


def purge_unconfirmed(now: datetime.datetime | None = None) -> int:
    deleted, _by_model = Subscription.objects.stale_unconfirmed(now).delete()
    return deleted
