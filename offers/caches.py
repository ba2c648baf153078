"""Everything the public pages keep between requests, and the one rule that keeps it fresh.

The rule: whatever is kept is kept under the board's version, and is never read under another.
PostgreSQL moves the version in the transaction of every write to what a public page shows
(triggers on offers, deadlines, organisations, contacts and equivalences: migrations 0002 and
0008), so admin saves, bulk updates, fixtures and the shell are all covered, and nothing in
Python has to remember to invalidate anything.

Each request that builds a page reads the version once (one query, `board_version()`, or
with the rows it reads anyway). A page served whole from the page cache (offers.page_cache) is
looked up under the version this worker read less than `settings.BOARD_VERSION_SECONDS` ago, so
that a stored page is found without a query: a change reaches visitors of stored pages within
that delay (1 s; 0 reads it every time).

Kept in each worker's memory, for the current version only: the board index
(offers.board_index), the search's equivalences as the parser reads them, and the matches and
ranks of recent searches (offers.search). Kept in the shared cache (Redis when REDIS_URL is
set): fragments (cards, articles, the unfiltered form and a search's by its keywords, feed
items: `fragment()`, `card_fragments()`, `each_fragment()`; a search result's card under its
search too), what a search matches and the ranks found so far (`shared_search()`: a worker
meeting a search another one answered reads neither again), and whole pages
(offers.page_cache). Each key holds the version; the language where what is kept is worded,
and the day where it says how far a date is.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from time import monotonic
from typing import Generic, NamedTuple, TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError, connection
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL
from django.utils import translation
from markupsafe import Markup

from . import vocabulary
from .models import SearchEquivalence

T = TypeVar("T")


class RequestVersion:
    """The version one request read: a page is built under one version, read once."""

    version: int | None = None


# Set by Django's request_started and request_finished signals (offers.signals); outside a
# request (commands, tasks, the shell) each board_version() reads the database.
this_request: ContextVar[RequestVersion | None] = ContextVar(
    "board_version_of_request", default=None
)


def request_started(**kwargs) -> None:
    this_request.set(RequestVersion())


def request_finished(**kwargs) -> None:
    this_request.set(None)


def board_version() -> int | None:
    """The board's version: one query, once per request. The equivalences come with it when
    this worker's are of another version (they change with the board)."""
    request = this_request.get()
    if request is not None and request.version is not None:
        return request.version
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
    global last_read
    last_read = LastRead(row[0], monotonic())
    if request is not None:
        request.version = row[0]
    return row[0]


def with_board_version(queryset):
    """The rows with the board's version as `board_version`, read by the same query: a page that
    keeps what it renders from them under that version reads no version of its own, and the
    version is the one of the snapshot the rows come from."""
    return queryset.annotate(
        board_version=RawSQL(
            "SELECT version FROM offers_board_version", (), output_field=BigIntegerField()
        )
    )


def read_with_rows(version: int | None) -> int | None:
    """A version read with rows (`with_board_version`): the request's from then on, as if
    board_version() had read it, so that the page cache stores the page without a query."""
    global last_read
    request = this_request.get()
    if version is not None:
        last_read = LastRead(version, monotonic())
        if request is not None and request.version is None:
            request.version = version
    return version


class LastRead(NamedTuple):
    version: int | None
    at: float


# The version this worker read last, and when (monotonic()).
last_read = LastRead(None, float("-inf"))


def recent_version() -> int | None:
    """The version this worker read less than BOARD_VERSION_SECONDS ago, else read now: what
    the page cache looks pages up under. While the database is unreachable, the last one read,
    so that the pages stored before the outage can still be served."""
    version, at = last_read
    # A clock that went back (tests travel in time) makes the version old, not young.
    if version is not None and 0 <= monotonic() - at < settings.BOARD_VERSION_SECONDS:
        return version
    try:
        return board_version()
    except DatabaseError:
        return version


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


# The shared cache: fragments of pages (offers.page_cache keeps whole pages).

FRAGMENT_LIFETIME = 24 * 60 * 60


def page_store():
    return caches["pages"]


def fragment_key(*parts) -> str:
    return ":".join(["participe:fragment", translation.get_language() or "", *map(str, parts)])


def fragment(name: str, version, today, render, parts=()) -> Markup:
    """One fragment of a page, for this version, day and language: `render()` gives it when it
    is not kept yet. `parts` name which one of its kind it is (an offer's id, say)."""
    if version is None:
        return Markup(render())
    key = fragment_key(name, version, today.isoformat(), *parts)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FRAGMENT_LIFETIME)
    return Markup(html)


def card_part(offer_id: int, search_key: str | None = None) -> str:
    """Which card of an offer: its own, or a search's (with its highlights)."""
    return f"{offer_id}:{search_key}" if search_key else str(offer_id)


def kept_cards(ids, version, today, search_key: str | None = None) -> dict[str, str]:
    """The cards of `ids` that are kept (`card_fragments`), by key: when all are, a search
    reads no highlight."""
    if version is None or not ids:
        return {}
    parts = [card_part(offer_id, search_key) for offer_id in ids]
    return cache.get_many(list(fragment_keys("card", version, today, parts)))


def card_fragments(offers, version, card, today, highlights=None) -> dict[int, Markup]:
    """Each offer's card by id, kept or rendered by the `card` macro: a page of twenty cards is
    one get_many (the list and the organisation pages share them).

    A search result's card is kept under its search too (`highlights`, an
    offers.search.Highlights): the same search shown again reads neither its highlights nor
    its cards' facts twice.
    """
    search_key = highlights.key if highlights else None
    by_part = {card_part(offer.id, search_key): offer for offer in offers}

    def render(offer):
        if highlights is None:
            return card(offer, today)
        return card(offer, today, highlights.of(offer.id))

    kept = highlights.kept_cards if highlights else None
    shown = each_fragment("card", version, by_part, render, today, kept)
    return {offer.id: shown[part] for part, offer in by_part.items()}


def shared_search_key(version, key: str) -> str:
    return f"participe:search:{version}:{key}"


def shared_search(version, key: str) -> dict | None:
    """What a worker shared of a search (offers.search.Matches.shared), for this version."""
    return cache.get(shared_search_key(version, key))


def share_search(version, key: str, shared: dict) -> None:
    cache.set(shared_search_key(version, key), shared, FRAGMENT_LIFETIME)


def fragment_keys(name: str, version, today, parts) -> dict[str, str]:
    """The keys of the fragments `parts` of a kind (`each_fragment`), each to its part."""
    prefix = fragment_key(name, version, *([today.isoformat()] if today else []))
    return {f"{prefix}:{part}": part for part in parts}


def each_fragment(name: str, version, objects: dict, render, today=None, kept=None) -> dict:
    """One fragment per object, by the object's key (an offer's id, say): all read in one
    get_many, the missing ones given by `render(object)` and stored in one set_many.

    `today` when the fragments say how far a date is (a card's "il reste 3 jours"); none for
    those that give dates only (a feed item's deadline). `kept`: fragments already read from
    the cache, by key, which are not asked for again.
    """
    if version is None:
        return {part: Markup(render(obj)) for part, obj in objects.items()}
    keys = fragment_keys(name, version, today, objects)
    found = dict(kept or {})
    unread = [key for key in keys if key not in found]
    if unread:
        found.update(cache.get_many(unread))
    shown, missing = {}, {}
    for key, part in keys.items():
        html = found.get(key)
        if html is None:
            html = missing[key] = str(render(objects[part]))
        shown[part] = Markup(html)
    if missing:
        cache.set_many(missing, FRAGMENT_LIFETIME)
    return shown
