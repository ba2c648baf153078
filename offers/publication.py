"""When an offer was published, as far as anyone knows, for the feeds and the exports.

Published through the board, an offer has `published_at`. The seed offers were loaded from
their fixtures, not published through the board: for them the only honest date is the one a
posting states itself ("Offre publiée le 01/12/2025", kept as its publication milestone).
Without either there is no date: never the day the fixtures were loaded.

The stated day comes with the offers, as an annotation (`with_stated_publication`): a feed or
an export reads no deadline for it.
"""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .models import Deadline, DeadlineKind


def with_stated_publication(offers):
    """The offers with their `stated_publication`: the earliest date their posting gives as
    its publication milestone, or None."""
    milestones = Deadline.objects.filter(
        offer=OuterRef("pk"), kind=DeadlineKind.PUBLICATION, date__isnull=False
    )
    return offers.annotate(
        stated_publication=Subquery(milestones.order_by("date").values("date")[:1])
    )


def publication_moment(offer) -> datetime.datetime | None:
    """The moment for a feed: the board's publication, else the stated day at noon in the
    board's time zone (the day is known, not the hour: noon keeps that day in UTC too, which
    is how feed readers get it). The offer comes from `with_stated_publication`."""
    if offer.published_at is not None:
        return offer.published_at
    day = offer.stated_publication
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def publication_value(offer) -> str | None:
    """The exports' `publiee_le`: the board's moment (ISO 8601, local time), else the day
    the posting states (ISO date), else None. The offer comes from `with_stated_publication`."""
    if offer.published_at is not None:
        return timezone.localtime(offer.published_at).isoformat()
    day = offer.stated_publication
    return day.isoformat() if day else None
