"""Every change to a subscription, and every e-mail it causes."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails, mailing
from .matching import offers_matching
from .models import Subscription, normalise_email


def subscribe(email: str, querystring: str, frequency: str, language: str) -> Subscription:
    """Asks the address to confirm a new subscription, or tells it that it has one already.

    The visitor sees the same answer either way: whether an address is subscribed is its
    owner's business. Until confirmed, the address gets nothing but the confirmation e-mail,
    queued with the change (the outbox sends it, and retries while the mail server refuses).
    """
    email = normalise_email(email)
    with transaction.atomic():
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
            mailing.queue(emails.already_subscribed(subscription))
            return subscription
        if not created:
            subscription.frequency, subscription.language = frequency, language
            subscription.full_clean(validate_unique=False)
            subscription.save(update_fields=["frequency", "language"])
        mailing.queue(emails.confirmation(subscription))
    return subscription


def digest_key(subscription: Subscription, since: datetime.datetime) -> str:
    # One digest per subscription and window: whatever runs twice, the outbox queues it once.
    return f"alerts:digest:{subscription.pk}:{since.isoformat()}"


def send_digest(subscription: Subscription, now: datetime.datetime) -> bool:
    """Queues the offers published since the last digest (or the confirmation), if any.

    The digest is queued in the transaction that moves the subscription's window on: either
    both happen or neither, and the outbox delivers it, retrying while the mail server refuses.
    """
    with transaction.atomic():
        # Locked and read afresh: an overlapping run waits, then finds the window moved on.
        subscription = (
            Subscription.objects.confirmed().select_for_update().filter(pk=subscription.pk).first()
        )
        if subscription is None:
            return False  # Unsubscribed meanwhile.
        since = subscription.digest_since
        matching = offers_matching(subscription.querystring, since).filter(published_at__lte=now)
        offers = list(matching.order_by("-published_at", "pk")[: emails.DIGEST_SIZE + 1])
        if not offers:
            return False
        more = 0
        if len(offers) > emails.DIGEST_SIZE:
            more = matching.count() - emails.DIGEST_SIZE
            offers = offers[: emails.DIGEST_SIZE]
        queued = mailing.queue(
            emails.digest(subscription, offers, more), key=digest_key(subscription, since)
        )
        subscription.mark_sent(now)
    return queued is not None


def send_digests(frequency: str, now: datetime.datetime | None = None) -> int:
    """Queues one e-mail per confirmed subscription with new offers; returns how many.

    Each digest is committed with its subscription's new window, one by one: a run that stops
    halfway (a bug, a lost database) leaves the queued ones queued, and the next run queues
    only the rest. Delivery, and its retries, is the outbox's business.
    """
    now = now or timezone.now()
    queued = 0
    for subscription in Subscription.objects.confirmed().filter(frequency=frequency).iterator():
        if send_digest(subscription, now):
            queued += 1
    return queued


def unsubscribe(subscription: Subscription) -> None:
    # With its last subscription the address itself is gone: it is stored nowhere else.
    subscription.delete()


def forget_address(email: str) -> int:
    deleted, _by_model = Subscription.objects.of_address(email).delete()
    return deleted


def purge_unconfirmed(now: datetime.datetime | None = None) -> int:
    deleted, _by_model = Subscription.objects.stale_unconfirmed(now).delete()
    return deleted
