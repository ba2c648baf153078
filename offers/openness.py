"""When applications to an offer are open: the rule, written once.

Open until the application deadline, that day included; an offer with no dated deadline is
open for OPEN_WITHOUT_DEADLINE after the board published it; one never published is closed.

The rule is the two bounds of a `Window` (the first day a deadline may fall on, the first
moment a publication may date from), and each reader derives its form from them here: the
database's condition (`Window.open_q`, `Window.closed_q`), the board index's mask over its
columns (`Window.open_mask`), one offer in Python (`Window.holds`), and the last day the pages
write out (`open_until`). tests/offers/test_board_index.py compares the index with the
database on random boards; tests/offers/test_models.py the offer with the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

OPEN_WITHOUT_DEADLINE = datetime.timedelta(days=60)
# "Clôture bientôt": the deadline falls within this many days, today included.
CLOSING_SOON_DAYS = 14


@dataclass(frozen=True)
class Window:
    """The rule's bounds on one day: a deadline on or after `first_day`, or no dated deadline
    and a publication at or after `published_since`."""

    first_day: datetime.date
    published_since: datetime.datetime

    @classmethod
    def on(cls, today: datetime.date | None = None, now: datetime.datetime | None = None):
        return cls(today or timezone.localdate(), (now or timezone.now()) - OPEN_WITHOUT_DEADLINE)

    def open_q(self) -> Q:
        return Q(application_closes_on__gte=self.first_day) | Q(
            application_closes_on__isnull=True, published_at__gte=self.published_since
        )

    def closed_q(self) -> Q:
        """The exact complement of open_q(), written so that indexes can serve it."""
        return Q(application_closes_on__lt=self.first_day) | Q(
            Q(published_at__lt=self.published_since) | Q(published_at__isnull=True),
            application_closes_on__isnull=True,
        )

    def open_mask(self, board):
        """The board index's rows that are open (offers.board_index: its date columns)."""
        dated_open = board.dated & (board.closes >= board.day_number(self.first_day))
        recent = board.published >= board.moment_number(self.published_since)
        return dated_open | (~board.dated & board.ever_published & recent)

    def holds(self, deadline: datetime.date | None, published_at) -> bool:
        """One offer: its dated application deadline (or None) and its publication."""
        if deadline is not None:
            return deadline >= self.first_day
        return published_at is not None and published_at >= self.published_since


def open_until(deadline: datetime.date | None, published_at) -> datetime.date | None:
    """The last day students may apply: the dated deadline, else the day the rule closes it."""
    if deadline is not None:
        return deadline
    if published_at is not None:
        return timezone.localtime(published_at + OPEN_WITHOUT_DEADLINE).date()
    return None
