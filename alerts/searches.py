"""A list search as a subscription stores it: the filters' own names, normalised."""

from django.http import QueryDict

from offers import board, words
from offers.facets import BY_NAME as FACETS_BY_NAME
from offers.filters import LIST_PARAMETERS

from .models import MAX_QUERYSTRING_LENGTH


class InvalidSearch(ValueError):
    pass


def normalised_querystring(querystring: str) -> str:
    """Keywords and filters in a fixed order, without empty values, paging or sorting, so that
    one search subscribed twice is one subscription. Raises InvalidSearch for a search the
    list itself would refuse (an unknown option, keywords too long)."""
    if len(querystring) > MAX_QUERYSTRING_LENGTH:
        raise InvalidSearch(querystring)
    params = QueryDict(querystring)
    # The list's own parameters (facets and their companions, as the list reads them).
    names = LIST_PARAMETERS - set(board.NOT_A_FILTER)
    kept = QueryDict(mutable=True)
    for name in sorted(names & set(params)):
        values = [value.strip() for value in params.getlist(name) if value.strip()]
        if not values:
            continue
        if name in FACETS_BY_NAME and FACETS_BY_NAME[name].multiple:
            # Several values of one filter are alternatives: their order says nothing.
            kept.setlist(name, sorted(set(values)))
        else:
            # A one-value filter reads the last one, as Django's QueryDict does.
            kept[name] = values[-1]
    normalised = kept.urlencode()
    if not board.read(normalised).is_valid:
        raise InvalidSearch(querystring)
    return normalised


def describe_search(querystring: str) -> list[str]:
    """The search's filters in words, as the list's chips say them ("Région : Bretagne")."""
    return [words.labelled(chip.label, chip.value) for chip in board.chips(board.read(querystring))]
