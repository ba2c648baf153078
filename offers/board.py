"""Which offers a search selects: the one question the board answers, asked here the same way.

The list, the organisation page, the feeds, the calendars, the CSV/JSON exports and the alerts
(their matching and their descriptions) all start from `read(params)`: the list's query
parameters (a QueryDict, as request.GET or a stored query string gives them) and a clock,
cleaned once into a `Search`. From it:

- `results(search)`: what the list shows: the total, each filter option's count, the page of
  offers (from the board index, offers/board_index.py), the keywords' suggestion;
- `organisation_results(organisation)`: an organisation's published offers, paged the same way;
- `matching(search)`: the published offers it selects, as a QuerySet (alerts, feeds);
- `ordered(search)`: the same in the list's order, ranked when there are keywords (calendars,
  exports);
- `chips(search)`: each active filter value in words, with the link that removes it alone;
- `search.querystring`: the canonical query string (filters only, no page or sort), which
  feeds, calendars, exports and alerts are addressed by.

Nothing here knows a filter by name: they are all declared in offers/facets.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext

from . import board_index, caches, nearby
from .facets import BY_NAME, MONTH, NEAR, Clock, SortOrder
from .filters import LIST_PARAMETERS, OfferFilter
from .nearby_list import NearResults
from .ordering import order_offers
from .paging import BoardResults
from .params import filled
from .search import (
    SUGGEST_AT_MOST,
    Highlights,
    matches,
    parse,
    suggestion,
    with_relevance,
)

# Paging and order say which part of the results is shown, not which offers are selected.
NOT_A_FILTER = ("page", "sort")


def default_sort(text: str | None, near=None) -> str:
    """By relevance when the keywords hold a searchable word ("---" holds none), else by
    distance near a town, else deadline."""
    if text and parse(text, equivalences=()):
        return SortOrder.RELEVANCE
    return SortOrder.DISTANCE if near else SortOrder.DEADLINE


@dataclass(frozen=True)
class Search:
    """A search as the list reads it: the cleaned filters, the keywords, the order, the day."""

    params: QueryDict
    clock: Clock
    filterset: OfferFilter
    # The keywords when they hold a searchable word, else None ("---": the list as it is).
    text: str | None
    # The cleaned value of each facet that restricts the list (the keywords apart).
    values: dict
    sort: str

    @property
    def near(self):
        """The commune `lieu` names (offers.communes.Commune), or None."""
        return self.values.get("lieu")

    @property
    def is_valid(self) -> bool:
        return not self.filterset.is_bound or self.filterset.form.is_valid()

    @property
    def errors(self):
        return self.filterset.form.errors if self.filterset.is_bound else {}

    @property
    def notices(self) -> list[str]:
        return getattr(self.filterset.form, "notices", [])

    @property
    def kept_filters(self) -> list[tuple[str, str]]:
        """The filters a search from the header keeps: all but the keywords and the page."""
        return [
            (name, value)
            for name, values in filled(self.params).lists()
            if name in LIST_PARAMETERS and name not in ("q", "page")
            for value in values
        ]

    @property
    def keywords_only(self) -> bool:
        """Whether the keywords are the search's only filter (paging and order aside)."""
        return set(filled(self.params)) - set(NOT_A_FILTER) == {"q"} and bool(self.text)

    @property
    def querystring(self) -> str:
        """The filters without paging or sorting: what feeds, calendars and exports are asked."""
        params = filled(self.params)
        for name in NOT_A_FILTER:
            params.pop(name, None)
        return params.urlencode()


def read(params: QueryDict | str, clock: Clock | None = None) -> Search:
    """The list's parameters cleaned once; invalid values are left out (with their message)."""
    if isinstance(params, str):
        params = QueryDict(params)
    clock = clock or Clock.current()
    filterset = OfferFilter(params or None, clock=clock)
    values = filterset.active_values()
    text = values.pop("q", None)
    if text and not parse(text, equivalences=()):
        text = None
    near = values.get("lieu")
    sort = filterset.cleaned().get("sort") or default_sort(text, near)
    if sort == SortOrder.DISTANCE and not near:
        sort = SortOrder.DEADLINE  # a distance from nowhere
    return Search(params, clock, filterset, text, values, sort)


def matching(search: Search):
    """The published offers the search selects, in no order."""
    return search.filterset.qs


def ordered(search: Search):
    """The published offers the search selects, in the list's order (ranked with keywords)."""
    queryset = matching(search)
    if search.text:
        # Exports and calendars never show snippets: the rank alone.
        queryset = with_relevance(queryset, search.text)
    return order_offers(queryset, search.sort, ranked=bool(search.text))


@dataclass(frozen=True)
class Chip:
    """One active filter value: "Région : Bretagne", and the list without it."""

    name: str
    label: object
    value: object
    remove_url: str


def chips(search: Search) -> list[Chip]:
    """The filters a student has set, each value with a link that removes it alone."""
    shown = []
    values = search.filterset.active_values()
    for name, value in values.items():
        facet = BY_NAME.get(name)
        if facet is None:
            continue
        labels = dict(facet.options())
        for chosen in facet.chosen(value):
            remaining = filled(search.params)
            remaining.pop("page", None)
            if facet.multiple:
                remaining.setlist(name, [v for v in remaining.getlist(name) if v != chosen])
            else:
                remaining.pop(name, None)
                if facet.companion:
                    remaining.pop(facet.companion[0], None)
                for retired in facet.retired:
                    remaining.pop(retired, None)
            if chosen is True:
                value_shown = gettext("oui")
            elif facet.store == MONTH:
                value_shown = formats.date_format(chosen, "YEAR_MONTH_FORMAT")
            elif facet.store == NEAR:
                value_shown = nearby.chip_value(chosen, values)
            else:
                value_shown = labels.get(chosen, chosen)
            remove_url = f"?{remaining.urlencode()}" if remaining else "?"
            shown.append(Chip(name, facet.label, value_shown, remove_url))
        if facet.store == MONTH and values.get(facet.companion[0]):
            shown.append(companion_chip(search, facet))
    return shown


def companion_chip(search: Search, facet) -> Chip:
    """A companion checkbox that restricts the list on its own: "Seulement les offres dont le
    début est précisé : oui", and the list with it unticked."""
    name, label = facet.companion
    remaining = filled(search.params)
    for removed in ("page", name, *facet.retired):
        remaining.pop(removed, None)
    remove_url = f"?{remaining.urlencode()}" if remaining else "?"
    return Chip(name, label, gettext("oui"), remove_url)


@dataclass(frozen=True)
class Suggestion:
    """ "Vouliez-vous dire : concertation ?": the keywords respelt, and the list with them."""

    text: str
    url: str


@dataclass(frozen=True)
class Near:
    """What the list says of a search near a town: the town, the radius it applied (widened
    when nothing was within the one asked), and the widening in words (None when not widened)."""

    commune: object
    radius: int
    widening: str | None


@dataclass
class Results:
    """What the list shows of a search. `offers` is what Django's Paginator slices."""

    search: Search | None
    clock: Clock
    version: int | None
    total: int
    offers: BoardResults
    facets: dict = field(default_factory=dict)
    near: Near | None = None

    @cached_property
    def form(self):
        """The search's form, each option's label with its count (offers.filters.SearchForm):
        the form the search was cleaned with, not a second one cleaned again."""
        filterset = self.search.filterset
        filterset.form.show_counts(self.facets, filterset.cleaned().get("region") or [])
        return filterset.form

    def form_html(self) -> str:
        """The search's form drawn (`form`). The unfiltered form, and a search's by its
        keywords alone, are the same for every visitor: drawn once per board version,
        language, day (the closing-soon and freshness counts change daily) and keywords."""
        search, form = self.search, self.form
        if not search.querystring:
            parts = ()
        elif search.keywords_only and search.is_valid and not search.notices:
            parts = (self.highlights.key,)
        else:
            return form.render()
        return caches.fragment("form", self.version, search.clock.today, form.render, parts)

    @property
    def highlights(self) -> Highlights | None:
        """A search's highlights for the page's cards (offers.search.Highlights)."""
        return self.offers.highlights

    def suggestion(self) -> Suggestion | None:
        """A respelling when the keywords find nothing or very little (one query)."""
        text = self.search.text if self.search else None
        if not text or self.total > SUGGEST_AT_MOST:
            return None
        respelt = suggestion(text)
        if respelt is None:
            return None
        params = self.search.params.copy()
        params["q"] = respelt
        params.pop("page", None)
        return Suggestion(respelt, f"?{params.urlencode()}")


def results(search: Search) -> Results:
    """The list's answer: facet counts, total and pages, from the board index."""
    board = board_index.current()
    # A search's matches, their rows and counts are kept by this worker for the board's version.
    found = matches(search.text, board.version) if search.text else None
    within = found.board_rows(board) if found else None
    values, near = search.values, None
    if search.near:
        # Nothing within the radius: the list widens it (feeds and alerts keep it as given).
        widening = nearby.widened(board, values, within, search.clock)
        if widening and widening["radius"]:
            values = {**values, "rayon": widening["radius"]}
        notice = nearby.widening_notice(widening) if widening else None
        near = Near(search.near, nearby.radius_of(values), notice)
    counts = board.facet_counts(values, within, search.clock, found.counts if found else None)
    kind = NearResults if near else BoardResults
    offers = kind(board, values, within, search.sort, search.clock, counts["total"], search.text)
    return Results(
        search, search.clock, board.version, counts["total"], offers, counts["facets"], near
    )


def organisation_results(organisation, clock: Clock | None = None) -> Results:
    """An organisation's published offers, in the list's order, paged like the list."""
    clock = clock or Clock.current()
    board = board_index.current()
    within = board.organisation_rows(organisation.pk)
    total = int(np.count_nonzero(within))
    offers = BoardResults(board, {}, within, SortOrder.DEADLINE, clock, total)
    return Results(None, clock, board.version, total, offers)
