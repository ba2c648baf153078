"""The public list's pages: the board index gives a slice's ids, the database those offers."""

import numpy as np

from .facets import SortOrder
from .models import Offer
from .search import Highlights, rank_rows

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


class BoardResults:
    """The public list's offers as the board index selects and orders them (board_index.py).

    What Django's Paginator needs: count() is the exact total (the index's), and a slice is
    that page's offers, read from the database by id, in the order of offers.ordering
    (tests/offers/test_board_index.py). Sorted by relevance, only the parts a slice falls in
    are ranked (open offers, then closed ones): the first pages rank the open matches, never
    the archive.
    """

    def __init__(self, board, values: dict, within, sort: str, clock, total: int, text=None):
        self.board, self.values, self.within = board, values, within
        self.sort, self.clock, self.total, self.text = sort, clock, total, text
        self.highlights = Highlights(text, board.version) if text else None

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
        return page_offers(ids, self.clock, self.highlights)

    def ranked_ids(self, first: int, last: int) -> list[int]:
        """The ids from `first` to `last` by relevance, open matches first, then closed ones.

        Only the parts the slice falls in are ranked, on the compact summaries, each offer once
        per worker and board version (offers.search.rank_rows), in board_index.by_rank()'s order.
        """
        wanted, start = [], 0
        parts = self.board.rows_by_openness(self.values, self.within, self.clock)
        for part, rows in enumerate(parts):
            if first < start + len(rows) and last > start:
                wanted.append((rows, start, part == 0))
            start += len(rows)
        if not wanted:
            return []
        # One call (one query at most) ranks every part the slice draws from.
        ranks = rank_rows(self.text, self.board, np.concatenate([rows for rows, _, _ in wanted]))
        ids, ranked = [], 0
        for rows, start, open_part in wanted:
            ordered = self.board.by_rank(rows, ranks[ranked : ranked + len(rows)], open_part)
            ranked += len(rows)
            ids.extend(ordered[max(0, first - start) : last - start].tolist())
        return ids


def page_offers(ids: list[int], clock, highlights: Highlights | None = None) -> list[Offer]:
    """The offers of a page, in the order of `ids`, with what the cards read: their
    `applications_open` and `application_deadline`, and a search's highlights when its cards
    are not all kept (offers.search.Highlights)."""
    offers = Offer.objects.filter(id__in=ids).with_openness(clock.today, clock.now)
    annotated = highlights is not None and not highlights.cards_kept(ids, clock.today)
    if annotated:
        offers = highlights.annotate(offers)
    by_id = {offer.id: offer for offer in offers.select_related("organisation").only(*CARD_FIELDS)}
    page = [by_id[id_] for id_ in ids if id_ in by_id]
    if highlights is not None:
        highlights.show(page, annotated)
    return page
