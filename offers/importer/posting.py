"""One posting read whole: every fact module run on it, the results put in the model's terms."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..offer_fields import PUBLISHER_FIELDS
from . import applying, contacts, dates, durations, headings, places, profile, stipend
from .headings import parse_heading, split_postings
from .text import Found, joined_fields, lines_of, plain, unbulleted

# The Offer fields a posting can state: what a publisher writes, in the order of the admin form
# (the organisation is matched apart), and where the posting came from.
OFFER_FIELDS = [name for name in PUBLISHER_FIELDS if name != "organisation"] + [
    "source_file",
    "source_index",
    "source_heading",
]

# Stored with the draft, like the other flags: the review page shows it.
JOB_OFFER_MESSAGE = (
    "Offre d'emploi (CDD, CDI, vacation…), pas un stage : le type d'offre est laissé vide ; "
    "le site ne publie que des stages, services civiques, alternances et volontariats."
)
_SECTION = re.compile(r"^[^.!?]{2,80}:?$")


@dataclass
class ExtractedPosting:
    heading: str = ""
    organisation: str | None = None
    values: dict = field(default_factory=dict)  # Offer field -> value
    deadlines: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    evidence: dict = field(default_factory=dict)  # field -> excerpt
    flags: list = field(default_factory=list)  # (field, message)
    deduced: list = field(default_factory=list)  # messages: what was deduced, not read
    job_offer: bool = False  # a job (CDD, CDI, vacation), which the board does not list

    def put(self, name: str, found: Found | None) -> None:
        """A value read, with its excerpt; nothing for a value not read."""
        if found is None or found.value in (None, ""):
            return
        self.values[name] = found.value
        self.evidence[name] = found.excerpt

    def put_kind(self, kind: Found) -> None:
        if kind.value == profile.JOB_OFFER:
            # A job is no internship: the kind stays empty and the reviewer is told why.
            self.job_offer = True
            self.evidence["kind"] = kind.excerpt
            self.flags.append(("kind", JOB_OFFER_MESSAGE))
        else:
            self.put("kind", kind)

    @property
    def is_posting(self) -> bool:
        """The text names a position to fill: a title, a kind of offer, or a job's contract.

        However few facts follow (a page's opening may hold only the title and the host), it is
        a posting for the reviewer to complete.
        """
        return bool(self.values.get("title") or self.values.get("kind") or self.job_offer)

    def as_json(self, source_file: str | None = None, index: int | None = None) -> dict:
        offer = {name: _json(self.values.get(name)) for name in OFFER_FIELDS}
        offer["source_file"] = source_file
        offer["source_index"] = index
        return {
            "source": {"file": source_file, "index": index},
            "organisation": {"name": self.organisation},
            "offer": offer,
            "deadlines": [
                {
                    "kind": d.kind,
                    "date": _json(d.date),
                    "end_date": _json(d.end_date),
                    "wording": d.wording,
                }
                for d in self.deadlines
            ],
            "contacts": [
                {
                    "name": c.name or None,
                    "role": c.role or None,
                    "email": c.email or None,
                    "phone": c.phone or None,
                }
                for c in self.contacts
            ],
            "evidence": dict(self.evidence),
        }


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value == "":
        return None
    return value


def _description(lines: list[str]) -> str:
    parts = []
    for line in lines:
        stripped = unbulleted(line)
        if not stripped:
            continue
        if stripped != line.strip() and not re.match(r"^\d{1,2}[.)]\s", line):
            parts.append(f"- {stripped}")
        elif _is_section(line):
            parts.append(f"\n## {line.rstrip(' :').strip()}\n")
        else:
            parts.append(f"\n{line}\n")
    text = "\n".join(parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _is_section(line: str) -> bool:
    """A section title: short, no sentence, no "label : value", no figures but its number."""
    title = re.sub(r"^\d{1,2}[.)]\s+", "", line).rstrip(" :")
    return (
        bool(_SECTION.match(line))
        and len(title.split()) <= 8
        and ":" not in title
        and not re.search(r"[\d+€@]", title)
        and not title[:1].islower()
    )


def extract(text: str) -> ExtractedPosting:
    """Every fact the posting states, each with its excerpt; nothing it does not state."""
    result = ExtractedPosting()
    text = plain(text)
    lines = joined_fields(lines_of(text))
    if not lines:
        return result
    heading = parse_heading(lines[0])
    body = lines[1:] if heading else lines

    _put_title_and_host(result, heading, lines)
    result.put_kind(profile.find_kind(heading.line if heading else "", lines))

    place = places.find_place(
        heading.place if heading else "", heading.line if heading else "", body
    )
    for name, found in place.values.items():
        result.put(name, found)
    result.flags.extend(place.flags)

    for finder in (
        durations.find_duration,
        durations.find_hours,
        stipend.find_stipend,
        profile.find_education,
        profile.find_driving_licence,
        applying.find_how_to_apply,
    ):
        found = finder(body)
        if "_flag" in found:
            result.flags.append(found.pop("_flag"))
        for name, value in found.items():
            result.put(name, value)

    _put_dates(result, lines, body)
    result.put("start_wording", dates.find_start_wording(body))

    result.contacts = contacts.find_contacts(body)
    for index, contact in enumerate(result.contacts):
        result.evidence[f"contacts.{index}"] = contact.excerpt

    result.put("description", Found(_description(body), ""))
    result.evidence.pop("description", None)
    return result


def _put_title_and_host(result: ExtractedPosting, heading, lines: list[str]) -> None:
    """The title and the host: the heading line's ("Host (Place) – Title"), else read from the
    text."""
    if heading:
        result.heading = heading.line
        result.put("title", Found(headings.title_of_heading(heading.title), heading.line))
        result.organisation = heading.organisation
        result.evidence["organisation"] = heading.line
        result.put("source_heading", Found(heading.line, heading.line))
        return
    result.put("title", headings.title_without_heading(lines))
    organisation = headings.organisation_without_heading(lines)
    result.organisation = organisation.value
    if organisation.value:
        result.evidence["organisation"] = organisation.excerpt
    result.put("source_heading", Found(lines[0][:500], lines[0]))


def _put_dates(result: ExtractedPosting, lines: list[str], body: list[str]) -> None:
    """The milestones with their excerpts, and the start: an exact day, else its month, else
    the post's period's first day."""
    milestones = dates.find_dates(lines)
    result.deadlines = milestones.deadlines
    result.flags.extend(milestones.flags)
    for index, milestone in enumerate(result.deadlines):
        result.evidence[f"deadlines.{index}"] = milestone.wording
        if milestone.deduced:
            result.deduced.append(
                f"{milestone.wording} : année {milestone.date.year} déduite du jour de la semaine"
            )
    if milestones.start_date:
        result.put("start_date", Found(milestones.start_date, milestones.start_excerpt))
    else:
        result.put("start_month", Found(milestones.start_month, milestones.start_month_excerpt))
    _put_period(result, body)


def _put_period(result: ExtractedPosting, lines: list[str]) -> None:
    """The post's period in full ("Contrat du 1/10/2025 au 31/05/2026"): its first day is the
    start, and its length the duration when it is a whole number of months."""
    period = dates.find_period(lines)
    if period is None:
        return
    start, end, excerpt = period
    if "start_date" not in result.values and "start_month" not in result.values:
        result.put("start_date", Found(start, excerpt))
    months = dates.exact_months(start, end)
    if months and "duration_min_months" not in result.values:
        result.put("duration_min_months", Found(months, excerpt))
        result.put("duration_max_months", Found(months, excerpt))
        result.put("duration_wording", Found(excerpt, excerpt))


def found_postings(text: str) -> list[tuple[int, str, ExtractedPosting]]:
    """The postings of a plain text, each with its rank in the text and what was read in it."""
    drafts = [
        (index, posting, extract(posting)) for index, posting in enumerate(split_postings(text), 1)
    ]
    return [draft for draft in drafts if draft[2].is_posting]
