"""Warnings for moderators: what looks wrong in an offer, never a refusal."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from offers.checks import offer_warnings
from offers.models import OfferKind, StipendUnit
from tests.factories import DeadlineFactory, DraftOfferFactory, OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
SEPT_2023, JAN_2024, SEPT_2024 = (
    datetime.date(2023, 9, 1),
    datetime.date(2024, 1, 8),
    datetime.date(2024, 9, 1),
)
MONTH = StipendUnit.MONTH
TWO = {"duration_min_months": 2}


def offer(**fields):
    defaults = {"title": "Animation d'ateliers", "duration_min_months": 4, "duration_max_months": 4}
    created = DraftOfferFactory(**{**defaults, **fields})
    created.refresh_from_db()  # amounts as the database gives them: Decimal, not str
    return created


def test_a_clean_offer_has_no_warning():
    assert offer_warnings(offer()) == []


def test_a_stage_over_six_months():
    [warning] = offer_warnings(offer(duration_min_months=6, duration_max_months=8))
    assert "6 mois" in warning and "8" in warning
    service = offer(kind=OfferKind.SERVICE_CIVIQUE, duration_min_months=6, duration_max_months=8)
    assert offer_warnings(service) == []


def test_an_application_deadline_before_the_publication():
    published = OfferFactory(published_at=timezone.make_aware(datetime.datetime(2025, 3, 10)))
    DeadlineFactory(offer=published, date=datetime.date(2025, 3, 1))
    [warning] = offer_warnings(published)
    assert "1 mars 2025" in warning and "publication" in warning


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC))
def test_an_unpublished_offer_whose_deadline_has_passed():
    draft = offer()
    DeadlineFactory(offer=draft, date=datetime.date(2025, 5, 31))
    assert any("précède" in w for w in offer_warnings(draft))


@pytest.mark.parametrize(
    "fields,warned",
    [
        # 2024: 4.35 €/h.
        ({"stipend_amount": "4.00", "start_date": SEPT_2024}, True),
        ({"stipend_amount": "4.35", "start_date": SEPT_2024}, False),
        # 2023: 4.05 €/h, so 4.10 is fine then.
        ({"stipend_amount": "4.10", "start_date": SEPT_2023}, False),
        # Two months or less: no legal minimum.
        ({"stipend_amount": "1", "duration_max_months": 2, "start_date": SEPT_2024, **TWO}, False),
        # Monthly, full time: 600 € is under 4.35 × 154 h; 700 € is not.
        ({"stipend_amount": "600", "stipend_unit": MONTH, "start_date": JAN_2024}, True),
        ({"stipend_amount": "700", "stipend_unit": MONTH, "start_date": JAN_2024}, False),
        # Monthly, part time (20 h a week): 400 € is over 4.35 € an hour.
        (
            {
                "stipend_amount": "400",
                "stipend_unit": MONTH,
                "weekly_hours_max": 20,
                "start_date": JAN_2024,
            },
            False,
        ),
        # No start date and no deadline: no year, no judgement.
        ({"stipend_amount": "1"}, False),
    ],
)
def test_a_stipend_under_the_legal_minimum(fields, warned):
    fields.setdefault("stipend_unit", StipendUnit.HOUR)
    warnings = offer_warnings(offer(**fields))
    assert any("minimum légal" in w for w in warnings) is warned


def test_without_a_start_date_the_deadline_gives_the_year():
    draft = offer(stipend_amount="3.80", stipend_unit=StipendUnit.HOUR)
    DeadlineFactory(offer=draft, date=datetime.date(2020, 1, 15))
    # 3.80 €/h: under 2020's 3.90, though it would have been enough in 2018.
    [warning] = [w for w in offer_warnings(draft) if "minimum légal" in w]
    assert "2020" in warning and "3,90" in warning


def test_a_probable_duplicate_in_the_same_organisation_only():
    organisation = OrganisationFactory()
    OfferFactory(organisation=organisation, title="Stage : chargé·e de concertation citoyenne")
    OfferFactory(title="Stage chargé de concertation citoyenne")
    twin = offer(organisation=organisation, title="Stage chargé·e de concertation citoyenne")
    [warning] = offer_warnings(twin)
    assert "Doublon probable" in warning
    other = offer(organisation=organisation, title="Médiation scientifique en bibliothèque")
    assert offer_warnings(other) == []


def test_a_published_offer_without_a_publication_date_is_not_compared_with_today():
    # The seed postings: online, closed long ago, with no date of publication on the board.
    seeded = OfferFactory(published_at=None)
    DeadlineFactory(offer=seeded, date=datetime.date(2022, 12, 10))
    assert offer_warnings(seeded) == []
