"""The importer measured on the 40 postings of import_dev/, which it was not written for.

import_dev/README.md says how truth.json labels them. Its keys are put in the model's terms and
counted by measure.py, so both sets count alike: a stated fact is a labelled value that is not
null; an extracted fact is wrong when it differs from the label, or when the label is null (the
text does not state it, often because the page was cut before it). The differences:

- kind: a job offer ("emploi", and "vacation", a casual job) is no internship; the importer
  says so instead of giving a kind (ExtractedPosting.job_offer), which counts as "emploi".
- deadlines: the labels give the application deadline and the publication date (dated, or the
  deadline's wording alone); the importer's other milestones (interviews, hiring, start) are not
  labelled, so they are not counted. The start is counted as start_date.
- start_date: labelled "YYYY-MM" when the posting names only the month; a date in that month is
  right, and so is the importer's start month (start_month, the month's first day), the field
  that holds a start named by its month alone.
- weekly hours: one number, compared with the importer's upper bound.
- driving licence: the labels say true (required) or null, "apprécié" included; the importer's
  "preferred" has no label to be compared with, and is not counted.
- every file holds a posting (a listing page's labels describe its first one): a file where the
  importer finds none counts every fact as missed.
"""

import json
from pathlib import Path

from offers.importer.posting import ExtractedPosting, found_postings
from offers.importer.text import fold, plain
from tests.offers.importer.measure import Tally, count_organisation, count_posting, report

DEV_DIR = Path(__file__).resolve().parent / "import_dev"

SCALARS = [
    "title",
    "kind",
    "city",
    "postal_code",
    "department_code",
    "country",
    "remote",
    "duration_min_months",
    "duration_max_months",
    "weekly_hours_max",
    "stipend_amount",
    "stipend_unit",
    "education_level",
    "driving_licence",
    "start_date",
]
SETS = ["deadlines", "contact emails", "contact phones", "contact names"]
_KINDS = {"emploi": "emploi", "vacation": "emploi"}
_REMOTE = {True: "possible", False: "none"}
_LICENCE = {True: "required"}


def labels() -> list[dict]:
    return json.loads((DEV_DIR / "truth.json").read_text(encoding="utf-8"))


def drafts() -> dict[str, list]:
    """Each file's postings as the importer finds them (what import_postings would import)."""
    return {
        path.name: found_postings(plain(path.read_text(encoding="utf-8")))
        for path in sorted((DEV_DIR / "postings").glob("*.txt"))
    }


def _wanted(label: dict) -> dict:
    level = label["education_level"]
    return {
        "title": label["title"],
        "kind": _KINDS.get(label["kind"], label["kind"]),
        "city": label["city"],
        "postal_code": label["postal_code"],
        "department_code": label["department"],
        "country": label["country"],
        "remote": _REMOTE.get(label["remote"]),
        "duration_min_months": label["duration_min_months"],
        "duration_max_months": label["duration_max_months"],
        "weekly_hours_max": label["hours_per_week"],
        "stipend_amount": label["stipend_amount"],
        "stipend_unit": label["stipend_unit"],
        "education_level": level.replace("+", "") if level else None,
        "driving_licence": _LICENCE.get(label["driving_licence"]),
        "start_date": label["start_date"],
    }


def _got(draft, wanted: dict) -> dict:
    got = {name: draft.values.get(name) for name in SCALARS}
    if got["driving_licence"] == "preferred":
        got["driving_licence"] = None
    if not got["kind"] and draft.job_offer:
        got["kind"] = "emploi"
    if not got["start_date"]:
        got["start_date"] = draft.values.get("start_month")
    if got["start_date"]:
        got["start_date"] = got["start_date"].isoformat()[: len(wanted["start_date"] or "")]
    return got


def _sets(label: dict, draft) -> dict[str, tuple[set, set]]:
    want = set()
    if label["application_deadline"] or label["deadline_text"]:
        want.add(("application", label["application_deadline"]))
    if label["published_on"]:
        want.add(("publication", label["published_on"]))
    got = {
        (d.kind, None if d.deduced or not d.date else d.date.isoformat())
        for d in draft.deadlines
        if d.kind in ("application", "publication") and not d.end_date
    }
    got |= {
        (d.kind, f"{d.date.isoformat()}/{d.end_date.isoformat()}")
        for d in draft.deadlines
        if d.kind in ("application", "publication") and d.end_date
    }
    digits = "".join
    return {
        "deadlines": (want, got),
        "contact emails": (
            {e.lower() for e in label["contact_emails"]},
            {c.email.lower() for c in draft.contacts if c.email},
        ),
        "contact phones": (
            {digits(filter(str.isdigit, p))[-9:] for p in label["phones"]},
            {digits(filter(str.isdigit, c.phone))[-9:] for c in draft.contacts if c.phone},
        ),
        "contact names": (
            {fold(n) for n in label["contact_names"]},
            {fold(c.name) for c in draft.contacts if c.name},
        ),
    }


def measure_dev() -> tuple[dict[str, Tally], Tally, list[str]]:
    """The tallies, the organisation's, and the files where no posting was found."""
    tallies = {name: Tally() for name in [*SCALARS, *SETS]}
    organisation = Tally()
    found = drafts()
    missed = []
    for label in labels():
        key = label["file"]
        postings = found[key]
        if not postings:
            missed.append(key)
        # No posting found: nothing extracted, every stated fact missed.
        draft = postings[0][2] if postings else ExtractedPosting()
        wanted = _wanted(label)
        count_posting(tallies, key, wanted, _got(draft, wanted), _sets(label, draft))
        count_organisation(organisation, key, label["organisation"], draft.organisation)
    return tallies, organisation, missed


if __name__ == "__main__":
    # DJANGO_DEBUG=1 python -m tests.offers.importer.measure_dev: the table, then every mistake.
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    tallies, organisation, missed = measure_dev()
    report(tallies, organisation)
    print("NO POSTING FOUND IN", missed)
