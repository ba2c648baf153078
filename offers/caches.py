"""Everything the public pages keep between requests, and the rule that keeps it fresh.

The rule: whatever is kept is kept under the board's version, and is never read under another.
PostgreSQL moves the version in the transaction of every write that changes what a public page
shows (offers_board_version, migration 0002: offers, deadlines through the offer's copy of its
deadline, an organisation's kind, the search's equivalences); the shared cache's keys (cards,
articles, the unfiltered form, whole pages) also carry the page generation, which Django moves
after every change it saves to what those show besides (offers.signals), so that a stored page is
found without a query.

Kept in each worker's memory, for the current version only: the board index
(offers.board_index), the search's equivalences as the parser reads them, and the matches
and ranks of recent searches (offers.search). Kept in the shared cache (Redis when REDIS_URL is
set): fragments (offers.fragments) and pages (offers.page_cache).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.cache import caches
from django.db import connection

from . import vocabulary
from .models import SearchEquivalence

T = TypeVar("T")


def board_version() -> int | None:
    """The board's version: one query. The equivalences come with it when this worker's are of
    another version (they change with the board)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, CASE WHEN version IS DISTINCT FROM %s THEN"
            " (SELECT coalesce(array_agg(wordings ORDER BY id), '{}')"
            "  FROM offers_searchequivalence) END FROM offers_board_version",
            [equivalence_groups.version],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    if row[1] is not None:
        equivalence_groups.put(row[0], compiled_equivalences(row[1]))
    return row[0]


class Kept(Generic[T]):
    """One value per worker, for one version of the board: built once, by one thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.value: T | None = None

    def get(self, version, build: Callable[[], T]) -> T:
        if version is not None and self.version == version:
            return self.value
        with self.lock:
            if version is None or self.version != version:
                value = build()
                if version is None:
                    return value
                self.version, self.value = version, value
            return self.value

    def put(self, version, value: T) -> None:
        with self.lock:
            self.version, self.value = version, value


class KeptRecent(Generic[T]):
    """The most recent values by key, for one version of the board (the others are dropped)."""

    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.version = None
        self.values: OrderedDict = OrderedDict()

    def get(self, version, key) -> T | None:
        with self.lock:
            if version != self.version or key not in self.values:
                return None
            self.values.move_to_end(key)
            return self.values[key]

    def put(self, version, key, value: T) -> None:
        with self.lock:
            if version != self.version:
                self.version, self.values = version, OrderedDict()
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


# The board index (offers.board_index.current()).
board_index = Kept()
# Each equivalence group as the search parser reads it: its wordings' words (offers.search).
equivalence_groups: Kept[tuple] = Kept()
# Ranked searches kept per worker (offers.search.matches()).
searches: KeptRecent = KeptRecent(64)


def compiled_equivalences(wordings: list[str]) -> tuple:
    """Each SearchEquivalence's wordings (one per line) as the parser's groups: read once per
    version, not at each search."""
    return vocabulary.compiled(vocabulary.split_wordings(text) for text in wordings)


def equivalences(version: int | None = None) -> tuple:
    """The equivalence groups as the parser reads them, for the board's version (read with the
    version when the caller does not know it: one query)."""
    if version is None or version != equivalence_groups.version:
        version = board_version()
    if version is not None and equivalence_groups.version == version:
        return equivalence_groups.value
    # No version row (a database the migrations did not fill): read them now.
    rows = SearchEquivalence.objects.order_by("pk").values_list("wordings", flat=True)
    return compiled_equivalences(list(rows))


# The shared cache's part of the rule: the page generation.

GENERATION_KEY = "participe:pages:generation"


def page_store():
    return caches["pages"]


def invalidate() -> None:
    """Move the page generation on: every stored page and fragment is then out of reach."""
    cache = page_store()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Missing (first change, or evicted): start from the clock so that a restarted counter
        # can never meet the keys of pages cached under an older generation.
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def generation() -> int:
    cache = page_store()
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value
