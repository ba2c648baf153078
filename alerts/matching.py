"""Which offers a stored search selects: the list's own answer (offers.board), replayed."""

import datetime

from django.db.models import QuerySet

from offers import board


def offers_matching(querystring: str, since: datetime.datetime) -> QuerySet:
    """The visible offers the search selects that were published after `since`."""
    return board.matching(board.read(querystring)).filter(published_at__gt=since)
