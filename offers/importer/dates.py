"""Dated milestones: the application deadline, interviews, start, hiring, publication.

A date is a date only with its day, month and year. A day and month without a year take the year
written in the same sentence; failing that, a weekday ("le mercredi 30 novembre") settles the year
when it fits exactly one year near the posting's other dates, and the draft says it was deduced;
otherwise the milestone keeps the posting's wording and no date.
"""

import bisect
import datetime
import heapq
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
# Job boards abbreviate ("Publié le 01 oct. 25"): the month's first letters, and then a year
# may have two figures.
ABBREVIATED_MONTHS = {
    "janv": 1,
    "fevr": 2,
    "fev": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_ABBREVIATED = "(?:" + "|".join(ABBREVIATED_MONTHS) + ")"
_WORDED = re.compile(
    rf"\b(?:(?P<weekday>{'|'.join(WEEKDAYS)})\s+)?(?P<day>{_DAY})\s+"
    rf"(?:(?P<month>{_MONTH})|(?P<abbreviated>{_ABBREVIATED})\.?)"
    # A year glued to the next word ("2024Clôturée", a page's badge) is still the year.
    rf"(?:\s+(?P<year>{_YEAR})(?!\d)|(?<=\.)\s+(?P<short_year>\d\d)(?![\d,.h%€])|(?![a-z]))"
)
# 15/12/2031, 15.12.2031, 15-12-2031 (one separator throughout).
_NUMERIC = re.compile(
    r"\b(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>[01]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?P<year>{_YEAR})\b")

# The words that say what a date is for, nearest first; the generic ones ("au plus tard",
# "avant le") mean the application deadline only when nothing more specific is said.
KIND_WORDS = [
    ("hiring", r"embauche|recrutement effectif|prise de poste"),
    ("interviews", r"entretiens?|auditions?|jury"),
    # "Date : 06-06-2025", a field labelled "Date" alone: the posting's own date.
    # "Offre de stage n° 38402 du 11/10/2016": the offer's own date.
    (
        "publication",
        r"publiee?|publication|date de l'annonce|mise en ligne|parution|date(?= : \d)|"
        r"offre(?: d[e'] ?\w+)?(?: n[°o] ?[\w-]+)? du",
    ),
    (
        "start",
        r"debut\w*|demarrage|a compter du|a partir du|commencera|prise de fonction|a pourvoir",
    ),
    (
        "application",
        r"date limite|candidatures?|postuler|au plus tard|avant le|jusqu'au|envoy\w+|adresser|"
        # A board's closing notice: "Cette offre n'est plus active depuis le 10/12/2019".
        r"n'est plus active|expire\w*|cloture\w*",
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
    # A start named by its month alone ("Début : septembre 2024"): the first day of that month.
    start_month: datetime.date | None = None
    start_month_excerpt: str = ""


def _day(text: str) -> int:
    return 1 if text == "1er" else int(text)


def _date(day: int, month: int, year: int) -> datetime.date | None:
    """The date, or None for a day that does not exist (31 juin)."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# A date's own clause starts after the last bracket, semicolon or dash before it.
_CLAUSE_CUT = re.compile(r"[(;]| – ")


class _Clauses:
    """A sentence's clause cuts and kind words, each found once.

    A date's kind is the nearest specific kind word in its own clause before it, else the generic
    application word if the clause has one. Reading that from positions found once, rather than
    rescanning the clause for each date, keeps a sentence of thousands of dates linear.
    """

    def __init__(self, folded: str):
        self.cut_ends = [m.end() for m in _CLAUSE_CUT.finditer(folded)]
        self.cut_starts = [m.start() for m in _CLAUSE_CUT.finditer(folded)]
        # (start, rank in KIND_WORDS, end, kind): equal starts sort the first-listed kind first.
        words = sorted(
            (m.start(), rank, m.end(), kind)
            for rank, (kind, pattern) in enumerate(_KIND_RES)
            for m in pattern.finditer(folded)
        )
        self.specific = [w for w in words if w[3] != "application"]
        self.generic = [w for w in words if w[3] == "application"]

    def clause_start(self, date_start: int) -> int:
        i = bisect.bisect_right(self.cut_ends, date_start) - 1
        return self.cut_starts[i] + 1 if i >= 0 else 0

    def kind_before(self, date_start: int) -> str | None:
        start = self.clause_start(date_start)
        nearest = _last_word(self.specific, start, date_start)
        if nearest:
            return nearest[3]
        return "application" if _last_word(self.generic, start, date_start) else None


def _last_word(words: list[tuple], start: int, end: int) -> tuple | None:
    """The word (of `words`, sorted) that starts last in text[start:end] and ends in it."""
    i = bisect.bisect_left(words, (end,)) - 1
    # Each kind's words do not overlap one another: at most one per kind straddles `end`.
    while i >= 0 and words[i][0] >= start and words[i][2] > end:
        i -= 1
    if i < 0 or words[i][0] < start:
        return None
    while i > 0 and words[i - 1][0] == words[i][0] and words[i - 1][2] <= end:
        i -= 1
    return words[i]


def posting_years(text: str) -> set[int]:
    folded = fold(text)
    years = {int(m["year"]) for m in _NUMERIC.finditer(folded)}
    years |= {_year_of(m) for m in _WORDED.finditer(folded) if _year_of(m)}
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


def _untaken(matches, taken: list[tuple[int, int]]):
    """The matches (in text order) that overlap none of the taken spans (sorted, disjoint).

    One pointer walks the taken spans as the matches move on: linear, not a scan per match.
    """
    i = 0
    for m in matches:
        while i < len(taken) and taken[i][1] <= m.start():
            i += 1
        if i < len(taken) and taken[i][0] < m.end():
            continue
        yield m


def _ranges(folded: str, same_year: int | None) -> list[tuple]:
    """ "du 3 au 7 mars 2031", "entre le 3 et le 7 mars": (start, end, dates, written)."""
    found = []
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
    return found


def _numeric_dates(folded: str, taken: list[tuple[int, int]]) -> list[tuple]:
    """ "15/12/2031" outside the ranges already read."""
    found = []
    for m in _untaken(_NUMERIC.finditer(folded), taken):
        date = _date(int(m["day"]), int(m["month"]), int(m["year"]))
        if date:
            found.append((m.start(), m.end(), (date, None, False), (date.day, date.month)))
    return found


def _month_of(match: re.Match) -> int:
    if match["month"]:
        return MONTHS[match["month"]]
    return ABBREVIATED_MONTHS[match["abbreviated"]]


def _year_of(match: re.Match) -> int | None:
    """The year written after a worded date: four figures, or two after an abbreviated month
    and its full stop ("01 oct. 25")."""
    if match["year"]:
        return int(match["year"])
    return 2000 + int(match["short_year"]) if match["short_year"] else None


def _worded_dates(
    folded: str, taken: list[tuple[int, int]], same_year: int | None, years: set[int]
) -> list[tuple]:
    """ "mercredi 30 novembre (2022)" outside the dates already read; a missing year is the
    sentence's, or the one the weekday settles."""
    found = []
    for m in _untaken(_WORDED.finditer(folded), taken):
        day, month = _day(m["day"]), _month_of(m)
        year, deduced = (_year_of(m) or same_year), False
        if year is None and m["weekday"]:
            year, deduced = _deduce_year(day, month, m["weekday"], years), True
        date = _date(day, month, year) if year else None
        found.append((m.start(), m.end(), (date, None, deduced and date is not None), (day, month)))
    return found


def _milestones_in(sentence: str, years: set[int]) -> list[Milestone]:
    """The sentence's dates (ranges first, then numeric, then worded dates where no other
    was read), each given the kind its clause says; undated ones only for the kinds kept so."""
    folded = fold(sentence)
    explicit_years = {int(y) for y in re.findall(rf"\b{_YEAR}\b", folded)}
    same_year = next(iter(explicit_years)) if len(explicit_years) == 1 else None

    found = _ranges(folded, same_year)
    taken = [(start, end) for start, end, *_ in found]
    numeric = _numeric_dates(folded, taken)
    taken = list(heapq.merge(taken, [(start, end) for start, end, *_ in numeric]))
    found += numeric + _worded_dates(folded, taken, same_year, years)

    clauses = _Clauses(folded)
    wording = clip(sentence)
    milestones = []
    for start, _end, (date, end_date, deduced), written in sorted(found, key=lambda f: f[0]):
        kind = clauses.kind_before(start)
        if kind is None or (date is None and kind not in UNDATED_KINDS):
            continue
        milestones.append(
            Milestone(kind, date, end_date, wording, deduced=deduced, written=written)
        )
    return milestones


# An interview period named by a month alone ("au début du mois de décembre", "en janvier 2023").
_MONTH_ONLY = re.compile(rf"\b(?:mois de |en |debut |fin )?{_MONTH}\b")


def _interviews_by_month(sentence: str, milestones: list[Milestone]) -> list[Milestone]:
    """ "Entretiens début décembre": an interview period the sentence names by its month alone."""
    folded = fold(sentence)
    if any(m.kind == "interviews" for m in milestones) or not re.search(r"\bentretiens?\b", folded):
        return []
    if _MONTH_ONLY.search(folded) and not re.search(rf"\b{_DAY}\s+{_MONTH}", folded):
        return [Milestone("interviews", None, None, clip(sentence))]
    return []


def _key(milestone: Milestone) -> tuple:
    """Two milestones are the same when they have the same dates, or, undated, the same words."""
    return (milestone.date, milestone.end_date) if milestone.date else milestone.written


def _listed(milestones: list[Milestone], limit: int = 5) -> str:
    words = [m.wording for m in milestones[:limit]]
    return " / ".join(words) + (" / …" if len(milestones) > limit else "")


def _one_per_kind(by_kind: dict[str, list[Milestone]]) -> tuple[list[Milestone], list]:
    """Each kind's milestones without repeats; a kind that states different dates is flagged
    and left out (the reviewer picks), except that an undated deadline gives way to a dated one.
    """
    deadlines, flags = [], []
    for kind, found in by_kind.items():
        distinct, seen = [], set()
        for milestone in found:
            if _key(milestone) not in seen:
                seen.add(_key(milestone))
                distinct.append(milestone)
        dated = [d for d in distinct if d.date]
        if kind == "application" and len(distinct) > 1:
            if len({(d.date, d.end_date) for d in dated}) > 1 or not dated:
                message = "Plusieurs dates limites de candidature différentes : "
                flags.append(("deadlines", message + _listed(distinct)))
                continue
            distinct = dated[:1]
        if kind in ("start", "hiring", "publication") and len(dated) > 1:
            message = "Plusieurs dates différentes pour la même échéance : "
            flags.append(("deadlines", message + _listed(dated)))
            continue
        deadlines.extend(distinct)
    return deadlines, flags


def find_dates(lines: list[str]) -> DatesFound:
    """The posting's milestones: read sentence by sentence, then one per kind."""
    years = posting_years("\n".join(lines))
    by_kind: dict[str, list[Milestone]] = {}
    for line in lines:
        for sentence in sentences(line):
            milestones = _milestones_in(sentence, years)
            milestones += _interviews_by_month(sentence, milestones)
            for milestone in milestones:
                by_kind.setdefault(milestone.kind, []).append(milestone)
    deadlines, flags = _one_per_kind(by_kind)
    starts = [d for d in deadlines if d.kind == "start" and d.date and not d.end_date]
    start = starts[0] if len(starts) == 1 else None
    found = DatesFound(
        deadlines=deadlines,
        start_date=start.date if start else None,
        start_excerpt=start.wording if start else "",
        flags=flags,
    )
    if not starts:
        found.start_month, found.start_month_excerpt = find_start_month(lines)
    return found


# A start named by its month alone. The start's words ("Début : septembre 2024", "à partir de
# mi-mars 2016", "La mission débutera à partir d'octobre 2022"), a few words at most before the
# month; or the post's period ("Stage de 6 mois, de février à juillet 2020"), whose first month
# is the start. A day before the month is a date (read above); two months ("février ou mars",
# "janvier/février") are no one month.
_START_WORD = re.compile(
    r"\b(?:debut\w*|demarr\w*|commencer\w*|prise de (?:fonction|poste)|a partir d|a compter d)"
)
_THEN_MONTH = re.compile(
    rf"(?P<between>[^.;!?()]{{0,40}}?)\b(?:mi|debut|fin)?[- ]?"
    rf"(?P<month>{_MONTH})\s+(?P<year>{_YEAR})\b"
)
_PERIOD = re.compile(
    rf"\bd(?:e |')(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?\s+(?:a|au|jusqu'a|jusqu'en)\s+"
    rf"(?P<m2>{_MONTH})\s+(?P<y2>{_YEAR})\b"
)
# The post's own period, not an exhibition's or a programme's.
_POST = re.compile(r"\b(?:stage|mission|contrat|periode|poste|volontariat|alternance)\b")


def _month_after_start_word(folded: str) -> datetime.date | None:
    for word in _START_WORD.finditer(folded):
        then = _THEN_MONTH.match(folded, word.end())
        if not then or re.search(rf"\d|\b{_MONTH}\b", then["between"]):
            continue
        if len(then["between"].split()) > 6:
            continue
        return datetime.date(int(then["year"]), MONTHS[then["month"]], 1)
    return None


def _first_month_of_period(folded: str) -> datetime.date | None:
    period = _PERIOD.search(folded)
    if not period or not _POST.search(folded):
        return None
    m1, m2, y2 = MONTHS[period["m1"]], MONTHS[period["m2"]], int(period["y2"])
    y1 = int(period["y1"]) if period["y1"] else (y2 if m1 <= m2 else y2 - 1)
    return datetime.date(y1, m1, 1)


# The post's period given by two whole dates: "Contrat du 1/10/2025 au 31/05/2026", "Stage du 3
# mars 2031 au 29 août 2031".
_FULL_DATE = rf"(?:[0-3]?\d[/.-][01]?\d[/.-](?:19|20)\d\d|{_DAY}\s+{_MONTH}\s+{_YEAR})"
_POST_PERIOD = re.compile(
    r"\b(?:contrat|stage|mission|volontariat|service civique|cdd)\b[^.;:]{0,40}?"
    rf"\bdu\s+(?P<start>{_FULL_DATE})\s+au\s+(?P<end>{_FULL_DATE})"
)


def _full_date(folded: str) -> datetime.date | None:
    numeric = _NUMERIC.fullmatch(folded)
    if numeric:
        return _date(int(numeric["day"]), int(numeric["month"]), int(numeric["year"]))
    worded = _WORDED.fullmatch(folded)
    if worded and _year_of(worded):
        return _date(_day(worded["day"]), _month_of(worded), _year_of(worded))
    return None


def find_period(lines: list[str]) -> tuple[datetime.date, datetime.date, str] | None:
    """The first and last day of the post, when a sentence gives both in full; None when none
    does, or when two sentences give different periods."""
    periods = set()
    for line in lines:
        for sentence in sentences(line):
            match = _POST_PERIOD.search(fold(sentence))
            if not match:
                continue
            start, end = _full_date(match["start"]), _full_date(match["end"])
            if start and end and start < end:
                periods.add((start, end, clip(sentence)))
    if len({(start, end) for start, end, _ in periods}) != 1:
        return None
    return min(periods)


def exact_months(start: datetime.date, end: datetime.date) -> int | None:
    """The number of months from start to end inclusive when it is whole (1/10 to 31/05: 8),
    else None (weeks and days are not months)."""
    following = end + datetime.timedelta(days=1)
    months = (following.year - start.year) * 12 + following.month - start.month
    return months if months >= 1 and following.day == start.day else None


def find_start_month(lines: list[str]) -> tuple[datetime.date | None, str]:
    """The month the post starts, when the posting names the month and not the day: the first
    day of that month and the sentence that says it; none when two sentences differ."""
    months: dict[datetime.date, str] = {}
    for line in lines:
        for sentence in sentences(line):
            folded = fold(sentence)
            month = _month_after_start_word(folded) or _first_month_of_period(folded)
            if month:
                months.setdefault(month, clip(sentence))
    if len(months) != 1:
        return None, ""
    return next(iter(months.items()))


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
