"""How long: the duration in months, and the weekly hours."""

import re
from decimal import Decimal

from .text import Found, clip, fold

_NUMBERS = {
    "un": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
}
_N = r"(?:\d{1,2}|" + "|".join(_NUMBERS) + ")"
_MONTHS_RANGE = re.compile(
    rf"\b(?:entre\s+)?(?P<low>{_N})\s*(?:a|-|–|et|ou)\s*(?P<high>{_N})\s+mois\b"
)
_MONTHS_ONE = re.compile(rf"\b(?P<n>{_N})\s+mois\b")
# Only where the line speaks of the length of the internship itself.
_DURATION_WORDS = re.compile(
    r"\b(duree|stage|periodicite|disponibilite|mission|contrat|convention|cdd)\b"
)
# "CDD d'un an", "mission d'un an": a year is twelve months.
_ONE_YEAR = re.compile(r"\b(?:d'|de )?(?:un|1) an\b")
# "les 6 prochains mois", "séjour de 2 mois", "6 mois après": months that are not the duration.
# "Le contrat proposé ne peut excéder un an": the law's bound for a contract, not this one's.
_NOT_DURATION = re.compile(r"prochains|derniers|sejour|apres|avant|depuis|tous les|exceder")

_AT_LEAST = re.compile(r"minimum|minimale|au moins|a partir de")

_HOURS = re.compile(
    r"\b(?:(?P<low>\d{2}(?:[,.]\d)?)\s*(?:h|heures)?\s*(?:a|et|-|–)\s*)?"
    r"(?P<high>\d{2}(?:[,.]\d)?)\s*(?:h|heures)\b"
    r"(?:\s*(?:/|par|de travail par|hebdo)\s*(?:semaine)?|\s*hebdomadaires|\)|\s*$)"
)
_HOURS_WORDS = re.compile(r"semaine|hebdo|temps complet|temps plein|volume horaire|horaires")


def _number(text: str) -> int:
    return _NUMBERS.get(text) or int(text)


def find_duration(lines: list[str]) -> dict:
    values: dict = {}
    found: list[tuple[int, int, str]] = []
    for line in lines:
        folded = fold(line)
        if not _DURATION_WORDS.search(folded):
            continue
        for match in _MONTHS_RANGE.finditer(folded):
            if not _NOT_DURATION.search(folded[max(0, match.start() - 25) : match.end() + 10]):
                found.append((_number(match["low"]), _number(match["high"]), line))
        if found and found[-1][2] == line:
            continue
        year = _ONE_YEAR.search(folded)
        if year and not _NOT_DURATION.search(folded[max(0, year.start() - 25) : year.end() + 10]):
            found.append((12, 12, line))
            continue
        for match in _MONTHS_ONE.finditer(folded):
            if not _NOT_DURATION.search(folded[max(0, match.start() - 25) : match.end() + 10]):
                n = _number(match["n"])
                # "d'une durée minimale de 1 mois": a minimum, no maximum.
                at_least = _AT_LEAST.search(folded[max(0, match.start() - 25) : match.start()])
                found.append((n, None if at_least else n, line))
    distinct = {(low, high) for low, high, _ in found if high is None or low <= high}
    if len(distinct) == 1:
        low, high, line = next(f for f in found if (f[0], f[1]) in distinct)
        values["duration_min_months"] = Found(low, clip(line))
        if high is not None:
            values["duration_max_months"] = Found(high, clip(line))
        values["duration_wording"] = Found(clip(line, 300), clip(line))
    elif len(distinct) > 1:
        values["_flag"] = (
            "duration_min_months",
            "Plusieurs durées différentes : " + " / ".join(clip(f[2], 120) for f in found),
        )
    return values


def find_hours(lines: list[str]) -> dict:
    values: dict = {}
    found = []
    for line in lines:
        folded = fold(line)
        if not _HOURS_WORDS.search(folded):
            continue
        for match in _HOURS.finditer(folded):
            high = Decimal(match["high"].replace(",", "."))
            low = Decimal(match["low"].replace(",", ".")) if match["low"] else high
            if 1 <= low <= high <= 48:
                found.append((low, high, line))
    distinct = {(low, high) for low, high, _ in found}
    if len(distinct) == 1:
        low, high, line = found[0]
        values["weekly_hours_min"] = Found(low, clip(line))
        values["weekly_hours_max"] = Found(high, clip(line))
        values["hours_wording"] = Found(clip(line), clip(line))
    elif len(distinct) > 1:
        values["_flag"] = ("weekly_hours_min", "Plusieurs horaires hebdomadaires différents.")
    return values
