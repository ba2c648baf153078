"""Keyword search: PostgreSQL's French full text, with the field's equivalences.

A search box entry is read here, once, into a Query: words as students mean them (slashes and
hyphens split words, one-letter words such as the "l" of "l'eau" are left out), "quoted
phrases", -excluded words, "or" between alternatives, at most MAX_TERMS words; the last word also
matches as a prefix ("concert" finds "concertation"), and the field's equivalences
(offers.vocabulary) are added as alternatives. PostgreSQL gets it as a tsquery built from
those words alone (no parser of ours or PostgreSQL's can be driven into deep nesting by odd
input).

Speed (bench/README.md): matching uses the full document's GIN index, two-word phrases through
the documents' pairs of adjacent words (matching_tsquery); ranking reads the
compact summary (title, organisation, place, the description's first lines) of the offers a page
falls among, never the descriptions; highlights are cut from a stored excerpt, for the page's
offers only. A worker keeps the matches and ranks of recent searches for the board's version,
and shares them with the others through the shared cache.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Exists, F, Q

from . import caches, vocabulary
from .highlights import MARK_START, MARK_STOP
from .models import Offer, SearchDocument, SearchSummary
from .tokens import normalise, words

# Created by offers/migrations/0002: French stemming after folding accents.
SEARCH_CONFIG = "participe_french"
# Every word costs PostgreSQL time in matching and highlighting: a search reads this many.
MAX_TERMS = 10
# The equivalent wordings one search adds, in words: with MAX_TERMS, a bound on the tsquery's
# size whatever the moderators' equivalences (offers.vocabulary bounds each group too).
MAX_ALTERNATIVE_WORDS = 40
# A shorter last word ("de", "la") would match half the vocabulary as a prefix.
MIN_PREFIX_LENGTH = 4
# PostgreSQL's French stop words of four letters or more (tsearch_data/french.stop): as a
# prefix, "pour" would require "pourquoi" or "poursuivre".
STOP_WORDS = frozenset(
    "avec dans elle leur mais meme notre nous pour votre vous sont etait etaient avons avez".split()
)
# A search finding this few offers or fewer proposes a spelling from the board's vocabulary.
SUGGEST_AT_MOST = 2
TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """Words that must all appear (in this order when quoted), or must not when excluded."""

    words: tuple[str, ...]
    quoted: bool = False
    excluded: bool = False
    prefix: bool = False  # the last word also matches as the start of a longer one
    # Other wordings of the same thing (offers.vocabulary): each one also matches.
    alternatives: tuple[tuple[str, ...], ...] = ()

    def text(self, replacements: dict[str, str]) -> str:
        shown = " ".join(replacements.get(word, word) for word in self.words)
        # An excluded "50-50" stays one term when written back.
        if self.quoted or (self.excluded and len(self.words) > 1):
            shown = f'"{shown}"'
        return f"-{shown}" if self.excluded else shown


@dataclass(frozen=True)
class Query:
    """Clauses separated by "or", each a list of terms that must all match."""

    clauses: tuple[tuple[Term, ...], ...]

    def __bool__(self) -> bool:
        return any(self.clauses)

    def plain_words(self) -> list[str]:
        """The words typed to be found (not excluded), in order: what a suggestion corrects."""
        return [
            word
            for clause in self.clauses
            for term in clause
            if not term.excluded
            for word in term.words
        ]

    def text(self, replacements: dict[str, str] | None = None) -> str:
        """The query written back as a search box entry, with some words replaced."""
        replacements = replacements or {}
        return " or ".join(
            " ".join(term.text(replacements) for term in clause) for clause in self.clauses
        )

    def has_alternatives(self) -> bool:
        return any(term.alternatives for clause in self.clauses for term in clause)

    def tsquery(self, exact: bool = False) -> str:
        """The query in to_tsquery()'s syntax; `exact` leaves the equivalent wordings out."""
        clauses = []
        for clause in self.clauses:
            terms = [tsquery_term(term, exact) for term in clause]
            if terms:
                clauses.append("(" + " & ".join(terms) + ")")
        return " | ".join(clauses)


def tsquery_term(term: Term, exact: bool) -> str:
    # Words are \w+ only: quoting them is enough for to_tsquery() to read each as a word.
    quoted = [f"'{word}'" for word in term.words]
    if term.prefix:
        quoted[-1] += ":*"
    own = " <-> ".join(quoted) if term.quoted else " & ".join(quoted)
    if not exact and term.alternatives:
        # Equivalent wordings as phrases: "participation" and "citoyenne" apart are in most
        # offers of the field. Matching reads two-word phrases as pairs (matching_tsquery).
        others = [" <-> ".join(f"'{word}'" for word in wording) for wording in term.alternatives]
        own = " | ".join(f"({part})" for part in [own, *others])
    own = f"({own})"
    return f"!{own}" if term.excluded else own


def parse(text: str, equivalences=None, version: int | None = None) -> Query:
    """A search box entry as a Query (see the module's docstring). Never fails.

    `version` is the board's, when the caller knows it: the equivalences are then read
    without a query (offers.vocabulary).
    """
    clauses: list[list[Term]] = [[]]
    budget = MAX_TERMS
    for match in TOKEN.finditer(normalise(text or "")):
        if budget <= 0:
            break
        quoted, raw = match.group(1), match.group(2)
        if raw is not None and raw.casefold() == "or":
            if clauses[-1]:
                clauses.append([])
            continue
        excluded = raw is not None and raw.startswith("-")
        found = words(quoted if quoted is not None else raw)[:budget]
        if not found:
            continue
        budget -= len(found)
        if quoted is not None or excluded:
            clauses[-1].append(Term(tuple(found), quoted=quoted is not None, excluded=excluded))
        else:
            # "50-50/budget" is three words, as in the documents.
            clauses[-1].extend(Term((word,)) for word in found)
    clauses = [clause for clause in clauses if clause]
    if clauses:
        last = clauses[-1][-1]
        word = last.words[-1]
        if (
            not last.quoted
            and not last.excluded
            and len(word) >= MIN_PREFIX_LENGTH
            and word not in STOP_WORDS
            and not word.isdigit()
        ):
            clauses[-1][-1] = replace(last, prefix=True)
    if equivalences is None:
        groups = caches.equivalences(version)
    else:
        groups = vocabulary.compiled(equivalences)
    clauses = [with_equivalences(clause, groups) for clause in clauses]
    return Query(tuple(within_expansion(clauses)))


def within_expansion(clauses) -> list[tuple[Term, ...]]:
    """The clauses with at most MAX_ALTERNATIVE_WORDS words of equivalents, the first terms'."""
    budget = MAX_ALTERNATIVE_WORDS
    bounded = []
    for clause in clauses:
        terms = []
        for term in clause:
            kept = []
            for wording in term.alternatives:
                if len(wording) <= budget:
                    kept.append(wording)
                    budget -= len(wording)
            terms.append(replace(term, alternatives=tuple(kept)))
        bounded.append(tuple(terms))
    return bounded


def key(word: str) -> str:
    """A word without its plural mark, to compare wordings ("budgets" is "budget")."""
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def keys(wording) -> tuple[str, ...]:
    return tuple(key(word) for word in wording)


def with_equivalences(clause: list[Term], groups: list[list[tuple[str, ...]]]) -> tuple[Term, ...]:
    """The clause with each wording of an equivalence group given its equivalents."""
    result: list[Term] = []
    index = 0
    while index < len(clause):
        term = clause[index]
        merged = None
        if not term.excluded and groups:
            if term.quoted:
                merged = match_quoted(term, groups)
            else:
                merged = match_words(clause, index, groups)
        if merged is None:
            result.append(term)
            index += 1
        else:
            result.append(merged[0])
            index += merged[1]
    return tuple(result)


def match_quoted(term: Term, groups) -> tuple[Term, int] | None:
    for group in groups:
        for wording in group:
            if wording and keys(wording) == keys(term.words):
                others = tuple(other for other in group if other and other != wording)
                return replace(term, alternatives=others), 1
    return None


def match_words(clause: list[Term], index: int, groups) -> tuple[Term, int] | None:
    """The longest wording that the single words from `index` spell, merged into one term."""
    best = None
    for group in groups:
        for wording in group:
            size = len(wording)
            span = clause[index : index + size]
            if (
                size
                and len(span) == size
                and all(len(t.words) == 1 and not t.quoted and not t.excluded for t in span)
                and keys(t.words[0] for t in span) == keys(wording)
                and (best is None or size > best[1])
            ):
                others = tuple(other for other in group if other and other != wording)
                typed = tuple(t.words[0] for t in span)
                best = (Term(typed, prefix=span[-1].prefix, alternatives=others), size)
    return best


def search_condition(text: str, version: int | None = None) -> Q:
    """The offers matching a search box entry, as a condition usable in filters and facets."""
    if not parse(text, equivalences=()):
        # Nothing searchable ("---", "!!!"): the entry restricts nothing.
        return Q()
    return Q(search__document=EntryQuery(text, version))


def raw_query(tsquery: str) -> SearchQuery:
    """A tsquery written by Query.tsquery(), for PostgreSQL's French configuration."""
    return SearchQuery(tsquery, search_type="raw", config=SEARCH_CONFIG)


class EntryQuery(SearchQuery):
    """A search box entry as a tsquery, read (equivalences included) only when run.

    The list reads its filters' values without running their conditions: building this one
    then costs no query.
    """

    def __init__(self, text: str, version: int | None = None):
        self.text, self.version = text, version
        super().__init__("", search_type="raw", config=SEARCH_CONFIG)

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(raw_query(parse(self.text, version=self.version).tsquery()))


@dataclass
class Matches:
    """What a search matches, for one version of the board (ids of offers, published or not)."""

    ids: np.ndarray
    exact: np.ndarray | None  # the offers using the words typed; None: all of them
    # Each published offer's rank, by its row in the board index of this version (NaN: not
    # ranked yet): filled part by part as pages ask (rank_rows).
    ranks: np.ndarray | None = None
    # The ids ranked and their ranks, as another worker shared them (rank_rows reads them).
    shared_ranks: tuple[np.ndarray, np.ndarray] | None = None
    # The matches as rows of that board index (a mask), and their facet counts without other
    # filters (BoardIndex.facet_counts): made by the first request that needs them.
    rows: np.ndarray | None = None
    counts: dict = field(default_factory=dict)

    def board_rows(self, board) -> np.ndarray:
        """The published matches as a mask of the board index's rows (shared: read-only)."""
        if self.rows is None or len(self.rows) != board.size:
            rows = board.rows_of(self.ids)
            rows.flags.writeable = False
            self.rows, self.counts = rows, {}
        return self.rows

    def shared(self, board=None) -> dict:
        """What other workers read back (`from_shared`): the matches as bitmaps of ids, and
        the ranks found so far on `board`. Small: 12 kB a bitmap at 100,000 offers."""
        ranked = None
        if board is not None and self.ranks is not None:
            rows = np.flatnonzero(~np.isnan(self.ranks))
            ranked = (board.ids[rows].tobytes(), self.ranks[rows].tobytes())
        exact = None if self.exact is None else id_bitmap(self.exact)
        return {"ids": id_bitmap(self.ids), "exact": exact, "ranked": ranked}

    @classmethod
    def from_shared(cls, shared: dict) -> Matches:
        exact = None if shared["exact"] is None else bitmap_ids(shared["exact"])
        ranked = shared["ranked"]
        if ranked is not None:
            ranked = (np.frombuffer(ranked[0], np.int64), np.frombuffer(ranked[1], np.float64))
        return cls(bitmap_ids(shared["ids"]), exact, shared_ranks=ranked)


def id_bitmap(ids: np.ndarray) -> bytes:
    bits = np.zeros(int(ids.max(initial=-1)) + 1, dtype=bool)
    bits[ids] = True
    return np.packbits(bits).tobytes()


def bitmap_ids(bitmap: bytes) -> np.ndarray:
    return np.flatnonzero(np.unpackbits(np.frombuffer(bitmap, np.uint8))).astype(np.int64)


def matches(text: str, version=None) -> Matches:
    """The offers a search matches; kept per worker for the board's `version` when given, and
    shared with the other workers through the shared cache (offers.caches): a worker meeting
    a search that another one answered reads no match and no rank again.

    From the narrow table of search documents and its GIN index alone: 48,000 ids in about
    10 ms where reading the offers' rows took 400 ms.
    """
    query = parse(text, version=version)
    key = query.tsquery()
    found = caches.searches.get(version, key) if version is not None else None
    if found is not None:
        return found
    if not query:
        ids = Offer.objects.values_list("id", flat=True)
        found = Matches(np.fromiter(ids, dtype=np.int64), None)
    else:
        name = query_key(query)
        shared = caches.shared_search(version, name) if version is not None else None
        if shared is not None:
            found = Matches.from_shared(shared)
        else:
            found = full_text_matches(query)
            if version is not None:
                caches.share_search(version, name, found.shared())
    if version is not None:
        caches.searches.put(version, key, found)
    return found


def forget_searches() -> None:
    """Drop this worker's kept searches (the benchmark's first-time figures): the shared cache
    keeps what other workers shared."""
    caches.searches.clear()


def full_text_matches(query: Query) -> Matches:
    """One query: every match's id and, with equivalences, the ids of the exact ones.

    Each array comes from the GIN index (participe_matching_ids, migration 0002), with no
    document read for phrases of two words (matching_tsquery); an id array rather than 48,000
    rows is a third less time in the driver.
    """
    exact = query.has_alternatives()
    every, every_params = matching_tsquery(query)
    sql, params = f"SELECT participe_matching_ids({every}), ", every_params
    if exact:
        exact_sql, exact_params = matching_tsquery(query, exact=True)
        sql, params = f"{sql}participe_matching_ids({exact_sql})", params + exact_params
    else:
        sql += "NULL"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids, exact_ids = cursor.fetchone()
    return Matches(
        np.array(ids, dtype=np.int64),
        None if exact_ids is None else np.array(exact_ids, dtype=np.int64),
    )


def matching_tsquery(query: Query, exact: bool = False) -> tuple[str, list]:
    """SQL building the query's tsquery for matching, and its parameters: Query.tsquery()'s
    tsquery, with each phrase of two words (an equivalent wording, quoted words) as their pair.

    The documents carry their pairs of adjacent words (migration 0009): a pair is matched from
    the GIN index alone, where checking a phrase's positions reads every candidate's document
    (1 s for "concertation" and its equivalents at 100,000 offers, 50 ms with the pairs).
    Ranking and highlights read the phrases as typed (Query.tsquery()).
    """
    clauses, params = [], []
    for clause in query.clauses:
        terms = []
        for term in clause:
            if term.quoted:
                parts = ["participe_phrase_query(%s::text[])"]
                params.append(list(term.words))
            else:
                own = replace(term, excluded=False, alternatives=())
                parts = ["to_tsquery(%s::regconfig, %s)"]
                params += [SEARCH_CONFIG, tsquery_term(own, exact=True)]
            if not exact:
                for wording in term.alternatives:
                    parts.append("participe_phrase_query(%s::text[])")
                    params.append(list(wording))
            sql = "(" + " || ".join(parts) + ")"
            terms.append(f"(!!{sql})" if term.excluded else sql)
        clauses.append("(" + " && ".join(terms) + ")")
    return " || ".join(clauses) or "''::tsquery", params


# The ranks a worker shares with the others (16 bytes each): those of the open matches, which
# the first pages show, not those of a search's archive, which a few deep pages read.
MAX_SHARED_RANKS = 20_000


def rank_rows(text: str, board, rows: np.ndarray) -> np.ndarray:
    """The relevance of the board index's `rows` to a search: exact wording first, then rank.

    Reads the compact summaries of those rows only (a few hundred bytes each, not the
    documents' kilobytes, kept in their rows: offers.models.SearchSummary), and only of those
    this worker has not ranked yet for this version of the board (offers.board_index).
    """
    found = matches(text, board.version)
    if found.ranks is None or len(found.ranks) != board.size:
        found.ranks = np.full(board.size, np.nan)
        if found.shared_ranks is not None:
            ids, ranks = found.shared_ranks
            known = board.rows_of_ids(ids)
            found.ranks[known[known >= 0]] = ranks[known >= 0]
    missing = rows[np.isnan(found.ranks[rows])]
    if missing.size:
        # An offer without a summary (none has, the trigger writes both) would rank 0.
        found.ranks[missing] = 0.0
        query = parse(text, version=board.version)
        ranked_ids, ranks = fetch_ranks(query, found, board.ids[missing])
        found.ranks[board.row_of_id[ranked_ids]] = ranks
        if np.count_nonzero(~np.isnan(found.ranks)) <= MAX_SHARED_RANKS:
            caches.share_search(board.version, query_key(query), found.shared(board))
    return found.ranks[rows]


def fetch_ranks(query: Query, found: Matches, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ids among `ids` that have a summary, and their ranks. One query, which sends the ids
    as array literals and reads plain rows: for thousands of offers, the driver's own array
    of numbers and Django's rows took as long as PostgreSQL's ranking.

    With equivalences, offers using the words typed come first, ranked on those words alone;
    then those using an equivalent wording, ranked on every wording. Each offer's exactness is
    known here, from the matches: each is ranked once, on its own query.
    """
    table = SearchSummary._meta.db_table
    rank = "SELECT offer_id, ts_rank(summary, to_tsquery(%s::regconfig, %s))"
    where = f" FROM {table} WHERE offer_id IN (SELECT unnest(%s::bigint[]))"
    if found.exact is None:
        sql, params = rank + where, [SEARCH_CONFIG, query.tsquery(), id_list(ids)]
    else:
        is_exact = np.isin(ids, found.exact)
        # As doubles, as PostgreSQL compared them with an exact rank plus the bonus.
        sql = f"{rank}::float8, true{where} UNION ALL {rank}::float8, false{where}"
        params = [
            *(SEARCH_CONFIG, query.tsquery(exact=True), id_list(ids[is_exact])),
            *(SEARCH_CONFIG, query.tsquery(), id_list(ids[~is_exact])),
        ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ranked_ids = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    ranks = np.fromiter((row[1] for row in rows), np.float64, len(rows))
    if found.exact is None:
        return ranked_ids, ranks
    exact = np.fromiter((row[2] for row in rows), bool, len(rows))
    return ranked_ids, np.where(exact, ranks + EXACT_BONUS, ranks)


def id_list(ids: np.ndarray) -> str:
    """Ids as a PostgreSQL array literal: the driver dumps a list of 60,000 numbers in 300 ms,
    its text in 40."""
    return "{" + ",".join(map(str, ids.tolist())) + "}"


# ts_rank() stays below 1 with its default normalisation: any exact match ranks first.
EXACT_BONUS = 10.0


def with_relevance(queryset: models.QuerySet, text: str, version: int | None = None):
    """Each offer's rank, read from its compact summary (feeds, calendars and exports, which
    Django orders; the list's pages are ordered by rank_rows())."""
    query = parse(text, version=version)
    if not query:
        return queryset
    rank = SearchRank(F("search_summary__summary"), raw_query(query.tsquery()))
    return queryset.annotate(relevance=rank)


def query_key(query: Query) -> str:
    """A short name for what a search matches and highlights, for the keys of what is kept of
    it (its words and equivalences, as its tsquery)."""
    return hashlib.blake2b(query.tsquery().encode(), digest_size=12).hexdigest()


class Highlight(NamedTuple):
    """A search result's title and snippet with the matched words marked (offers.highlights)."""

    title: str | None
    snippet: str | None


class Highlights:
    """The highlighted titles and snippets of a search's page of offers, for the cards that are
    not kept yet (offers.caches.card_fragments keeps them under `key`, the search's: a search
    shown again reads none).

    Read with the page's offers when its cards are not all kept (`annotate`), else one query
    when a card asks (`of`); cut from the stored excerpts, never the descriptions.
    """

    def __init__(self, text: str, version: int | None):
        self.parsed = parse(text, version=version)
        self.version = version
        self.key = query_key(self.parsed)
        self.ids: list[int] = []
        self.read: dict[int, Highlight] | None = None
        # The page's cards found kept (`cards_kept`), which card_fragments does not read again.
        self.kept_cards: dict[str, str] = {}

    def cards_kept(self, ids: list[int], today) -> bool:
        self.kept_cards = caches.kept_cards(ids, self.version, today, self.key)
        return bool(ids) and len(self.kept_cards) == len(ids)

    def annotate(self, offers: models.QuerySet) -> models.QuerySet:
        """The offers with their highlights, read by the same query (`keep` them then)."""
        search = raw_query(self.parsed.tsquery())
        options = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
        return offers.annotate(
            title_highlight=SearchHeadline("title", search, highlight_all=True, **options),
            description_highlight=SearchHeadline(
                "search__excerpt", search, max_words=30, min_words=12, max_fragments=2, **options
            ),
        )

    def show(self, offers: list, annotated: bool) -> None:
        """The page's offers, their highlights read with them when `annotated`."""
        self.ids = [offer.id for offer in offers]
        if annotated:
            self.read = {
                offer.id: Highlight(offer.title_highlight, offer.description_highlight)
                for offer in offers
            }

    def of(self, offer_id: int) -> Highlight:
        if self.read is None:
            self.read = read_highlights(self.parsed, self.ids)
        return self.read.get(offer_id, Highlight(None, None))


def read_highlights(query: Query, ids: list[int]) -> dict[int, Highlight]:
    if not query or not ids:
        return {}
    search = raw_query(query.tsquery())
    options = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
    rows = (
        SearchDocument.objects.filter(offer_id__in=ids)
        .annotate(
            title_highlight=SearchHeadline("offer__title", search, highlight_all=True, **options),
            snippet_highlight=SearchHeadline(
                "excerpt", search, max_words=30, min_words=12, max_fragments=2, **options
            ),
        )
        .values_list("offer_id", "title_highlight", "snippet_highlight")
    )
    return {offer_id: Highlight(title, snippet) for offer_id, title, snippet in rows}


# The known words most like a typed one that are checked against the published offers.
SUGGESTION_CANDIDATES = 10


def suggestion(text: str) -> str | None:
    """The search with its unknown words spelt as the board spells them, or None.

    "concertaiton" becomes "concertation": the closest word (trigram similarity) of the board's
    vocabulary (table offers_search_word, migration 0002) that a published offer uses. Two
    queries: the closest known words, then which of them a published offer uses.
    """
    query = parse(text, equivalences=())
    typed = list(dict.fromkeys(query.plain_words()))
    if not typed:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT typed.word, known.word
            FROM unnest(%s::text[]) AS typed (word)
            CROSS JOIN LATERAL (
              SELECT known.word FROM offers_search_word AS known
              WHERE known.folded %% typed.word
              ORDER BY similarity(known.folded, typed.word) DESC, known.word
              LIMIT %s) AS known
            WHERE NOT EXISTS (SELECT 1 FROM offers_search_word WHERE folded = typed.word)
            """,
            [typed, SUGGESTION_CANDIDATES],
        )
        candidates = cursor.fetchall()  # each typed word's, the closest first
    if not candidates:
        return None
    words_checked = list(dict.fromkeys(known for _typed, known in candidates))
    used = {
        f"w{index}": Exists(
            SearchDocument.objects.filter(
                offer__in=Offer.objects.visible(),
                document=SearchQuery(word, search_type="plain", config=SEARCH_CONFIG),
            )
        )
        for index, word in enumerate(words_checked)
    }
    # Any published offer carries the answers (each EXISTS is computed once).
    row = Offer.objects.visible().annotate(**used).values(*used).first()
    if row is None:
        return None
    in_use = {word for index, word in enumerate(words_checked) if row[f"w{index}"]}
    replacements = {}
    for typed_word, known in candidates:
        if known in in_use:
            replacements.setdefault(typed_word, known)
    return query.text(replacements) if replacements else None
