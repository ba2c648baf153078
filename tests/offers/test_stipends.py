import datetime
from decimal import Decimal

import pytest

from offers.models import Offer
from offers.stipends import (
    StipendLevel,
    legal_minimum_hourly,
    monthly_equivalent,
    monthly_equivalent_expression,
    stipend_level,
)
from tests.factories import DeadlineFactory, OfferFactory


@pytest.mark.parametrize(
    ("year", "minimum"),
    [
        (2016, None),
        (2017, "3.60"),
        (2018, "3.75"),
        (2019, "3.75"),
        (2020, "3.90"),
        (2022, "3.90"),
        (2023, "4.05"),
        (2024, "4.35"),
        (2025, "4.35"),
        (2026, "4.50"),
        (2031, "4.50"),
    ],
)
def test_legal_minimum_by_year(year, minimum):
    assert legal_minimum_hourly(year) == (Decimal(minimum) if minimum else None)


def unsaved(**fields) -> Offer:
    fields.setdefault("kind", Offer.Kind.STAGE)
    fields.setdefault("start_date", datetime.date(2025, 3, 1))
    return Offer(**fields)


@pytest.mark.parametrize(
    ("fields", "monthly"),
    [
        ({"stipend_amount": Decimal("4.35"), "stipend_unit": "hour"}, "659.75"),
        (
            {"stipend_amount": Decimal("4.50"), "stipend_unit": "hour", "weekly_hours_min": 28},
            "546.00",
        ),
        ({"stipend_amount": Decimal("800"), "stipend_unit": "month"}, "800.00"),
        ({"stipend_amount": None, "stipend_unit": ""}, None),
    ],
)
def test_monthly_equivalent_uses_stated_hours_else_35(fields, monthly):
    assert monthly_equivalent(unsaved(**fields)) == (Decimal(monthly) if monthly else None)


@pytest.mark.parametrize(
    ("fields", "level"),
    [
        ({"stipend_amount": Decimal("4.50"), "stipend_unit": "hour"}, StipendLevel.ABOVE),
        ({"stipend_amount": Decimal("4.35"), "stipend_unit": "hour"}, StipendLevel.MINIMUM),
        ({"stipend_amount": Decimal("659.76"), "stipend_unit": "month"}, StipendLevel.MINIMUM),
        ({"stipend_amount": Decimal("550"), "stipend_unit": "month"}, StipendLevel.BELOW),
        ({"stipend_amount": None, "stipend_unit": ""}, StipendLevel.UNKNOWN),
        (
            {"stipend_amount": Decimal("4"), "stipend_unit": "hour", "start_date": None},
            StipendLevel.UNKNOWN,
        ),
        (
            {"stipend_amount": Decimal("900"), "stipend_unit": "month", "start_date": None},
            StipendLevel.ABOVE,
        ),
        (
            {"stipend_amount": Decimal("3"), "stipend_unit": "hour", "start_date": None},
            StipendLevel.BELOW,
        ),
        (
            {
                "stipend_amount": Decimal("4"),
                "stipend_unit": "hour",
                "start_date": datetime.date(2015, 1, 1),
            },
            StipendLevel.UNKNOWN,
        ),
        (
            {
                "stipend_amount": Decimal("600"),
                "stipend_unit": "month",
                "kind": Offer.Kind.SERVICE_CIVIQUE,
            },
            StipendLevel.SERVICE_CIVIQUE,
        ),
    ],
)
def test_stipend_level_against_the_year_minimum(fields, level):
    offer = unsaved(**fields)
    assert stipend_level(offer) == level


@pytest.mark.django_db
def test_year_comes_from_the_application_deadline_when_no_start_date():
    offer = OfferFactory(stipend_amount=Decimal("3.90"), stipend_unit="hour", start_date=None)
    DeadlineFactory(offer=offer, date=datetime.date(2021, 5, 1))
    assert stipend_level(Offer.objects.get(pk=offer.pk)) == StipendLevel.MINIMUM
    annotated = Offer.objects.with_application_deadline().get(pk=offer.pk)
    assert stipend_level(annotated) == StipendLevel.MINIMUM


@pytest.mark.django_db
def test_database_expression_agrees_with_python():
    offers = [
        OfferFactory(stipend_amount=Decimal("4.35"), stipend_unit="hour"),
        OfferFactory(stipend_amount=Decimal("4.05"), stipend_unit="hour", weekly_hours_min=24),
        OfferFactory(stipend_amount=Decimal("4.05"), stipend_unit="hour", weekly_hours_max=30),
        OfferFactory(stipend_amount=Decimal("1300"), stipend_unit="month"),
        OfferFactory(stipend_amount=None, stipend_unit=""),
    ]
    rows = dict(
        Offer.objects.annotate(monthly=monthly_equivalent_expression()).values_list("pk", "monthly")
    )
    for offer in offers:
        in_db = rows[offer.pk]
        expected = monthly_equivalent(offer)
        if expected is None:
            assert in_db is None
        else:
            assert Decimal(in_db).quantize(Decimal("0.01")) == expected
