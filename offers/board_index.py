"""The published offers as columns in memory: the list's facet counts and pages in a millisecond.

Why: the list shows, next to each of its 160 filter options, how many offers it would give with
the other filters. PostgreSQL answered with forty conditional counts and a grouped count over
every published offer: 180 ms at 88,000 published offers, on every list page not served from
the page cache. Here the same counts are a few vectorised operations (numpy) over one array per
filtered field, and a page's position in its order comes from ranks computed once: about a
millisecond. The page's offers are then read from the database by id.

Never stale: the board's version (table offers_board_version, migration 0007) changes, by
database triggers, in the transaction of every write that can change the list (bulk and raw
ones included). Each request reads it, one query; an index built at another version is rebuilt
before it is used, once per process.

The conditions mirror OfferFilter.condition() and filters.in_region(), and the orders mirror
paging.order_offers(): tests/offers/test_board_index.py compares both on random boards.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    ExpressionWrapper,
    Func,
    IntegerField,
    Value,
    When,
)
from django.utils import timezone

from organisations.models import OrganisationKind

from .filters import (
    ABROAD,
    CLOSING_SOON_DAYS,
    PLACE_FACETS,
    ApplicationStatus,
    DurationBucket,
    OfferFilter,
    SortOrder,
    StipendBucket,
    duration_condition,
    stipend_condition,
)
from .geography import DEPARTEMENTS
from .models import (
    OPEN_WITHOUT_DEADLINE,
    EducationLevel,
    Offer,
    OfferKind,
)


class Vocabulary(list):
    """The values a column's codes stand for; a value's code is its position."""

    def __init__(self, values):
        super().__init__(values)
        self.codes = {value: code for code, value in enumerate(self)}


KINDS = Vocabulary(OfferKind.values)
ORGANISATION_KINDS = Vocabulary(OrganisationKind.values)
LEVELS = Vocabulary(EducationLevel.values)
DEPARTMENT_CODES = Vocabulary(DEPARTEMENTS)
REGION_CODES = Vocabulary(sorted({region for _name, region in DEPARTEMENTS.values()}))
DURATIONS = Vocabulary(value for value, _label in DurationBucket.CHOICES)
# "Au moins 600 € par mois"…, ascending: an offer's step is how many of them it reaches.
THRESHOLDS = Vocabulary(sorted(int(value) for value, _ in StipendBucket.CHOICES if value.isdigit()))
# The facets whose counts change with the day, not only with the board.
DATED_FACETS = ("bientot", "status")
# Sorts a missing date after every real one.
LAST = np.iinfo(np.int64).max
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)

COLUMNS = [
    "id",
    "kind",
    "department_code",
    "country",
    "organisation__kind",
    "duration_bucket",
    "education_level",
    "stipend_stated",
    "stipend_step",
    "remote_possible",
    "no_licence",
    "closes_day",
    "published_microsecond",
]


@dataclass(frozen=True)
class Clock:
    """What openness depends on, read once per request (OfferQuerySet.open_q)."""

    today: int  # date.toordinal()
    recent: int  # microseconds since 1970: published since then and undated means open

    @classmethod
    def now(cls) -> Clock:
        recent = timezone.now() - OPEN_WITHOUT_DEADLINE
        return cls(timezone.localdate().toordinal(), (recent - EPOCH) // MICROSECOND)


def codes(values: Iterable, vocabulary: Vocabulary) -> np.ndarray:
    """Each value's code, -1 when it is not in the vocabulary (blank, unknown)."""
    known = vocabulary.codes
    return np.fromiter((known.get(value, -1) for value in values), dtype=np.int16)


class BoardIndex:
    def __init__(self, version, rows: list[tuple]):
        self.version = version
        # Rows come in (title, id) order, the database's collation: a row's index is its rank.
        self.size = size = len(rows)
        values = zip(*rows, strict=True) if rows else [()] * len(COLUMNS)
        columns = dict(zip(COLUMNS, values, strict=True))
        self.ids = np.fromiter(columns["id"], dtype=np.int64, count=size)
        self.kind = codes(columns["kind"], KINDS)
        self.department = codes(columns["department_code"], DEPARTMENT_CODES)
        self.abroad = np.fromiter((c != "FR" for c in columns["country"]), bool, count=size)
        region_of_department = np.array(
            [REGION_CODES.index(DEPARTEMENTS[code][1]) for code in DEPARTMENT_CODES],
            dtype=np.int16,
        )
        self.region = np.where(
            (self.department >= 0) & ~self.abroad,
            region_of_department[np.maximum(self.department, 0)],
            -1,
        )
        self.organisation_kind = codes(columns["organisation__kind"], ORGANISATION_KINDS)
        self.duration = np.fromiter(columns["duration_bucket"], dtype=np.int16, count=size)
        self.level = codes(columns["education_level"], LEVELS)
        self.stipend_stated = np.fromiter(columns["stipend_stated"], dtype=bool, count=size)
        self.stipend_step = np.fromiter(columns["stipend_step"], dtype=np.int16, count=size)
        self.remote = np.fromiter(columns["remote_possible"], dtype=bool, count=size)
        self.licence_required = ~np.fromiter(columns["no_licence"], dtype=bool, count=size)
        self.closes = np.fromiter(
            (LAST if day is None else day for day in columns["closes_day"]),
            dtype=np.int64,
            count=size,
        )
        self.dated = self.closes != LAST
        self.published = np.fromiter(
            (LAST if at is None else at for at in columns["published_microsecond"]),
            dtype=np.int64,
            count=size,
        )
        # The list's orders (paging.order_offers), as ranks; ties end on the title, then id.
        # The rows in each order the list's parts use (paging.order_offers, paging.segments).
        by_title = np.arange(size)
        self.by_soonest = np.lexsort((by_title, self.closes))  # undated ones last
        self.soonest_days = self.closes[self.by_soonest]
        latest_first = np.where(self.dated, -self.closes, LAST)
        self.by_latest = np.lexsort((by_title, latest_first))
        newest_first = np.where(self.published != LAST, -self.published, LAST)
        self.by_newest = np.lexsort((-self.ids, latest_first, newest_first))
        self.board_counts = None  # facet_counts() of the whole board, once asked for
        self.last_openness = None  # (clock, is_open(clock))
        self.row_of_id = np.full(int(self.ids.max(initial=0)) + 1, -1, dtype=np.int64)
        self.row_of_id[self.ids] = np.arange(size)

    # Conditions: each mirrors OfferFilter.condition() for the same cleaned value.

    def is_open(self, clock: Clock) -> np.ndarray:
        """OfferQuerySet.open_q(); kept for the last clock asked, which a request asks often."""
        last = self.last_openness
        if last is not None and last[0] == clock:
            return last[1]
        is_open = (self.dated & (self.closes >= clock.today)) | (
            ~self.dated & (self.published != LAST) & (self.published >= clock.recent)
        )
        is_open.flags.writeable = False  # shared: callers combine it, never change it
        self.last_openness = (clock, is_open)
        return is_open

    def is_open_id(self, offer_id: int, clock: Clock) -> bool:
        """OfferQuerySet.open_q() for one offer of the index."""
        return bool(self.is_open(clock)[self.row_of_id[offer_id]])

    def condition(self, name: str, value, clock: Clock) -> np.ndarray | None:
        if name == "kind":
            return self.kind == position(KINDS, value)
        if name == "region":
            if value == ABROAD:
                return self.abroad
            return self.region == position(REGION_CODES, value)
        if name == "departement":
            return self.department == position(DEPARTMENT_CODES, value)
        if name == "org_kind":
            return self.organisation_kind == position(ORGANISATION_KINDS, value)
        if name == "duration":
            return self.duration == position(DURATIONS, value)
        if name == "level":
            return self.level == position(LEVELS, value)
        if name == "stipend":
            if value == StipendBucket.STATED:
                return self.stipend_stated
            index = position(THRESHOLDS, int(value))
            return self.stipend_step > index if index >= 0 else np.zeros(self.size, bool)
        if name == "remote":
            return self.remote.copy()
        if name == "no_licence":
            return ~self.licence_required
        if name == "bientot":
            last_day = clock.today + CLOSING_SOON_DAYS
            return self.dated & (self.closes >= clock.today) & (self.closes <= last_day)
        if name == "status":
            if value == ApplicationStatus.OPEN:
                return self.is_open(clock)
            if value == ApplicationStatus.CLOSED:
                return ~self.is_open(clock)
        return None

    def rows_of(self, ids: Iterable[int]) -> np.ndarray:
        """The offers among `ids` (a search's matches), as a mask; unknown ids are ignored."""
        wanted = np.asarray(ids, dtype=np.int64)
        wanted = wanted[(wanted >= 0) & (wanted < len(self.row_of_id))]
        rows = self.row_of_id[wanted]
        mask = np.zeros(self.size, dtype=bool)
        mask[rows[rows >= 0]] = True
        return mask

    def masks(self, values: dict, clock: Clock) -> dict[str, np.ndarray]:
        masks = {}
        for name, value in values.items():
            mask = self.condition(name, value, clock)
            if mask is not None:
                masks[name] = mask
        return masks

    def selected(self, masks: dict, within: np.ndarray | None, leave_out=()) -> np.ndarray:
        selected = np.ones(self.size, dtype=bool) if within is None else within.copy()
        for name, mask in masks.items():
            if name not in leave_out:
                selected &= mask
        return selected

    # Facet counts, as OfferFilter.facet_counts() gave them.

    def facet_counts(
        self, filterset: OfferFilter, values: dict, within: np.ndarray | None, clock: Clock
    ) -> dict:
        """{"total": n, "facets": {name: {"": count without this filter, option: count}}}."""
        masks = self.masks(values, clock)
        if masks or within is not None:
            return self.count_facets(filterset, masks, within, clock)
        # The whole board, the list's first page: counted once per index, but for the facets
        # that depend on the day.
        if self.board_counts is None:
            self.board_counts = self.count_facets(filterset, {}, None, clock)
        facets = dict(self.board_counts["facets"])
        everything = np.ones(self.size, dtype=bool)
        for name in DATED_FACETS:
            options = filterset.facet_options(name)
            facets[name] = {"": self.size, **self.option_counts(name, options, everything, clock)}
        return {"total": self.size, "facets": facets}

    def count_facets(
        self, filterset: OfferFilter, masks: dict, within: np.ndarray | None, clock: Clock
    ) -> dict:
        facets = {}
        total = self.selected(masks, within)
        for name in OfferFilter.FACETS:
            if name in PLACE_FACETS:
                continue
            # A facet with no value chosen counts within the whole selection.
            others = self.selected(masks, within, leave_out={name}) if name in masks else total
            counts = {"": int(np.count_nonzero(others))}
            counts.update(self.option_counts(name, filterset.facet_options(name), others, clock))
            facets[name] = counts
        places = (
            self.selected(masks, within, leave_out=set(PLACE_FACETS))
            if masks.keys() & set(PLACE_FACETS)
            else total
        )
        by_departement = places & masks["departement"] if "departement" in masks else places
        by_region = places & masks["region"] if "region" in masks else places
        facets["region"] = {"": int(np.count_nonzero(by_departement))}
        regions = tally(self.region, by_departement, len(REGION_CODES))
        for value in filterset.facet_options("region"):
            if value == ABROAD:
                facets["region"][value] = int(np.count_nonzero(by_departement & self.abroad))
            else:
                facets["region"][value] = lookup(regions, REGION_CODES, value)
        facets["departement"] = {"": int(np.count_nonzero(by_region))}
        departements = tally(self.department, by_region, len(DEPARTMENT_CODES))
        for value in filterset.facet_options("departement"):
            facets["departement"][value] = lookup(departements, DEPARTMENT_CODES, value)
        return {"total": int(np.count_nonzero(total)), "facets": facets}

    def option_counts(self, name: str, options: list, others: np.ndarray, clock: Clock) -> dict:
        columns = {
            "kind": (self.kind, KINDS),
            "org_kind": (self.organisation_kind, ORGANISATION_KINDS),
            "duration": (self.duration, DURATIONS),
            "level": (self.level, LEVELS),
        }
        if name in columns:
            column, vocabulary = columns[name]
            counts = tally(column, others, len(vocabulary))
            return {value: lookup(counts, vocabulary, value) for value in options}
        if name == "stipend":
            steps = tally(self.stipend_step, others, len(THRESHOLDS) + 1)
            result = {}
            for value in options:
                if value == StipendBucket.STATED:
                    result[value] = int(np.count_nonzero(others & self.stipend_stated))
                else:
                    result[value] = int(steps[position(THRESHOLDS, int(value)) + 1 :].sum())
            return result
        result = {}
        for value in options:
            mask = self.condition(name, value, clock)
            selected = others if mask is None else others & mask
            result[value] = int(np.count_nonzero(selected))
        return result

    # Pages.

    def matching_by_openness(
        self, values: dict, within: np.ndarray | None, clock: Clock
    ) -> tuple[list[int], list[int]]:
        """The ids of the selected offers, open ones then closed ones, each in no order."""
        selected = self.selected(self.masks(values, clock), within)
        is_open = self.is_open(clock)
        return self.ids[selected & is_open].tolist(), self.ids[selected & ~is_open].tolist()

    def by_rank(self, ids: list[int], ranks: dict[int, float]) -> list[int]:
        """`ids` by search rank, then as order_offers() breaks ties: latest deadline, then id."""
        if not ids:
            return []
        ids_ = np.array(ids, dtype=np.int64)
        rows = self.row_of_id[ids_]
        latest_first = np.where(self.dated[rows], -self.closes[rows], LAST)
        rank = np.array([ranks.get(id_, 0.0) for id_ in ids], dtype=np.float64)
        return ids_[np.lexsort((ids_, latest_first, -rank))].tolist()

    def page_ids(
        self,
        values: dict,
        within: np.ndarray | None,
        sort: str,
        offset: int,
        limit: int,
        clock: Clock,
    ) -> list[int]:
        """The ids of `limit` offers from `offset`, in paging.order_offers()'s order.

        The list is its parts one after the other, each a slice or a filter of an order
        computed when the index was built: open offers by deadline (or newest first), open ones
        without a deadline by title, closed ones by latest deadline.
        """
        selected = self.selected(self.masks(values, clock), within)
        is_open = self.is_open(clock)
        if sort == SortOrder.NEWEST:
            order = self.by_newest
            parts = [order[(selected & is_open)[order]], order[(selected & ~is_open)[order]]]
        else:
            # The open offers with a deadline are a slice of the soonest-first order.
            first = np.searchsorted(self.soonest_days, clock.today)
            last = np.searchsorted(self.soonest_days, LAST)
            dated_open = self.by_soonest[first:last]
            undated_open = selected & is_open & ~self.dated
            closed = selected & ~is_open
            parts = [
                dated_open[selected[dated_open]],
                np.flatnonzero(undated_open),
                self.by_latest[closed[self.by_latest]],
            ]
        rows, skip = [], offset
        for part in parts:
            if skip >= len(part):
                skip -= len(part)
                continue
            rows.extend(part[skip : skip + limit - len(rows)].tolist())
            skip = 0
            if len(rows) == limit:
                break
        return self.ids[rows].tolist() if rows else []


def position(vocabulary: Vocabulary, value) -> int:
    # -2 matches no row (-1 is "blank").
    return vocabulary.codes.get(value, -2)


def tally(column: np.ndarray, selected: np.ndarray, length: int) -> np.ndarray:
    """How many selected rows have each code 0..length-1 (blank, -1, is left out)."""
    return np.bincount(column[selected] + 1, minlength=length + 1)[1:]


def lookup(counts: np.ndarray, vocabulary: Vocabulary, value) -> int:
    index = position(vocabulary, value)
    return int(counts[index]) if 0 <= index < len(counts) else 0


def read_rows() -> list[tuple]:
    """The published offers in (title, id) order, each field as the index stores it.

    The buckets are computed by the filters' own conditions, in SQL; dates come as numbers:
    turning 88,000 rows into datetimes and decimals cost half a second.
    """
    offers = OfferFilter.prepare(Offer.objects.visible())
    durations = [
        When(duration_condition(value), then=Value(index)) for index, value in enumerate(DURATIONS)
    ]
    steps = [
        When(stipend_condition(str(threshold)), then=Value(index + 1))
        for index, threshold in reversed(list(enumerate(THRESHOLDS)))
    ]
    return list(
        offers.annotate(
            duration_bucket=Case(*durations, default=Value(-1)),
            stipend_stated=ExpressionWrapper(
                stipend_condition(StipendBucket.STATED), output_field=BooleanField()
            ),
            stipend_step=Case(
                *steps,
                When(monthly_stipend__isnull=False, then=Value(0)),
                default=Value(-1),
            ),
            remote_possible=ExpressionWrapper(
                OfferFilter.condition("remote", True), output_field=BooleanField()
            ),
            no_licence=ExpressionWrapper(
                OfferFilter.condition("no_licence", True), output_field=BooleanField()
            ),
            closes_day=DayNumber("application_closes_on"),
            published_microsecond=Microseconds("published_at"),
        )
        .order_by("title", "id")
        .values_list(*COLUMNS)
    )


class DayNumber(Func):
    """A date as date.toordinal() gives it, computed by the database."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s - DATE '0001-01-01' + 1)", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(julianday(%(expressions)s) - 1721424.5 AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)


class Microseconds(Func):
    """A moment as microseconds since 1970 (UTC), computed by the database."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        # EXTRACT gives an exact numeric since PostgreSQL 14.
        template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400000000) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)


def board_version() -> int | None:
    from . import vocabulary

    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version FROM offers_board_version")
            row = cursor.fetchone()
        return row[0] if row else None
    # The search's equivalences change with the board (offers.vocabulary): when this worker's
    # are of another version, they come with it, in the same query.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, CASE WHEN version IS DISTINCT FROM %s THEN"
            " (SELECT coalesce(array_agg(wordings ORDER BY id), '{}')"
            "  FROM offers_searchequivalence) END FROM offers_board_version",
            [vocabulary.known_version()],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    if row[1] is not None:
        vocabulary.remember(row[0], row[1])
    return row[0]


_lock = threading.Lock()
_current: BoardIndex | None = None


def current() -> BoardIndex:
    """The index of the board as the database has it now: one query, two when it changed."""
    global _current
    version = board_version()
    index = _current
    if index is not None and version is not None and index.version == version:
        return index
    with _lock:
        index = _current
        if index is None or version is None or index.version != version:
            index = BoardIndex(version, read_rows())
            _current = index
    return index
