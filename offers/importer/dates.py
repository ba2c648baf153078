"""Dated milestones: the application deadline, interviews, start, hiring, publication.

A date is a date only with its day, month and year. A day and month without a year take the year
written in the same sentence; failing that, a weekday ("le mercredi 30 novembre") settles the year
when it fits exactly one year near the posting's other dates, and the draft says it was deduced;
otherwise the milestone keeps the posting's wording and no date.
"""

import datetime
import re
from dataclasses import dataclass, field

from .text import Found, clip, fold, sentences

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DAY = r"(?:1er|[0-3]?\d)"
_YEAR = r"(?:19|20)\d\d"

# Matched on the folded text (lower case, no accents), which keeps every offset of the original.
_RANGE = re.compile(
    rf"\b(?:entre le|du)\s+(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?(?:\s+(?P<y1>{_YEAR}))?"
    rf"\s+(?:et|au)\s+(?:le\s+)?(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:\s+(?P<y2>{_YEAR}))?"
)
_WORDED = re.compile(
    rf"\b(?:(?P<weekday>{'|'.join(WEEKDAYS)})\s+)?(?P<day>{_DAY})\s+(?P<month>{_MONTH})"
    rf"(?:\s+(?P<year>{_YEAR}))?\b"
)
_NUMERIC = re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?P<year>{_YEAR})\b")

# The words that say what a date is for, nearest first; the generic ones ("au plus tard",
# "avant le") mean the application deadline only when nothing more specific is said.
KIND_WORDS = [
    ("hiring", r"embauche|recrutement effectif|prise de poste"),
    ("interviews", r"entretiens?|auditions?|jury"),
    ("publication", r"publiee?|publication|date de l'annonce|mise en ligne"),
    (
        "start",
        r"debut\w*|demarrage|a compter du|a partir du|commencera|prise de fonction",
    ),
    (
        "application",
        r"date limite|candidatures?|postuler|au plus tard|avant le|jusqu'au|envoy\w+|adresser",
    ),
]
_KIND_RES = [(kind, re.compile(rf"\b(?:{words})\b")) for kind, words in KIND_WORDS]
# Milestones worth keeping even without a date: a reader still needs their wording.
UNDATED_KINDS = {"application", "interviews"}


@dataclass
class Milestone:
    kind: str
    date: datetime.date | None
    end_date: datetime.date | None
    wording: str
    deduced: bool = False
    # The day and month as written, for an undated milestone (to compare two of them).
    written: tuple = field(default=())


@dataclass
class DatesFound:
    deadlines: list[Milestone]
    start_date: datetime.date | None
    start_excerpt: str
    flags: list[tuple[str, str]]


def _day(text: str) -> int:
    return 1 if text == "1er" else int(text)


def _date(day: int, month: int, year: int) -> datetime.date | None:
    """The date, or None for a day that does not exist (31 juin)."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _kind_of(clause: str) -> str | None:
    """The kind of the nearest specific word before the date, else the generic application."""
    best = None
    for kind, pattern in _KIND_RES:
        for match in pattern.finditer(clause):
            if kind == "application":
                continue
            if best is None or match.start() > best[1]:
                best = (kind, match.start())
    if best:
        return best[0]
    return "application" if _KIND_RES[-1][1].search(clause) else None


def _clause_before(folded: str, start: int) -> str:
    """From the last bracket or semicolon before the date (the date's own clause) to it."""
    head = folded[:start]
    cut = max(head.rfind("("), head.rfind(";"), head.rfind(" – "))
    return head[cut + 1 :] if cut >= 0 else head


def posting_years(text: str) -> set[int]:
    folded = fold(text)
    years = {int(m["year"]) for m in _NUMERIC.finditer(folded)}
    years |= {int(m["year"]) for m in _WORDED.finditer(folded) if m["year"]}
    years |= {int(m["year"]) for m in _MONTH_YEAR.finditer(folded)}
    return years


def _deduce_year(day: int, month: int, weekday: str, years: set[int]) -> int | None:
    if not years:
        return None
    window = range(min(years) - 1, max(years) + 2)
    fits = [
        y
        for y in window
        if (d := _date(day, month, y)) is not None and d.weekday() == WEEKDAYS.index(weekday)
    ]
    return fits[0] if len(fits) == 1 else None


def _milestones_in(sentence: str, years: set[int]) -> list[Milestone]:
    folded = fold(sentence)
    found: list[tuple[int, int, Milestone | None, tuple]] = []
    explicit_years = {int(y) for y in re.findall(rf"\b{_YEAR}\b", folded)}
    same_year = next(iter(explicit_years)) if len(explicit_years) == 1 else None

    def taken(a: int, b: int) -> bool:
        return any(a < end and b > start for start, end, *_ in found)

    for m in _RANGE.finditer(folded):
        y2 = int(m["y2"]) if m["y2"] else same_year
        m2 = MONTHS[m["m2"]]
        m1 = MONTHS[m["m1"]] if m["m1"] else m2
        y1 = int(m["y1"]) if m["y1"] else (y2 if y2 and m1 <= m2 else None)
        start = _date(_day(m["d1"]), m1, y1) if y1 else None
        end = _date(_day(m["d2"]), m2, y2) if y2 else None
        if start is None or end is None or end < start:
            start = end = None
        found.append((m.start(), m.end(), (start, end, False), (m["d1"], m1, m["d2"], m2)))
    for m in _NUMERIC.finditer(folded):
        if not taken(m.start(), m.end()):
            date = _date(int(m["day"]), int(m["month"]), int(m["year"]))
            if date:
                found.append((m.start(), m.end(), (date, None, False), (date.day, date.month)))
    for m in _WORDED.finditer(folded):
        if taken(m.start(), m.end()):
            continue
        day, month = _day(m["day"]), MONTHS[m["month"]]
        year, deduced = (int(m["year"]) if m["year"] else same_year), False
        if year is None and m["weekday"]:
            year, deduced = _deduce_year(day, month, m["weekday"], years), True
        date = _date(day, month, year) if year else None
        found.append((m.start(), m.end(), (date, None, deduced and date is not None), (day, month)))

    milestones = []
    for start, _end, (date, end_date, deduced), written in sorted(found, key=lambda f: f[0]):
        kind = _kind_of(_clause_before(folded, start))
        if kind is None or (date is None and kind not in UNDATED_KINDS):
            continue
        milestones.append(
            Milestone(kind, date, end_date, clip(sentence), deduced=deduced, written=written)
        )
    return milestones


# An interview period named by a month alone ("au début du mois de décembre", "en janvier 2023").
_MONTH_ONLY = re.compile(rf"\b(?:mois de |en |debut |fin )?{_MONTH}\b")


def find_dates(lines: list[str]) -> DatesFound:
    years = posting_years("\n".join(lines))
    by_kind: dict[str, list[Milestone]] = {}
    for line in lines:
        for sentence in sentences(line):
            milestones = _milestones_in(sentence, years)
            folded = fold(sentence)
            if not any(m.kind == "interviews" for m in milestones) and re.search(
                r"\bentretiens?\b", folded
            ):
                if _MONTH_ONLY.search(folded) and not re.search(rf"\b{_DAY}\s+{_MONTH}", folded):
                    milestones.append(Milestone("interviews", None, None, clip(sentence)))
            for milestone in milestones:
                by_kind.setdefault(milestone.kind, []).append(milestone)

    deadlines, flags = [], []
    for kind, found in by_kind.items():
        distinct = []
        for milestone in found:
            key = (milestone.date, milestone.end_date) if milestone.date else milestone.written
            if key not in [(d.date, d.end_date) if d.date else d.written for d in distinct]:
                distinct.append(milestone)
        dated = [d for d in distinct if d.date]
        if kind == "application" and len(distinct) > 1:
            if len({(d.date, d.end_date) for d in dated}) > 1 or not dated:
                flags.append(
                    (
                        "deadlines",
                        "Plusieurs dates limites de candidature différentes : "
                        + " / ".join(d.wording for d in distinct),
                    )
                )
                continue
            distinct = dated[:1]
        if kind in ("start", "hiring", "publication") and len(dated) > 1:
            flags.append(
                (
                    "deadlines",
                    "Plusieurs dates différentes pour la même échéance : "
                    + " / ".join(d.wording for d in dated),
                )
            )
            continue
        deadlines.extend(distinct)

    starts = [d for d in deadlines if d.kind == "start" and d.date and not d.end_date]
    start = starts[0] if len(starts) == 1 else None
    return DatesFound(
        deadlines=deadlines,
        start_date=start.date if start else None,
        start_excerpt=start.wording if start else "",
        flags=flags,
    )


# When the internship starts, in the posting's words ("à partir de janvier/février 2023").
_START = re.compile(
    r"\b(?:date de debut|debut|demarrage|a partir d[eu']|a compter d[eu']|des que possible|"
    r"a pourvoir|debutera)\b"
)
_START_WHEN = re.compile("|".join(MONTHS) + r"|20\d\d|possible|semestre|rentree|\d{1,2}/\d{1,2}")


def find_start_wording(lines: list[str]) -> Found:
    for line in lines:
        folded = fold(line)
        match = _START.search(folded)
        if match and _START_WHEN.search(folded[match.start() : match.start() + 120]):
            return Found(clip(line), clip(line))
    return Found(None, "")
