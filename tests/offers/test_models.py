import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from offers.models import Deadline, DeadlineKind, Offer
from tests.factories import DeadlineFactory, OfferFactory

pytestmark = pytest.mark.django_db


def assert_refused_by_database(**fields):
    offer = OfferFactory.build(**fields)
    offer.organisation.save()
    offer.organisation_id = offer.organisation.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        offer.save()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "cdi"},
        {"status": "online"},
        {"remote": "sometimes"},
        {"driving_licence": "maybe"},
        {"education_level": "bac12"},
        {"duration_min_months": 6, "duration_max_months": 4},
        {"weekly_hours_min": Decimal("35"), "weekly_hours_max": Decimal("20")},
        {"stipend_amount": Decimal("600"), "stipend_unit": ""},
        {"stipend_amount": None, "stipend_unit": "month"},
        {"stipend_amount": Decimal("-1"), "stipend_unit": "month"},
    ],
)
def test_database_refuses_an_inconsistent_offer(fields):
    assert_refused_by_database(**fields)


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        ({"duration_min_months": 6, "duration_max_months": 4}, "duration_max_months"),
        (
            {"weekly_hours_min": Decimal("35"), "weekly_hours_max": Decimal("20")},
            "weekly_hours_max",
        ),
        ({"stipend_amount": Decimal("600"), "stipend_unit": ""}, "stipend_unit"),
        ({"stipend_amount": None, "stipend_unit": "month"}, "stipend_amount"),
    ],
)
def test_clean_mirrors_the_constraints_with_a_friendly_message(fields, field_in_error):
    offer = OfferFactory(**{"duration_min_months": 1, "duration_max_months": 2})
    for name, value in fields.items():
        setattr(offer, name, value)
    with pytest.raises(ValidationError) as caught:
        offer.full_clean()
    assert field_in_error in caught.value.message_dict


def test_at_most_one_application_deadline_per_offer():
    first = DeadlineFactory(kind=DeadlineKind.APPLICATION)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.create(
            offer=first.offer,
            kind=DeadlineKind.APPLICATION,
            date=first.date,
            wording="Une autre date limite",
        )
    duplicate = Deadline(
        offer=first.offer,
        kind=DeadlineKind.APPLICATION,
        date=first.date,
        wording="Une autre date limite",
    )
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "kind" in caught.value.message_dict


def test_a_deadline_range_ends_after_it_starts():
    offer = OfferFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.create(
            offer=offer,
            kind=DeadlineKind.INTERVIEWS,
            date=datetime.date(2023, 11, 30),
            end_date=datetime.date(2023, 11, 20),
            wording="entretiens",
        )
    backwards = Deadline(
        offer=offer,
        kind=DeadlineKind.INTERVIEWS,
        date=datetime.date(2023, 11, 30),
        end_date=datetime.date(2023, 11, 20),
        wording="entretiens",
    )
    with pytest.raises(ValidationError) as caught:
        backwards.full_clean()
    assert "end_date" in caught.value.message_dict


def test_a_deadline_needs_a_date_or_the_posting_wording():
    offer = OfferFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.create(offer=offer, kind=DeadlineKind.OTHER, date=None, wording="")


class TestApplicationsOpen:
    @pytest.fixture(autouse=True)
    def frozen_clock(self, time_machine):
        time_machine.move_to(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC), tick=False)

    def test_open_until_the_deadline_day_included(self):
        today = timezone.localdate()
        on_time = DeadlineFactory(date=today).offer
        late = DeadlineFactory(date=today - datetime.timedelta(days=1)).offer
        assert on_time.applications_open_on() is True
        assert late.applications_open_on() is False
        open_slugs = set(Offer.objects.open().values_list("slug", flat=True))
        assert open_slugs == {on_time.slug}
        assert set(Offer.objects.closed().values_list("slug", flat=True)) == {late.slug}

    def test_without_deadline_open_for_sixty_days_after_publication(self):
        fresh = OfferFactory(published_at=timezone.now() - datetime.timedelta(days=59))
        stale = OfferFactory(published_at=timezone.now() - datetime.timedelta(days=61))
        never = OfferFactory(published_at=None)
        assert fresh.applications_open_on() is True
        assert stale.applications_open_on() is False
        assert never.applications_open_on() is False
        assert set(Offer.objects.open().values_list("slug", flat=True)) == {fresh.slug}

    def test_an_undated_deadline_counts_as_no_deadline(self):
        recent = DeadlineFactory(date=None, wording="le 30 novembre au plus tard").offer
        unknown = DeadlineFactory(
            date=None, wording="le 30 novembre au plus tard", offer=OfferFactory(published_at=None)
        ).offer
        assert recent.applications_open_on() is True
        assert unknown.applications_open_on() is False
        assert set(Offer.objects.open().values_list("slug", flat=True)) == {recent.slug}


def test_visible_lists_published_offers_only():
    from tests.factories import (
        ArchivedOfferFactory,
        DraftOfferFactory,
        RejectedOfferFactory,
        SubmittedOfferFactory,
    )

    published = OfferFactory()
    for factory_class in (
        DraftOfferFactory,
        SubmittedOfferFactory,
        RejectedOfferFactory,
        ArchivedOfferFactory,
    ):
        factory_class()
    assert list(Offer.objects.visible()) == [published]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"stipend_amount": Decimal("1300"), "stipend_unit": "month", "stipend_gross": True},
            "1\xa0300 € brut par mois",
        ),
        (
            {"stipend_amount": Decimal("4.50"), "stipend_unit": "hour", "stipend_gross": None},
            "4,50 € par heure",
        ),
        (
            {"stipend_amount": Decimal("600"), "stipend_unit": "month", "stipend_gross": False},
            "600 € net par mois",
        ),
        ({"stipend_amount": None, "stipend_unit": ""}, ""),
    ],
)
def test_stipend_label_in_french(fields, expected):
    assert OfferFactory.build(**fields).stipend_label == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(4, 6, "4 à 6 mois"), (6, 6, "6 mois"), (None, 3, "3 mois"), (None, None, "")],
)
def test_duration_label(low, high, expected):
    offer = OfferFactory.build(duration_min_months=low, duration_max_months=high)
    assert offer.duration_label == expected


def test_hours_label_keeps_a_range():
    offer = OfferFactory.build(weekly_hours_min=Decimal("28"), weekly_hours_max=Decimal("35"))
    assert offer.hours_label == "28 à 35 h par semaine"


@pytest.mark.parametrize(
    ("code", "valid"),
    [("13", True), ("2A", True), ("974", True), ("20", False), ("99", False), ("ZZ", False)],
)
def test_clean_refuses_an_unknown_departement(code, valid):
    offer = OfferFactory(department_code=code if valid else "13")
    offer.department_code = code
    if valid:
        offer.full_clean()
    else:
        with pytest.raises(ValidationError) as caught:
            offer.full_clean()
        assert "department_code" in caught.value.message_dict
