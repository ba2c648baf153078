"""The list near a town: its results in two groups, near offers then entirely remote ones.

What offers.board's results are when `lieu` is chosen, with offers.nearby's masks and distances.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .facets import SortOrder
from .nearby import NEAR, REMOTE, distance_label, radius_of
from .paging import BoardResults, page_offers


@dataclass
class Group:
    """A page's offers of one group, each id's distance in words ("12 km", "≈ 25 km")."""

    name: str
    offers: list = field(default_factory=list)
    distances: dict = field(default_factory=dict)


class NearPage(list):
    """A page of offers (plain Offer rows, in order) and the same offers in their groups."""

    def __init__(self, offers, groups: list[Group]):
        super().__init__(offers)
        self.groups = groups


class NearResults(BoardResults):
    """BoardResults in two parts: the offers within the radius (nearest first when sorted by
    distance, open ones before closed ones), then the entirely remote offers farther away (in
    the order chosen, by deadline when that is distance). A slice is a NearPage: the offers,
    and their groups with each near offer's distance in words."""

    def __init__(self, board, values: dict, within, sort: str, clock, total: int, text=None):
        super().__init__(board, values, within, sort, clock, total, text=text)
        self.commune = values["lieu"]
        self.distances = board.places.distances(self.commune)
        near = self.distances <= radius_of(values)
        selected = board.selected(board.masks(values, clock), within)
        self.parts = [(NEAR, selected & near), (REMOTE, selected & ~near)]
        self.sizes = [int(np.count_nonzero(mask)) for _name, mask in self.parts]

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("NearResults gives slices only.")
        start = max(0, key.start or 0)
        stop = self.total if key.stop is None else min(key.stop, self.total)
        ids, groups, offset = [], {}, 0
        for (name, mask), size in zip(self.parts, self.sizes, strict=True):
            first, last = max(start - offset, 0), min(stop - offset, size)
            if first < last:
                part = self.part_ids(name, mask, first, last)
                ids.extend(part)
                groups.update(dict.fromkeys(part, name))
            offset += size
        offers = page_offers(ids, self.clock, self.highlights)
        rows = self.board.row_of_id
        places = self.board.places
        grouped: list[Group] = []
        for offer in offers:
            name = groups[offer.id]
            if not grouped or grouped[-1].name != name:
                grouped.append(Group(name))
            grouped[-1].offers.append(offer)
            row = rows[offer.id]
            distance = self.distances[row]
            if name == NEAR and np.isfinite(distance):
                approximate = self.commune.approximate or places.approximate[row]
                grouped[-1].distances[offer.id] = distance_label(distance, approximate)
        return NearPage(offers, grouped)

    def part_ids(self, name: str, mask, first: int, last: int) -> list[int]:
        board = self.board
        if name == NEAR and self.sort == SortOrder.DISTANCE:
            return self.nearest_ids(mask, first, last)
        sort = SortOrder.DEADLINE if self.sort == SortOrder.DISTANCE else self.sort
        if self.text and sort == SortOrder.RELEVANCE:
            part = BoardResults(board, self.values, mask, sort, self.clock, self.total, self.text)
            return part.ranked_ids(first, last)
        return board.page_ids(self.values, mask, sort, first, last - first, self.clock)

    def nearest_ids(self, mask, first: int, last: int) -> list[int]:
        """The ids from `first` to `last` of the rows in `mask`, open ones first, each part
        nearest first (then by id)."""
        board, distances = self.board, self.distances
        rows = np.flatnonzero(mask)
        is_open = board.is_open(self.clock)[rows]
        opened = rows[is_open]
        if last <= len(opened):
            # The page is among the open offers: only those no farther than its last one are
            # sorted (all of them at that distance, for the order between equals), not every
            # offer near the town.
            farthest = np.partition(distances[opened], last - 1)[last - 1]
            rows = opened[distances[opened] <= farthest]
            order = np.lexsort((board.ids[rows], distances[rows]))
        else:
            order = np.lexsort((board.ids[rows], distances[rows], ~is_open))
        return board.ids[rows[order[first:last]]].tolist()
