"""The one seam between alerts and the list's filters: which offers a stored search selects.

Today it runs the list's own FilterSet (offers.views.searched_offers) over the stored query
string, so an alert selects exactly what the list page showed; if the list's filters move, only
this function follows them.
"""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

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
    filterset = search_filterset(querystring)
    return filterset.qs.filter(published_at__gt=since)
