"""Form fields that read what people type in French: "15 janvier 2027", "15/01/27", "35 h",
"4,50 €", "600 € par mois". Each error says the format expected.

The words (month names, units) are the importer's (offers/importer), so a posting and a
publisher's typing are read alike.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from .importer.dates import MONTHS
from .importer.stipend import unit_in
from .importer.text import fold

# Abbreviations people type ("15 janv. 2027", "3 sept 2027"): the first letters of a month
# that no other month starts with ("ju" could be juin or juillet).
_MONTH_PREFIX = re.compile(r"^(?P<prefix>[a-z]{3,})\.?$")
_WORDED = re.compile(r"^(?P<day>1er|\d{1,2})\s+(?P<month>[a-z.]+)\s+(?P<year>\d{4})$")
_NUMERIC = re.compile(r"^(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{2}|\d{4})$")
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
# A number first (French or English decimals, spaces between thousands), then words.
_NUMBER = re.compile(r"^(?P<number>\d[\d\s.,]*)(?P<words>.*)$")


def parse_date(text: str) -> datetime.date | None:
    """The date in "15 janvier 2027", "15/01/2027", "15/01/27" or "2027-01-15"; None if the
    text is none of these or not a real day."""
    folded = " ".join(fold(text).split())
    for pattern in (_WORDED, _NUMERIC, _ISO):
        match = pattern.match(folded)
        if match:
            break
    else:
        return None
    day = 1 if match["day"] == "1er" else int(match["day"])
    month = match["month"]
    month = int(month) if month.isdigit() else _month_number(month)
    year = int(match["year"])
    if year < 100:
        # "15/01/27": this century, as everyone writing today means it.
        year += 2000
    try:
        return datetime.date(year, month, day) if month else None
    except ValueError:  # 31/06, month 13
        return None


_MONTH_YEAR = re.compile(r"^(?P<month>[a-z.]+|\d{1,2})\s*[/.\-\s]\s*(?P<year>\d{4})$")
_ISO_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")


def parse_month(text: str) -> datetime.date | None:
    """The first day of the month in "septembre 2027", "sept. 2027", "09/2027" or "2027-09";
    a whole date ("15/09/2027") gives its month. None if the text is none of these."""
    day = parse_date(text)
    if day is not None:
        return day.replace(day=1)
    folded = " ".join(fold(text).split())
    match = _MONTH_YEAR.match(folded) or _ISO_MONTH.match(folded)
    if not match:
        return None
    month = match["month"]
    month = int(month) if month.isdigit() else _month_number(month)
    if not month or not 1 <= month <= 12:
        return None
    return datetime.date(int(match["year"]), month, 1)


def _month_number(word: str) -> int | None:
    if word in MONTHS:
        return MONTHS[word]
    match = _MONTH_PREFIX.match(word)
    if not match:
        return None
    candidates = {n for name, n in MONTHS.items() if name.startswith(match["prefix"])}
    return candidates.pop() if len(candidates) == 1 else None


def split_number(text: str) -> tuple[Decimal, str] | None:
    """The number a text starts with and the words after it ("600 € par mois" gives 600 and
    "€ par mois"); None if it does not start with a number, or has another one further on
    ("35 à 40": a range is not one number)."""
    match = _NUMBER.match(text.strip().replace("\u00a0", " ").replace("\u202f", " "))
    if not match or re.search(r"\d", match["words"]):
        return None
    digits = "".join(match["number"].split()).rstrip(".,")
    if "," in digits and "." in digits:
        # "1.300,50" or "1,300.50": the last one is the decimal mark.
        thousands = "." if digits.rfind(",") > digits.rfind(".") else ","
        digits = digits.replace(thousands, "")
    if digits.count(",") > 1 or digits.count(".") > 1:
        return None
    try:
        return Decimal(digits.replace(",", ".")), match["words"].strip()
    except InvalidOperation:
        return None


class FrenchDateField(forms.DateField):
    default_error_messages = {"invalid": "Saisissez une date comme 15/01/2027 ou 15 janvier 2027."}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            parsed = parse_date(value)
            if parsed is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            return parsed
        return super().to_python(value)


class FrenchMonthField(forms.DateField):
    """A month and its year, kept as the month's first day."""

    default_error_messages = {"invalid": "Saisissez un mois comme septembre 2027 ou 09/2027."}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            parsed = parse_month(value)
            if parsed is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            return parsed
        return super().to_python(value)

    def prepare_value(self, value):
        # Shown as typed: "septembre 2027", not the first day that stores it.
        return month_label(value) if isinstance(value, datetime.date) else value


def month_label(value: datetime.date | str) -> str:
    """ "septembre 2027" for a start month, stored as its first day (a date or its ISO text)."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return f"{_MONTH_NAMES[value.month - 1]} {value.year}"


_MONTH_NAMES = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


class FrenchDecimalField(forms.DecimalField):
    """A number typed the French way ("4,50", "1 300"), the English one ("4.50"), with its unit
    or currency after it if the person typed one ("35 h", "4,50 €", "600 € par mois"): the
    words are left for the form to read (typed_unit) and never make the number wrong."""

    def __init__(self, *, example: str, **kwargs):
        kwargs.pop("localize", None)
        # A text box: a number box would refuse the comma (and the unit) in some browsers.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 16}))
        kwargs["error_messages"] = {"invalid": f"Saisissez un nombre comme {example}."}
        # Localised: a stored 4.50 is shown as "4,50".
        super().__init__(localize=True, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            found = split_number(value)
            if found is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = found[0]
        return super().to_python(value)


def typed_unit(text: str) -> str | None:
    """The stipend unit named after the amount ("600 € par mois" gives "month"), if any."""
    found = split_number(text or "")
    return unit_in(found[1]) if found else None
