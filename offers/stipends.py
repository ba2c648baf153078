"""The legal minimum internship stipend (gratification), and offers' stipends made comparable.

This is the one table of legal minimums in the code: the public badges, the monthly filter and the
moderators' checks all read it, so a new year is one line here.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Case, DecimalField, ExpressionWrapper, F, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

# 15 % of the hourly social-security ceiling (Code de l'éducation, art. D124-6), by calendar year.
# Each row holds from its year until the next row's year.
LEGAL_MINIMUM_HOURLY: list[tuple[int, Decimal]] = [
    (2017, Decimal("3.60")),
    (2018, Decimal("3.75")),
    (2020, Decimal("3.90")),
    (2023, Decimal("4.05")),
    (2024, Decimal("4.35")),
    (2026, Decimal("4.50")),
]

# Without stated hours, a full-time week: the legal duration of work.
DEFAULT_WEEKLY_HOURS = Decimal("35")
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
CENTS = Decimal("0.01")


def legal_minimum_hourly(year: int) -> Decimal | None:
    """The legal minimum hourly stipend for a year, or None before the table starts."""
    minimum = None
    for first_year, amount in LEGAL_MINIMUM_HOURLY:
        if year >= first_year:
            minimum = amount
    return minimum


def weekly_hours(offer) -> Decimal:
    # The lower bound of a range: a student filtering on "at least 600 € a month" must get
    # offers that pay it for sure, not only at their busiest.
    for hours in (offer.weekly_hours_min, offer.weekly_hours_max):
        if hours is not None and hours > 0:
            return Decimal(hours)
    return DEFAULT_WEEKLY_HOURS


def monthly_equivalent(offer) -> Decimal | None:
    """The stipend per month, in euros: monthly amounts as stated, hourly ones over the week."""
    amount = offer.stipend_amount
    if amount is None:
        return None
    if offer.stipend_unit == "month":
        return Decimal(amount).quantize(CENTS)
    if offer.stipend_unit == "hour":
        return (Decimal(amount) * weekly_hours(offer) * WEEKS_PER_MONTH).quantize(
            CENTS, rounding=ROUND_HALF_UP
        )
    return None


def hourly_equivalent(offer) -> Decimal | None:
    amount = offer.stipend_amount
    if amount is None:
        return None
    if offer.stipend_unit == "hour":
        return Decimal(amount)
    if offer.stipend_unit == "month":
        return Decimal(amount) / (weekly_hours(offer) * WEEKS_PER_MONTH)
    return None


def monthly_equivalent_expression() -> models.Expression:
    """monthly_equivalent() as a database expression, for filtering and facets."""
    hours = Coalesce(
        F("weekly_hours_min"),
        F("weekly_hours_max"),
        Value(DEFAULT_WEEKLY_HOURS),
        output_field=DecimalField(max_digits=4, decimal_places=1),
    )
    per_month = ExpressionWrapper(
        F("stipend_amount") * hours * Value(Decimal(52)) / Value(Decimal(12)),
        output_field=DecimalField(max_digits=12, decimal_places=4),
    )
    return Case(
        When(stipend_unit="month", then=F("stipend_amount")),
        When(stipend_unit="hour", then=per_month),
        default=None,
        output_field=DecimalField(max_digits=12, decimal_places=4),
    )


def reference_year(offer, deadline: datetime.date | None = None) -> int | None:
    """The year whose legal minimum applies: the internship's start, else its deadline."""
    if offer.start_date is not None:
        return offer.start_date.year
    # The database's copy of the application deadline's date (Offer.application_closes_on),
    # unless the caller read the deadline itself (a form's offer, its deadlines being edited).
    deadline = deadline or offer.application_closes_on
    if deadline is not None:
        return deadline.year
    # Not created_at: seed postings are loaded years after they were written.
    return offer.published_at.year if offer.published_at is not None else None


class StipendLevel(models.TextChoices):
    ABOVE = "above", _("au-dessus du minimum légal")
    MINIMUM = "minimum", _("minimum légal")
    BELOW = "below", _("en dessous du minimum légal")
    UNKNOWN = "unknown", _("non précisé")
    SERVICE_CIVIQUE = "service_civique", _("indemnité de service civique")


def stipend_level(offer) -> StipendLevel:
    """How the stipend compares with the legal minimum of the offer's year."""
    if offer.kind == "service_civique":
        # Its own regime: a state allowance fixed by decree, not an internship stipend.
        return StipendLevel.SERVICE_CIVIQUE
    if offer.kind in ("alternance", "volontariat"):
        # A salary, an allowance: the internship's legal minimum says nothing about them.
        return StipendLevel.UNKNOWN
    hourly = hourly_equivalent(offer)
    if hourly is None:
        return StipendLevel.UNKNOWN
    # Monthly amounts are rounded to the euro or cent by publishers: a cent an hour is the
    # minimum, not above it.
    hourly = hourly.quantize(CENTS, rounding=ROUND_HALF_UP)
    year = reference_year(offer)
    minimum = legal_minimum_hourly(year) if year is not None else None
    if minimum is None:
        # Without a year, only an amount above (or below) every year's minimum can be judged.
        amounts = [amount for _year, amount in LEGAL_MINIMUM_HOURLY]
        if year is None and hourly > max(amounts):
            return StipendLevel.ABOVE
        if year is None and hourly < min(amounts):
            return StipendLevel.BELOW
        return StipendLevel.UNKNOWN
    if hourly > minimum:
        return StipendLevel.ABOVE
    if hourly == minimum:
        return StipendLevel.MINIMUM
    return StipendLevel.BELOW
