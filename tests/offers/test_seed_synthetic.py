"""seed_synthetic: a realistic board of any size, the same every time, in bulk."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from offers.models import Deadline, DeadlineKind, Offer, OfferKind, OfferStatus, SearchDocument
from offers.search import search_condition
from organisations.models import Contact, Organisation

pytestmark = pytest.mark.django_db


def seed(offers: int, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("seed_synthetic", offers=offers, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Offer.objects.order_by("pk").values_list(
            "title", "status", "city", "organisation__name", "published_at", "duration_max_months"
        )
    )


def test_creates_the_requested_offers_with_organisations_contacts_and_deadlines():
    out, err = seed(600)
    assert Offer.objects.count() == 600
    assert Organisation.objects.count() == 12
    assert Contact.objects.count() >= 12
    assert Offer.contacts.through.objects.count() >= 600
    assert Deadline.objects.filter(kind=DeadlineKind.APPLICATION).count() > 300
    assert "600 offres" in out
    assert "600/600 100 %" in err


def test_distributions_follow_the_seed_offers():
    seed(1_000)
    kinds = Counter(Offer.objects.values_list("kind", flat=True))
    statuses = Counter(Offer.objects.values_list("status", flat=True))
    # The seed has 25 stages for 3 services civiques, and the board publishes most offers.
    assert kinds[OfferKind.STAGE] > 3 * kinds[OfferKind.SERVICE_CIVIQUE] > 0
    assert statuses[OfferStatus.PUBLISHED] > 800
    assert statuses[OfferStatus.DRAFT] > 0
    assert Offer.objects.filter(department_code="75").count() > 50
    # French text drawn from the postings, never placeholder text.
    assert not Offer.objects.filter(description="").exists()
    assert Offer.objects.filter(description__icontains="concertation").count() > 100


def test_one_organisation_has_the_benchmarks_500_offers():
    seed(600)
    biggest = Counter(Offer.objects.values_list("organisation_id", flat=True)).most_common(1)
    assert biggest[0][1] >= 500


def test_same_seed_same_board_and_a_second_run_adds_without_clashing():
    seed(300)
    first = snapshot()
    Offer.objects.all().delete()
    Organisation.objects.all().delete()
    seed(300)
    assert [row[:4] for row in snapshot()] == [row[:4] for row in first]
    seed(300)
    assert Offer.objects.count() == 600


def test_every_row_passes_the_models_validation():
    seed(200)
    for offer in Offer.objects.all()[:200]:
        offer.full_clean()
    for deadline in Deadline.objects.select_related("offer")[:200]:
        deadline.full_clean()


@pytest.mark.parametrize("offers", [0, -5])
def test_refuses_a_nonsensical_count(offers):
    with pytest.raises(CommandError):
        seed(offers)


def test_offers_carry_their_deadline_copy_and_the_triggers_are_back_on():
    seed(300)
    for offer in Offer.objects.prefetch_related("deadlines"):
        milestone = offer.application_deadline_milestone
        assert offer.application_closes_on == (milestone.date if milestone else None)
    offer = Offer.objects.filter(application_closes_on__isnull=True).first()
    Deadline.objects.filter(offer=offer, kind=DeadlineKind.APPLICATION).delete()
    Deadline.objects.create(
        offer=offer, kind=DeadlineKind.APPLICATION, date=datetime.date(2030, 1, 1)
    )
    offer.refresh_from_db()
    assert offer.application_closes_on == datetime.date(2030, 1, 1)


def test_search_documents_are_the_triggers_own_and_the_trigger_is_back_on():
    seed(300)
    written = documents()
    vocabulary = search_words()
    assert len(written) == Offer.objects.count() == 300
    assert all(summary and excerpt for _document, summary, excerpt in written.values())
    # Touching the title makes the trigger of migration 0002 recompute every document, and add
    # any word the seeding left out of the board's vocabulary.
    Offer.objects.update(title=F("title"))
    assert documents() == written
    assert search_words() == vocabulary
    offer = Offer.objects.first()
    offer.title = "Stage xylophone"
    offer.save()
    assert Offer.objects.filter(search_condition("xylophone"), pk=offer.pk).exists()


def documents() -> dict:
    rows = SearchDocument.objects.values_list(
        "offer_id", "document", "offer__search_summary__summary", "excerpt"
    )
    return {offer_id: rest for offer_id, *rest in rows}


def search_words() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM offers_search_word")
        return {word for (word,) in cursor.fetchall()}
