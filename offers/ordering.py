"""The list's order, written once: open offers first, then each sort's keys.

Each sort is a tuple of `Key`s read after "open offers first" (offers.openness); a missing
date always sorts last. From it come the database's order (`order_offers`, for feeds,
calendars and exports) and the board index's (`index_order`, offers/board_index.py), which
tests/offers/test_board_index.py compares on random boards.

The deadline sort: open offers by the soonest deadline (those without one after, by title),
then closed ones, the most recently closed first. Newest: by publication, newest first.
Relevance (with keywords only): by rank, then the latest deadline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from django.db.models import Case, F, When

from .facets import SortOrder

# Sorts a missing value after every real one (the board index stores missing dates so).
LAST = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Key:
    column: str  # one of COLUMNS
    descending: bool = False
    # Orders the open offers only: among closed ones, every offer ties on it.
    open_only: bool = False


ORDERS = {
    SortOrder.DEADLINE: (
        Key("deadline", open_only=True),
        Key("deadline", descending=True),
        Key("title"),
        Key("id"),
    ),
    SortOrder.NEWEST: (
        Key("published", descending=True),
        Key("deadline", descending=True),
        Key("id", descending=True),
    ),
    SortOrder.RELEVANCE: (
        Key("relevance", descending=True),
        Key("deadline", descending=True),
        Key("id"),
    ),
}
# The database's name of each column; the nullable ones sort their missing values last.
COLUMNS = {
    "deadline": "application_closes_on",
    "published": "published_at",
    "title": "title",
    "id": "pk",
    "relevance": "relevance",
}
NULLABLE = {"deadline", "published"}


def keys(sort: str, ranked: bool = False) -> tuple[Key, ...]:
    """The sort's keys; relevance means something only when the offers are ranked."""
    if sort == SortOrder.RELEVANCE and not ranked:
        sort = SortOrder.DEADLINE
    return ORDERS.get(sort, ORDERS[SortOrder.DEADLINE])


def order_offers(queryset, sort: str, ranked: bool = False):
    """The queryset (with its `applications_open`) in the list's order.

    `ranked`: the offers carry their `relevance` (offers.search.with_relevance)."""
    order = [F("applications_open").desc()]
    for key in keys(sort, ranked):
        value = F(COLUMNS[key.column])
        if key.open_only:
            value = Case(When(applications_open=True, then=value))
        if key.column in NULLABLE or key.open_only:
            order.append(
                value.desc(nulls_last=True) if key.descending else value.asc(nulls_last=True)
            )
        else:
            order.append(value.desc() if key.descending else value.asc())
    return queryset.order_by(*order)


def index_order(sort_keys, columns: Mapping[str, np.ndarray], open_part: bool) -> np.ndarray:
    """The positions of `columns`' rows in the order of `sort_keys`, within one part of the list
    (open offers, or closed ones). Nullable columns hold LAST for a missing value."""
    arrays = []
    for key in sort_keys:
        if key.open_only and not open_part:
            continue
        column = columns[key.column]
        if key.descending:
            column = np.where(column == LAST, LAST, -column) if key.column in NULLABLE else -column
        arrays.append(column)
    # np.lexsort sorts by its last key first.
    return np.lexsort(arrays[::-1])
