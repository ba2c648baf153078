"""Keyword search: French full text on PostgreSQL, folded substrings on SQLite (`make run`)."""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import F, Q

# Created by offers/migrations/0002: French stemming after folding accents.
SEARCH_CONFIG = "participe_french"
MAX_TERMS = 10
# Sentinels around highlighted words, which the templates mark once the text is escaped:
# publishers' descriptions are never trusted as HTML.
MARK_START, MARK_STOP = "\ue000", "\ue001"


def fold(text: str) -> str:
    """Lower case without accents: "Démocratie" -> "democratie"."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise(text: str) -> str:
    # Typographic apostrophes split words as plain ones do ("l’eau" is "l'eau").
    return text.replace("\u2019", "'").replace("\u02bc", "'").strip()


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def search_query(text: str) -> SearchQuery:
    return SearchQuery(normalise(text), search_type="websearch", config=SEARCH_CONFIG)


def search_condition(text: str) -> Q:
    """The offers matching a search box entry, as a condition usable in filters and facets."""
    if uses_full_text():
        return Q(search__document=search_query(text))
    return _folded_condition(text)


def matching_ids(text: str) -> list[int]:
    """The ids of the offers a search box entry matches, published or not, in any order.

    On PostgreSQL, from the narrow table of search documents and its GIN index alone: 48,000
    ids in about 10 ms where reading the offers' rows took 400 ms.
    """
    from .models import Offer, SearchDocument

    if uses_full_text():
        documents = SearchDocument.objects.filter(document=search_query(text))
        # One array rather than 48,000 rows: a third less time in the driver.
        return documents.aggregate(ids=ArrayAgg("offer_id", default=[]))["ids"]
    return list(Offer.objects.filter(_folded_condition(text)).values_list("id", flat=True))


def _folded_condition(text: str) -> Q:
    condition = Q()
    for term in re.findall(r"-?\w+", fold(normalise(text)))[:MAX_TERMS]:
        excluded = term.startswith("-")
        term = term.lstrip("-")
        if not term:
            continue
        matches = (
            Q(title__folded__contains=term)
            | Q(organisation__name__folded__contains=term)
            | Q(city__folded__contains=term)
            | Q(description__folded__contains=term)
        )
        condition &= ~matches if excluded else matches
    return condition


def with_relevance(queryset: models.QuerySet, text: str) -> models.QuerySet:
    """Rank and highlighted snippets; computed only for the rows of the page shown."""
    if not uses_full_text():
        return queryset
    query = search_query(text)
    options = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
    return queryset.annotate(
        relevance=SearchRank(F("search__document"), query),
        title_highlight=SearchHeadline("title", query, highlight_all=True, **options),
        description_highlight=SearchHeadline(
            "description", query, max_words=30, min_words=12, max_fragments=2, **options
        ),
    )


def highlight_parts(text: str | None) -> list[tuple[str, bool]]:
    """A headline as (text, matched) parts: the template escapes each and marks the matches."""
    if not text:
        return []
    # Markdown markers mean nothing in a snippet.
    text = re.sub(r"(^|\s)#+\s|[*_`>]+", r"\1", text)
    parts = []
    for index, chunk in enumerate(re.split(f"[{MARK_START}{MARK_STOP}]", text)):
        if chunk:
            parts.append((chunk, index % 2 == 1))
    return parts


class Folded(models.Transform):
    """Lower case without accents, for the SQLite fallback (registered in OffersConfig)."""

    lookup_name = "folded"
    function = "participe_fold"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection):
        return compiler.compile(
            models.Func(models.Func(self.lhs, function="lower"), function="unaccent")
        )


def register_fold_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "participe_fold", 1, _fold_or_none, deterministic=True
        )


def _fold_or_none(value):
    return fold(value) if isinstance(value, str) else value
