"""The importer measured against the curated seed fixtures, field by field.

Each fact the fixtures give for a posting (a value that is not empty, null or "not_mentioned")
is a stated fact; the importer got it right when it extracted the same value. Each value the
importer extracted is an extracted fact; it is wrong when it differs from the fixture, or when
the fixture leaves that field empty. Sets (deadlines, contacts' e-mails, phones and names) count
one fact per element. A deadline whose year the importer deduced from a weekday is compared as
the undated wording the fixture keeps (the fixtures only date what the posting dates in full).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from offers.importer.headings import split_postings
from offers.importer.posting import extract
from offers.importer.text import fold, plain
from tests.conftest import POSTINGS_DIR, SEED_FIXTURES

FIXTURES = [Path(path) for path in SEED_FIXTURES]

SCALARS = [
    "title",
    "kind",
    "address",
    "city",
    "postal_code",
    "department_code",
    "country",
    "remote",
    "duration_min_months",
    "duration_max_months",
    "weekly_hours_min",
    "weekly_hours_max",
    "stipend_amount",
    "stipend_unit",
    "stipend_gross",
    "education_level",
    "driving_licence",
    "start_date",
]
SETS = ["deadlines", "contact emails", "contact phones", "contact names"]
EMPTY = (None, "", "not_mentioned")


@dataclass
class Tally:
    stated: int = 0
    right: int = 0
    extracted: int = 0
    wrong: int = 0
    mistakes: list = field(default_factory=list)


def curated() -> dict:
    objects = []
    for path in FIXTURES:
        objects += yaml.safe_load(path.read_text(encoding="utf-8"))
    contacts = {
        (o["fields"]["organisation"][0], o["fields"]["name"], o["fields"]["email"]): o["fields"]
        for o in objects
        if o["model"] == "organisations.contact"
    }
    organisations = {
        o["fields"]["slug"]: o["fields"]["name"]
        for o in objects
        if o["model"] == "organisations.organisation"
    }
    deadlines = defaultdict(list)
    for o in objects:
        if o["model"] == "offers.deadline":
            deadlines[o["fields"]["offer"][0]].append(o["fields"])
    offers = {}
    for o in objects:
        if o["model"] != "offers.offer":
            continue
        f = o["fields"]
        offers[(f["source_file"], f["source_index"])] = {
            "fields": f,
            "organisation": organisations[f["organisation"][0]],
            "deadlines": deadlines[f["slug"]],
            "contacts": [contacts[tuple(key)] for key in f["contacts"]],
        }
    return offers


def postings() -> dict:
    found = {}
    for path in sorted(POSTINGS_DIR.glob("0*.txt")):
        for index, text in enumerate(split_postings(plain(path.read_text("utf-8"))), start=1):
            found[(path.name, index)] = text
    return found


def _norm(name: str, value):
    if value in EMPTY:
        return None
    if name in ("weekly_hours_min", "weekly_hours_max", "stipend_amount"):
        return Decimal(str(value)).normalize()
    if name in ("city", "address"):
        return fold(str(value)).replace("-", " ")
    if name == "start_date":
        return str(value)
    return value


def _same_title(extracted, expected) -> bool:
    # The fixtures trim a heading's generic words and restore case: compare the words.
    def words(text):
        return " ".join(re.findall(r"\w+", fold(text)))

    return (
        bool(extracted)
        and bool(expected)
        and (words(expected) in words(extracted) or words(extracted) in words(expected))
    )


def _phone(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return digits[-9:]


def _sets(expected: dict, draft) -> dict[str, tuple[set, set]]:
    exp_deadlines = {
        (
            d["kind"],
            str(d["date"]) if d["date"] else None,
            str(d["end_date"]) if d["end_date"] else None,
        )
        for d in expected["deadlines"]
    }
    got_deadlines = {
        (
            d.kind,
            None if d.deduced else (d.date.isoformat() if d.date else None),
            None if d.deduced else (d.end_date.isoformat() if d.end_date else None),
        )
        for d in draft.deadlines
    }
    contacts = expected["contacts"]
    return {
        "deadlines": (exp_deadlines, got_deadlines),
        "contact emails": (
            {c["email"].lower() for c in contacts if c["email"]},
            {c.email.lower() for c in draft.contacts if c.email},
        ),
        "contact phones": (
            {_phone(c["phone"]) for c in contacts if c["phone"]},
            {_phone(c.phone) for c in draft.contacts if c.phone},
        ),
        "contact names": (
            {fold(c["name"]) for c in contacts if c["name"]},
            {fold(c.name) for c in draft.contacts if c.name},
        ),
    }


def count_posting(tallies: dict[str, Tally], key, wanted: dict, got: dict, sets: dict) -> None:
    """Adds one posting's facts to the tallies: `wanted` and `got` map a scalar field to its
    expected and extracted value (normalised by _norm), `sets` a set field to (wanted, got)."""
    for name, expected in wanted.items():
        tally = tallies[name]
        want = _norm(name, expected)
        value = _norm(name, got.get(name))
        if want is not None:
            tally.stated += 1
        if value is not None:
            tally.extracted += 1
        ok = _same_title(value, want) if name == "title" else value == want
        if want is not None and ok:
            tally.right += 1
        if value is not None and not ok:
            tally.wrong += 1
            tally.mistakes.append((key, want, value))
    for name, (want, value) in sets.items():
        tally = tallies[name]
        tally.stated += len(want)
        tally.extracted += len(value)
        tally.right += len(want & value)
        tally.wrong += len(value - want)
        if value - want:
            tally.mistakes.append((key, sorted(want, key=str), sorted(value - want, key=str)))


def count_organisation(organisation: Tally, key, want: str | None, got: str | None) -> None:
    organisation.stated += 1 if want else 0
    if got:
        organisation.extracted += 1
        if want and _same_title(got, want):
            organisation.right += 1
        else:
            organisation.wrong += 1
            organisation.mistakes.append((key, want, got))


def measure() -> tuple[dict[str, Tally], Tally]:
    expected_all = curated()
    texts = postings()
    tallies = {name: Tally() for name in [*SCALARS, *SETS]}
    organisation = Tally()
    assert set(texts) == set(expected_all), "the postings and the fixtures must pair one to one"
    for key, text in texts.items():
        expected = expected_all[key]
        draft = extract(text)
        wanted = {name: expected["fields"].get(name) for name in SCALARS}
        count_posting(tallies, key, wanted, draft.values, _sets(expected, draft))
        count_organisation(organisation, key, expected["organisation"], draft.organisation)
    return tallies, organisation


def table(*measures: tuple[dict[str, Tally], Tally]) -> str:
    """One column group per measure, side by side (the README's: seed postings, import_dev)."""
    width = len(measures)
    rows = [
        "| field |" + " stated | right | extracted | wrong |" * width,
        "| --- |" + " ---: | ---: | ---: | ---: |" * width,
    ]
    names = list(dict.fromkeys(name for tallies, _ in measures for name in tallies))
    for name in names:
        cells = [measures_cells(tallies.get(name, Tally())) for tallies, _ in measures]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    totals = []
    for tallies, _ in measures:
        stated = sum(t.stated for t in tallies.values())
        right = sum(t.right for t in tallies.values())
        extracted = sum(t.extracted for t in tallies.values())
        wrong = sum(t.wrong for t in tallies.values())
        totals.append(
            f"{stated} | {right} ({100 * right / stated:.1f} %) | {extracted} | "
            f"{wrong} ({100 * wrong / max(extracted, 1):.1f} %)"
        )
    rows.append("| **all** | " + " | ".join(totals) + " |")
    cells = [measures_cells(organisation) for _, organisation in measures]
    rows.append("| organisation (proposed name, not counted above) | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def measures_cells(t: Tally) -> str:
    return f"{t.stated} | {t.right} | {t.extracted} | {t.wrong}"


def report(tallies: dict[str, Tally], organisation: Tally) -> None:
    print(table((tallies, organisation)))
    for name, t in [*tallies.items(), ("organisation", organisation)]:
        for mistake in t.mistakes:
            print("WRONG", name, mistake)


if __name__ == "__main__":
    # DJANGO_DEBUG=1 python -m tests.offers.importer.measure: the table, then every mistake.
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    report(*measure())
