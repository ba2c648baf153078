"""The field's own vocabulary: wordings that mean the same thing to the students who search.

A student who types "participation citoyenne" wants the offers that say "démocratie
participative" or "concertation" too; "culture scientifique" is what many "médiation
scientifique" offers are called. The reviewed list lives in offers/data/search_equivalences.txt,
which migration 0003 copies into SearchEquivalence rows; moderators extend those in the admin.
A change moves the board's version on (a trigger, migration 0002), so each worker reads the
equivalences again exactly when the board changed, and otherwise never (offers.caches).
"""

from __future__ import annotations

from pathlib import Path

from .tokens import words

DATA_FILE = Path(__file__).resolve().parent / "data" / "search_equivalences.txt"
# Every wording of a group becomes a phrase of the search's tsquery, which PostgreSQL matches
# against each candidate's positions: one group of 401 wordings made a search for "stage" run
# into the statement timeout. Moderators are refused more (SearchEquivalence.clean()); a group
# stored some other way is read up to these bounds (offers.search.parse()).
MAX_WORDINGS = 12
MAX_WORDING_WORDS = 6


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


def compiled(groups) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Each group's wordings as the search parser reads them (their words), within the bounds
    above (longer wordings left out, groups cut at MAX_WORDINGS)."""
    result = []
    for group in groups:
        found = [tuple(words(wording)) for wording in list(group)[:MAX_WORDINGS]]
        result.append(tuple(w for w in found if len(w) <= MAX_WORDING_WORDS))
    return tuple(result)
