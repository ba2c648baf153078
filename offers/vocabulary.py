"""The field's own vocabulary: wordings that mean the same thing to the students who search.

A student who types "participation citoyenne" wants the offers that say "démocratie
participative" or "concertation" too; "culture scientifique" is what many "médiation
scientifique" offers are called. The reviewed list lives in offers/data/search_equivalences.txt,
which migration 0003 copies into SearchEquivalence rows; moderators extend those in the admin.
A change moves the board's version on (a trigger, migration 0002), so each worker reads the
equivalences again exactly when the board changed, and otherwise never.
"""

from __future__ import annotations

import threading
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "search_equivalences.txt"
# Every wording of a group becomes a phrase of the search's tsquery, which PostgreSQL matches
# against each candidate's positions: one group of 401 wordings made a search for "stage" run
# into the statement timeout. Moderators are refused more (SearchEquivalence.clean()); a group
# stored some other way is read up to these bounds (offers.search.parse()).
MAX_WORDINGS = 12
MAX_WORDING_WORDS = 6

_lock = threading.Lock()
_cached: tuple[int, tuple[tuple[str, ...], ...]] | None = None


def read_equivalences(path: Path = DATA_FILE) -> list[list[str]]:
    """The groups of the data file: one per line, wordings separated by "~", "#" comments."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        wordings = [wording.strip() for wording in line.split("~") if wording.strip()]
        if len(wordings) >= 2:
            groups.append(wordings)
    return groups


def split_wordings(text: str) -> list[str]:
    """A SearchEquivalence's wordings: one per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def known_version() -> int | None:
    """The board version of the equivalences this worker holds."""
    cached = _cached
    return None if cached is None else cached[0]


def remember(version: int, wordings: list[str]) -> None:
    """Keep the equivalences of a board version (each item a SearchEquivalence's wordings)."""
    global _cached
    _cached = (version, tuple(tuple(split_wordings(text)) for text in wordings))


def equivalences(version: int | None = None) -> tuple[tuple[str, ...], ...]:
    """Every group of equivalent wordings, as moderators left them.

    Kept per worker for the board's `version`, and on PostgreSQL read with it
    (board_index.board_version()): the list, which knows the version, never reads them on
    their own. Feeds and exports, which do not, read the version (one query).
    """
    from .board_index import board_version

    if version is None:
        version = board_version()
    cached = _cached
    if cached is not None and version is not None and cached[0] == version:
        return cached[1]
    from .models import SearchEquivalence

    with _lock:
        rows = SearchEquivalence.objects.order_by("pk").values_list("wordings", flat=True)
        remember(version, list(rows))
    return _cached[1]
