"""What a facet count should be, asked of the database: the list of the search with that
option instead of the facet's own (shared by the tests that compare counts with the database)."""

from collections.abc import Callable

from offers.facets import BY_NAME, MONTH, UNSTATED


def expected_count(name: str, value, params: dict, count: Callable[[dict], int]) -> int:
    """`count(params)` is the database's number of offers a search lists."""
    facet = BY_NAME[name]
    # Without the facet: its companion goes with it ("" is the count without this filter).
    companion = facet.companion[0] if facet.companion else None
    applied = {key: val for key, val in params.items() if key not in (name, companion)}
    if facet.store == MONTH and value == UNSTATED:
        # The offers that state no start: those the box "only those that state it" leaves out.
        return count(applied) - count({**applied, companion: "on"})
    if value is True:
        applied[name] = "on"
    elif value != "":
        applied[name] = value
    return count(applied)
