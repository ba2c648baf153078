"""When an offer was published, as far as anyone knows, for the feeds and the exports.

Published through the board, an offer has `published_at`. The seed offers were loaded from
their fixtures, not published through the board: for them the only honest date is the one a
posting states itself ("Offre publiée le 01/12/2025", kept as its publication milestone).
Without either there is no date: never the day the fixtures were loaded.
"""

import datetime

from django.utils import timezone

from .models import DeadlineKind


def stated_publication(offer) -> datetime.date | None:
    """The publication date the posting states, from its prefetched milestones."""
    for deadline in offer.deadlines.all():
        if deadline.kind == DeadlineKind.PUBLICATION and deadline.date is not None:
            return deadline.date
    return None


def publication_moment(offer) -> datetime.datetime | None:
    """The moment for a feed: the board's publication, else the stated day at noon in the
    board's time zone (the day is known, not the hour: noon keeps that day in UTC too, which
    is how feed readers get it)."""
    if offer.published_at is not None:
        return offer.published_at
    day = stated_publication(offer)
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def publication_value(offer) -> str | None:
    """The exports' `publiee_le`: the board's moment (ISO 8601, local time), else the day
    the posting states (ISO date), else None."""
    if offer.published_at is not None:
        return timezone.localtime(offer.published_at).isoformat()
    day = stated_publication(offer)
    return day.isoformat() if day else None
