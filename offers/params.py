"""Query strings as the public pages read them."""

from django.http import QueryDict


def filled(params: QueryDict) -> QueryDict:
    """A mutable copy of these parameters without their empty values ("?q=&kind=" from a form
    sent without JavaScript): links built from it carry only what restricts the list."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        values = [value for value in values if value != ""]
        if values:
            kept.setlist(name, values)
    return kept
