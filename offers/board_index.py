"""The published offers as columns in memory: the list's facet counts and pages in a millisecond.

Why: the list shows, next to each of its filter options, how many offers it would give with
the other filters. PostgreSQL answered with forty conditional counts over every published
offer: 180 ms at 88,000 published offers. Here the same counts are a few vectorised operations
(numpy) over one array per facet, and a page's position in its order comes from orders
computed once: about a millisecond. The page's offers are then read from the database by id.

Never stale: kept under the board's version (offers.caches), which database triggers move in the
transaction of every write that can change the list (bulk and raw ones included). Each request
reads it, one query; an index built at another version is rebuilt before it is used, once per
process.

Nothing here restates a filter: each facet's column is computed by the database from the
facet's own ORM condition (Facet.index_expression), and the conditions that depend on the
date are the Clock's (offers/facets.py). The orders are offers.ordering's:
tests/offers/test_board_index.py compares counts and pages with the database's on random boards.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import numpy as np
from django.db.models import BigIntegerField, Func, IntegerField

from . import caches
from .facets import (
    BITS,
    BY_NAME,
    CODE,
    COUNTED,
    DATED,
    INDEXED,
    MONTH,
    NEAR,
    ORGANISATION,
    UNSTATED,
    Clock,
    SortOrder,
    prepare,
)
from .models import Offer
from .nearby import Places
from .ordering import LAST, ORDERS, index_order, keys

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)
DATES = ["closes_day", "published_microsecond", "start_day"]
# Read as they are: the organisation page's offers are the board's rows of one organisation.
PLAIN = ["organisation_id"]
# Each row's position and whether it is done entirely from home (offers.nearby).
PLACES = ["latitude", "longitude", "position_approximate", "remote"]


def column_name(facet) -> str:
    return f"facet_{facet.name}"


def codes(values: Iterable, known: dict) -> np.ndarray:
    """Each value's position among the facet's options, -1 when it is none of them."""
    return np.fromiter((known.get(value, -1) for value in values), dtype=np.int16)


def dates(values: Iterable, size: int) -> np.ndarray:
    return np.fromiter((LAST if v is None else v for v in values), dtype=np.int64, count=size)


class BoardIndex:
    def __init__(self, version, rows: list[tuple]):
        self.version = version
        # Rows come in (title, id) order, the database's collation: a row's index is its rank.
        self.size = size = len(rows)
        names = ["id", *(column_name(facet) for facet in INDEXED), *DATES, *PLAIN, *PLACES]
        values = zip(*rows, strict=True) if rows else [()] * len(names)
        columns = dict(zip(names, values, strict=True))
        self.ids = np.fromiter(columns["id"], dtype=np.int64, count=size)
        # Each facet's options by position, and its column: positions (CODE) or bits (BITS).
        self.positions = {}
        self.columns = {}
        for facet in INDEXED:
            self.positions[facet.name] = {value: i for i, value in enumerate(facet.values())}
            raw = columns[column_name(facet)]
            if facet.store == CODE and facet.field is not None:
                self.columns[facet.name] = codes(raw, self.positions[facet.name])
            elif facet.store == CODE:
                self.columns[facet.name] = np.fromiter(raw, dtype=np.int16, count=size)
            else:
                self.columns[facet.name] = np.fromiter(raw, dtype=np.int64, count=size)
        self.closes = dates(columns["closes_day"], size)
        self.dated = self.closes != LAST
        self.published = dates(columns["published_microsecond"], size)
        self.ever_published = self.published != LAST
        # The start date, else the start month's first day (Facet.start_condition).
        self.start = dates(columns["start_day"], size)
        self.start_stated = self.start != LAST
        self.start_stated.flags.writeable = False  # a mask requests combine, never change
        self.organisations = np.fromiter(columns["organisation_id"], dtype=np.int64, count=size)
        self.places = Places(*(columns[name] for name in PLACES), size)
        # Each sort's order of the open offers and of the closed ones (offers.ordering),
        # over every row: a request filters them.
        self.orders = {
            sort_keys: (
                index_order(sort_keys, self.order_columns(), open_part=True),
                index_order(sort_keys, self.order_columns(), open_part=False),
            )
            for sort_keys in ORDERS.values()
            if all(key.column in self.order_columns() for key in sort_keys)
        }
        self.board_counts = {}  # facet_counts() of the whole board, once asked for
        self.last_openness = None  # (clock, is_open(clock))
        self.row_of_id = np.full(int(self.ids.max(initial=0)) + 1, -1, dtype=np.int64)
        self.row_of_id[self.ids] = np.arange(size)

    def order_columns(self, rows=slice(None)) -> dict[str, np.ndarray]:
        """The columns offers.ordering sorts on, for `rows` (all by default)."""
        return {
            "deadline": self.closes[rows],
            "published": self.published[rows],
            # Rows come in (title, id) order: a row's position is its title's rank.
            "title": np.arange(self.size)[rows],
            "id": self.ids[rows],
        }

    def is_open(self, clock: Clock) -> np.ndarray:
        """The open rows (offers.openness); kept for the last clock, which a request asks often."""
        last = self.last_openness
        if last is not None and last[0] == clock:
            return last[1]
        is_open = clock.window.open_mask(self)
        is_open.flags.writeable = False  # shared: callers combine it, never change it
        self.last_openness = (clock, is_open)
        return is_open

    @staticmethod
    def day_number(day) -> int:
        """A date as the index's day columns store it."""
        return day.toordinal()

    @staticmethod
    def moment_number(moment) -> int:
        """A moment as the index's `published` column stores it (microseconds since 1970)."""
        return (moment - EPOCH) // MICROSECOND

    def is_open_id(self, offer_id: int, clock: Clock) -> bool:
        return bool(self.is_open(clock)[self.row_of_id[offer_id]])

    def option_mask(self, facet, option, clock: Clock) -> np.ndarray:
        """The rows one option of a facet selects."""
        if facet.store == DATED:
            mask = facet.dated(clock, option)[1]
            return np.ones(self.size, bool) if mask is None else mask(self)
        position = self.positions[facet.name].get(option, -2)
        column = self.columns[facet.name]
        if position < 0:
            return np.zeros(self.size, bool)
        if facet.store == CODE:
            return column == position
        return (column & (1 << position)) != 0

    def condition(self, facet, value, values: dict, clock: Clock) -> np.ndarray | None:
        """Facet.condition() for the index: None when the value restricts nothing."""
        if facet.store == NEAR:
            return self.places.mask(value, values)
        if facet.store == ORGANISATION:
            return self.organisation_rows(value.pk)
        if facet.store == MONTH:
            return self.start_mask(value, only_stated=bool(values.get(facet.companion[0])))
        chosen = facet.chosen(value)
        if facet.store == DATED:
            masks = [facet.dated(clock, option)[1] for option in chosen]
            masks = [mask(self) for mask in masks if mask is not None]
        else:
            masks = [self.option_mask(facet, option, clock) for option in chosen]
        if not masks:
            return None
        return np.logical_or.reduce(masks) if len(masks) > 1 else masks[0]

    def start_mask(self, month, only_stated: bool) -> np.ndarray | None:
        """Facet.start_condition() for the index."""
        if month is None:
            return self.start_stated if only_stated else None
        mask = self.start_stated & (self.start >= self.day_number(month))
        return mask if only_stated else mask | ~self.start_stated

    def rows_of_ids(self, ids: np.ndarray) -> np.ndarray:
        """Each id's row, -1 for an offer not on the board."""
        rows = np.full(len(ids), -1, dtype=np.int64)
        known = (ids >= 0) & (ids < len(self.row_of_id))
        rows[known] = self.row_of_id[ids[known]]
        return rows

    def rows_of(self, ids: Iterable[int]) -> np.ndarray:
        """The offers among `ids` (a search's matches), as a mask; unknown ids are ignored."""
        rows = self.rows_of_ids(np.asarray(ids, dtype=np.int64))
        mask = np.zeros(self.size, dtype=bool)
        mask[rows[rows >= 0]] = True
        return mask

    def organisation_rows(self, organisation_id: int | None) -> np.ndarray:
        """One organisation's offers, as a mask (none for no organisation)."""
        if organisation_id is None:
            return np.zeros(self.size, dtype=bool)
        return self.organisations == organisation_id

    def masks(self, values: dict, clock: Clock) -> dict[str, np.ndarray]:
        masks = {}
        for name, value in values.items():
            facet = BY_NAME.get(name)
            if facet is None or facet.store not in (CODE, BITS, DATED, MONTH, NEAR, ORGANISATION):
                continue
            mask = self.condition(facet, value, values, clock)
            if mask is not None:
                masks[name] = mask
        return masks

    def selected(self, masks: dict, within: np.ndarray | None, leave_out=()) -> np.ndarray:
        selected = np.ones(self.size, dtype=bool) if within is None else within.copy()
        for name, mask in masks.items():
            if name not in leave_out:
                selected &= mask
        return selected

    # Facet counts: each option's count is the selection without its own facet, with it.

    def facet_counts(
        self, values: dict, within: np.ndarray | None, clock: Clock, kept: dict | None = None
    ) -> dict:
        """{"total": n, "facets": {name: {"": count without this filter, option: count}}}.

        The counts of the whole board, or of `within` alone (a search's matches) when the
        caller gives a dict that lives as long as `within` (`kept`), are counted once, but for
        the facets that depend on the day: the list's first page and a search shown again
        count almost nothing.
        """
        masks = self.masks(values, clock)
        if masks or (within is not None and kept is None):
            return self.count_facets(masks, within, clock)
        kept = self.board_counts if within is None else kept
        if "counts" not in kept:
            # Rows first: another thread may read them as soon as the counts are there.
            kept["rows"] = slice(None) if within is None else within
            kept["counts"] = self.count_facets({}, within, clock)
        counts = kept["counts"]
        facets = dict(counts["facets"])
        for facet in COUNTED:
            if facet.store == DATED:
                options = self.option_counts(facet, kept["rows"], clock)
                facets[facet.name] = {"": counts["total"], **options}
        return {"total": counts["total"], "facets": facets}

    def count_facets(self, masks: dict, within: np.ndarray | None, clock: Clock) -> dict:
        facets = {}
        # Counted over row numbers: a selection is read once, not once per facet and option.
        total = np.flatnonzero(self.selected(masks, within))
        for facet in COUNTED:
            # A facet with no value chosen counts within the whole selection.
            rows = (
                np.flatnonzero(self.selected(masks, within, leave_out={facet.name}))
                if facet.name in masks
                else total
            )
            facets[facet.name] = {"": len(rows), **self.option_counts(facet, rows, clock)}
        return {"total": len(total), "facets": facets}

    def option_counts(self, facet, rows, clock: Clock) -> dict:
        """Each option's count among `rows`: row numbers, a mask, or slice(None) for every
        row."""
        options = facet.values()
        if facet.store == CODE:
            column = self.columns[facet.name][rows]
            counts = np.bincount(column + 1, minlength=len(options) + 1)[1:]
            return {value: int(counts[i]) for i, value in enumerate(options)}
        if facet.store == BITS:
            column = self.columns[facet.name][rows]
            return {
                value: int(np.count_nonzero(column & (1 << i))) for i, value in enumerate(options)
            }
        if facet.store == MONTH:
            # The offers that state no start, which the facet keeps unless told not to.
            return {UNSTATED: int(np.count_nonzero(~self.start_stated[rows]))}
        return {
            value: int(np.count_nonzero(self.option_mask(facet, value, clock)[rows]))
            for value in options
        }

    # Pages.

    def rows_by_openness(
        self, values: dict, within: np.ndarray | None, clock: Clock
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rows of the selected offers, open ones then closed ones, each in no order."""
        selected = self.selected(self.masks(values, clock), within)
        is_open = self.is_open(clock)
        return np.flatnonzero(selected & is_open), np.flatnonzero(selected & ~is_open)

    def by_rank(self, rows: np.ndarray, ranks: np.ndarray, open_part: bool) -> np.ndarray:
        """The ids of `rows` (all open, or all closed) by search rank (`ranks`, one per row),
        in offers.ordering's relevance order."""
        columns = {**self.order_columns(rows), "relevance": ranks}
        order = index_order(keys(SortOrder.RELEVANCE, ranked=True), columns, open_part)
        return self.ids[rows][order]

    def page_ids(
        self,
        values: dict,
        within: np.ndarray | None,
        sort: str,
        offset: int,
        limit: int,
        clock: Clock,
    ) -> list[int]:
        """The ids of `limit` offers from `offset`, in offers.ordering's order.

        The list is its open offers, then its closed ones, each a filter of an order computed
        when the index was built; the closed ones are read only when the page reaches them.
        """
        selected = self.selected(self.masks(values, clock), within)
        is_open = self.is_open(clock)
        opened, closed = self.orders[keys(sort)]
        parts = [
            lambda: opened[(selected & is_open)[opened]],
            lambda: closed[(selected & ~is_open)[closed]],
        ]
        rows, skip = [], offset
        for read_part in parts:
            part = read_part()
            if skip >= len(part):
                skip -= len(part)
                continue
            rows.extend(part[skip : skip + limit - len(rows)].tolist())
            skip = 0
            if len(rows) == limit:
                break
        return self.ids[rows].tolist() if rows else []


def read_rows() -> list[tuple]:
    """The published offers in (title, id) order, each facet's column as the index stores it.

    The columns are computed by the facets' own conditions, in SQL; dates come as numbers:
    turning 88,000 rows into datetimes and decimals cost half a second.
    """
    columns = {column_name(facet): facet.index_expression() for facet in INDEXED}
    return list(
        prepare(Offer.objects.visible())
        .annotate(
            **columns,
            closes_day=DayNumber("application_closes_on"),
            published_microsecond=Microseconds("published_at"),
            start_day=DayNumber("stated_start"),
        )
        .order_by("title", "id")
        .values_list("id", *columns, *DATES, *PLAIN, *PLACES)
    )


class DayNumber(Func):
    """A date as date.toordinal() gives it, computed by the database."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '0001-01-01' + 1)"


class Microseconds(Func):
    """A moment as microseconds since 1970 (UTC), computed by the database."""

    output_field = BigIntegerField()
    # EXTRACT gives an exact numeric since PostgreSQL 14.
    template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"


def current() -> BoardIndex:
    """The index of the board as the database has it now: one query, two when it changed."""
    version = caches.board_version()
    return caches.board_index.get(version, lambda: BoardIndex(version, read_rows()))
