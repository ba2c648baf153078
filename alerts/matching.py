"""The one seam between alerts and the list's filters: which offers a stored search selects.

It replays the stored query string through the list's own filters
(offers.filters.matching_offers), so an alert selects exactly what the list page showed.
"""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from offers.filters import matching_offers
from offers.views import searched_offers


def search_request(querystring: str) -> HttpRequest:
    request = HttpRequest()
    request.GET = QueryDict(querystring)
    return request


def search_filterset(querystring: str, queryset=None):
    """The list's FilterSet, bound to a stored query string as if the list had been asked."""
    return searched_offers(search_request(querystring), queryset=queryset)


def offers_matching(querystring: str, since: datetime.datetime) -> QuerySet:
    """The visible offers the search selects that were published after `since`."""
    return matching_offers(QueryDict(querystring)).filter(published_at__gt=since)
