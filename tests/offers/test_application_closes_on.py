"""Offer.application_closes_on: the database's own copy of the application deadline's date."""

import datetime

import pytest
from django.core.management import call_command

from offers.models import Deadline, DeadlineKind, Offer
from tests.conftest import SEED_FIXTURES
from tests.factories import DeadlineFactory, OfferFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 15)


def stored(offer: Offer) -> datetime.date | None:
    return Offer.objects.values_list("application_closes_on", flat=True).get(pk=offer.pk)


def test_follows_the_application_deadline_through_its_life():
    offer = OfferFactory()
    assert stored(offer) is None
    deadline = DeadlineFactory(offer=offer, date=DAY)
    assert stored(offer) == DAY
    deadline.date = DAY + datetime.timedelta(days=3)
    deadline.save()
    assert stored(offer) == DAY + datetime.timedelta(days=3)
    deadline.kind = DeadlineKind.INTERVIEWS
    deadline.save()
    assert stored(offer) is None
    deadline.kind = DeadlineKind.APPLICATION
    deadline.save()
    deadline.delete()
    assert stored(offer) is None


def test_other_milestones_do_not_count():
    offer = OfferFactory()
    DeadlineFactory(offer=offer, kind=DeadlineKind.START, date=DAY)
    assert stored(offer) is None


def test_a_deadline_moved_to_another_offer_updates_both():
    first, second = OfferFactory(), OfferFactory()
    deadline = DeadlineFactory(offer=first, date=DAY)
    deadline.offer = second
    deadline.save()
    assert (stored(first), stored(second)) == (None, DAY)


def test_bulk_writes_are_followed_too():
    offer = OfferFactory()
    Deadline.objects.bulk_create(
        [Deadline(offer=offer, kind=DeadlineKind.APPLICATION, date=DAY, wording="x")]
    )
    assert stored(offer) == DAY
    Deadline.objects.filter(offer=offer).update(date=None)
    assert stored(offer) is None


def test_saving_a_stale_offer_never_writes_an_old_date_back():
    offer = OfferFactory()
    stale = Offer.objects.get(pk=offer.pk)
    DeadlineFactory(offer=offer, date=DAY)
    stale.title = "Titre corrigé"
    stale.save()
    assert stored(offer) == DAY


def test_seed_fixtures_loaded_raw_agree_with_their_deadlines():
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    for offer in Offer.objects.prefetch_related("deadlines"):
        milestone = offer.application_deadline_milestone
        assert offer.application_closes_on == (milestone.date if milestone else None)
