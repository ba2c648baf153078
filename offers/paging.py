"""Pages of the public list that stay fast at 100,000 offers, deep pages included.

The list shows open offers first, then closed ones, each part in its own order. Sorting on an
expression that depends on today cannot use an index, so the list is read as consecutive parts
that can (see segments()), each in the order of a partial index on the published offers. Each
part gives at most a page of ids from its index (a deep page first counts the parts before the
last, in one query, to know where it starts), and the page is one query over those ids. Up to
ONE_QUERY_LIMIT offers, one sorted query is cheaper and gives the same order.

The list passes its exact total (its facet counts compute it anyway). Elsewhere (an
organisation's offers) counting 100,000 rows would cost more than a page, so the total is
counted up to COUNT_LIMIT only: beyond it the page says "plus de 10 000 offres" and a page
exists if it has offers.
"""

from dataclasses import dataclass, field

import numpy as np
from django.core.paginator import InvalidPage
from django.db.models import Case, Count, F, Q, When
from django.utils import timezone

from .facets import SortOrder
from .models import OPEN_WITHOUT_DEADLINE, Offer, OfferQuerySet
from .search import rank_rows, with_relevance

COUNT_LIMIT = 10_000
# Up to this many offers, sorting them all costs less than reading the parts one by one: the
# page is then one query ordered by order_offers().
ONE_QUERY_LIMIT = 1_000
# What an offer card shows: the long texts stay in the database.
CARD_FIELDS = [
    "title",
    "slug",
    "kind",
    "city",
    "department_code",
    "country",
    "place_wording",
    "duration_min_months",
    "duration_max_months",
    "published_at",
    "application_closes_on",
    "start_date",
    "stipend_amount",
    "stipend_unit",
    "weekly_hours_min",
    "weekly_hours_max",
    "organisation__name",
    "organisation__slug",
]


def order_offers(queryset, sort: str):
    """Open offers first, then the chosen order; closed ones most recently closed first."""
    open_first = F("applications_open").desc()
    if sort == SortOrder.RELEVANCE and "relevance" in queryset.query.annotations:
        return queryset.order_by(
            open_first, F("relevance").desc(), F("application_deadline").desc(nulls_last=True), "pk"
        )
    if sort == SortOrder.NEWEST:
        return queryset.order_by(
            open_first,
            F("published_at").desc(nulls_last=True),
            F("application_deadline").desc(nulls_last=True),
            "-pk",
        )
    soonest_open = Case(When(applications_open=True, then=F("application_deadline")))
    return queryset.order_by(
        open_first,
        soonest_open.asc(nulls_last=True),
        F("application_deadline").desc(nulls_last=True),
        "title",
        "pk",
    )


def segments(sort: str) -> list[tuple[Q, list]]:
    """The list as consecutive (condition, order) parts, each one an index can serve.

    Read one after another they give order_offers()'s order (tests/offers/test_paging.py):
    open offers first, the soonest deadline first (or the newest), then closed ones, the most
    recently closed first.
    """
    today = timezone.localdate()
    recent = timezone.now() - OPEN_WITHOUT_DEADLINE
    open_q, closed_q = Offer.objects.open_q(today), Offer.objects.closed_q(today)
    if sort == SortOrder.NEWEST:
        newest = [
            F("published_at").desc(nulls_last=True),
            F("application_closes_on").desc(nulls_last=True),
            F("id").desc(),
        ]
        return [(open_q, newest), (closed_q, newest)]
    return [
        (Q(application_closes_on__gte=today), ["application_closes_on", "title", "id"]),
        (Q(application_closes_on__isnull=True, published_at__gte=recent), ["title", "id"]),
        (closed_q, [F("application_closes_on").desc(nulls_last=True), "title", "id"]),
    ]


@dataclass
class BoundedPaginator:
    count: int
    count_is_exact: bool
    per_page: int
    num_pages: int | None = field(default=None)

    def __post_init__(self):
        if self.count_is_exact:
            self.num_pages = max(1, -(-self.count // self.per_page))


@dataclass
class BoundedPage:
    object_list: list
    number: int
    paginator: BoundedPaginator
    more: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(raw, paginator_count: int, exact: bool, per_page: int) -> int:
    if raw == "last" and exact:
        return max(1, -(-paginator_count // per_page))
    try:
        number = int(raw)
    except (TypeError, ValueError) as exc:
        raise InvalidPage("Ce numéro de page n'est pas un nombre.") from exc
    if number < 1:
        raise InvalidPage("Les pages commencent à 1.")
    return number


def paginate(
    queryset: OfferQuerySet, sort: str, per_page: int, raw_page, count: int | None = None
) -> BoundedPage:
    """A page of `queryset` (filtered, not ordered), open offers first. Raises InvalidPage.

    `count` is the exact number of offers when the caller already knows it (the list's facet
    counts); otherwise they are counted here, up to COUNT_LIMIT.
    """
    queryset = queryset.order_by()
    if count is None:
        count = queryset[: COUNT_LIMIT + 1].count()
        exact = count <= COUNT_LIMIT
    else:
        exact = True
    number = page_number(raw_page or 1, count, exact, per_page)
    if number > 1 and exact and (number - 1) * per_page >= count:
        raise InvalidPage("Cette page n'existe pas.")
    offset = (number - 1) * per_page
    wanted = per_page + 1  # one more row tells whether a next page exists
    if exact and count <= ONE_QUERY_LIMIT:
        if "applications_open" not in queryset.query.annotations:
            queryset = queryset.with_openness()
        ordered = order_offers(queryset, sort)
        rows = list(ordered.select_related("organisation").only(*CARD_FIELDS)[offset:][:wanted])
        if not rows and number > 1:
            raise InvalidPage("Cette page n'existe pas.")
        paginator = BoundedPaginator(count, exact, per_page)
        return BoundedPage(rows[:per_page], number, paginator, more=len(rows) > per_page)

    parts = segments(sort)
    # A page past the first needs the sizes of the parts before the last: one query.
    sizes = part_sizes(queryset, parts[:-1]) if offset else None
    # Each part the page may draw from gives its ids from where the page starts in it, in its
    # index's order; the page is then one query over those few rows, in order_offers()'s order
    # (the parts' orders put together, tests/offers/test_paging.py).
    ids, start = [], 0
    for index, (condition, order) in enumerate(parts):
        last = index == len(parts) - 1
        size = None if sizes is None or last else sizes[index]
        if size is not None and start + size <= offset:
            start += size
            continue
        skip = max(0, offset - start) if sizes is not None else 0
        part_ids = queryset.filter(condition).order_by(*order).values("id")
        ids.append(part_ids[skip : skip + wanted])
        if size is not None:
            start += size
            if start >= offset + wanted:
                break
    page_ids = ids[0].union(*ids[1:], all=True) if len(ids) > 1 else ids[0]
    rows = list(
        order_offers(Offer.objects.filter(id__in=page_ids).with_openness(), sort)
        .select_related("organisation")
        .only(*CARD_FIELDS)[:wanted]
    )
    if not rows and number > 1:
        raise InvalidPage("Cette page n'existe pas.")
    paginator = BoundedPaginator(count if exact else COUNT_LIMIT, exact, per_page)
    return BoundedPage(rows[:per_page], number, paginator, more=len(rows) > per_page)


def part_sizes(queryset: OfferQuerySet, parts) -> list[int]:
    counts = queryset.aggregate(
        **{
            f"part{index}": Count("pk", filter=condition)
            for index, (condition, *_) in enumerate(parts)
        }
    )
    return [counts[f"part{index}"] for index in range(len(parts))]


class BoardResults:
    """The public list's offers as the board index selects and orders them (board_index.py).

    What Django's Paginator needs: count() is the exact total (the index's), and a slice is
    that page's offers, read from the database by id, in the order of paging.order_offers()
    (tests/offers/test_board_index.py). With keywords the offers carry their highlighted
    snippets; sorted by relevance, only the parts a slice falls in are ranked (open offers,
    then closed ones): the first pages rank the open matches, never the archive.
    """

    def __init__(self, board, values: dict, within, sort: str, clock, total: int, text=None):
        self.board, self.values, self.within = board, values, within
        self.sort, self.clock, self.total, self.text = sort, clock, total, text

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("BoardResults gives slices only.")
        start = max(0, key.start or 0)
        stop = self.total if key.stop is None else min(key.stop, self.total)
        if stop <= start:
            return []
        if self.text and self.sort == SortOrder.RELEVANCE:
            ids = self.ranked_ids(start, stop)
        else:
            ids = self.board.page_ids(
                self.values, self.within, self.sort, start, stop - start, self.clock
            )
        return page_offers(self.board, ids, self.text, self.clock)

    def ranked_ids(self, first: int, last: int) -> list[int]:
        """The ids from `first` to `last` by relevance, open matches first, then closed ones.

        Only the parts the slice falls in are ranked, on the compact summaries, each offer once
        per worker and board version (offers.search.rank_rows), in board_index.by_rank()'s order.
        """
        wanted, start = [], 0
        for rows in self.board.rows_by_openness(self.values, self.within, self.clock):
            if first < start + len(rows) and last > start:
                wanted.append((rows, start))
            start += len(rows)
        if not wanted:
            return []
        # One call (one query at most) ranks every part the slice draws from.
        ranks = rank_rows(self.text, self.board, np.concatenate([rows for rows, _ in wanted]))
        ids, ranked = [], 0
        for rows, start in wanted:
            ordered = self.board.by_rank(rows, ranks[ranked : ranked + len(rows)])
            ranked += len(rows)
            ids.extend(ordered[max(0, first - start) : last - start].tolist())
        return ids


def page_offers(board, ids: list[int], text, clock) -> list[Offer]:
    """The offers of a page, in the order of `ids`, with what the cards read."""
    offers = Offer.objects.filter(id__in=ids)
    if text:
        offers = with_relevance(offers, text, version=board.version)
    # What the cards read of openness is the index's, computed once for the whole board.
    by_id = {offer.id: offer for offer in offers.select_related("organisation").only(*CARD_FIELDS)}
    rows = [by_id[id_] for id_ in ids if id_ in by_id]
    for offer in rows:
        offer.application_deadline = offer.application_closes_on
        offer.applications_open = board.is_open_id(offer.id, clock)
    return rows
