"""The offer page reads its offer in one query, and its deadlines and contacts, in order, in two
more when its article is rendered."""

import datetime

import pytest

from offers import caches
from offers.models import DeadlineKind, Offer
from offers.offer_page import detail_queryset, published_offer, with_details
from tests.factories import (
    ContactFactory,
    DeadlineFactory,
    DraftOfferFactory,
    OfferFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def everything(offer) -> dict:
    """Every value the page can read, without a query."""
    return {
        "offer": fields(offer),
        "organisation": fields(offer.organisation),
        "deadlines": [(fields(d), d.offer is offer) for d in offer.deadlines.all()],
        "contacts": [(fields(c), fields(c.organisation)) for c in offer.contacts.all()],
    }


def assert_same_as_the_orm(slug, django_assert_num_queries):
    expected = everything(detail_queryset(Offer.objects.visible()).get(slug=slug))
    with django_assert_num_queries(1):
        offer = published_offer(slug)
    with django_assert_num_queries(2):
        with_details(offer)
    with django_assert_num_queries(0):
        with_details(offer)  # read once
    with django_assert_num_queries(0):
        assert everything(offer) == expected


def test_every_seed_offer_reads_as_with_the_orm(seed, django_assert_num_queries):
    slugs = list(Offer.objects.visible().values_list("slug", flat=True))
    assert slugs
    for slug in slugs:
        assert_same_as_the_orm(slug, django_assert_num_queries)


def test_deadline_and_contact_order_and_foreign_contacts(django_assert_num_queries):
    offer = OfferFactory(stipend_amount="4.35", stipend_unit="hour", stipend_gross=True)
    for kind, date in [
        (DeadlineKind.INTERVIEWS, None),
        (DeadlineKind.START, datetime.date(2027, 3, 1)),
        (DeadlineKind.APPLICATION, datetime.date(2027, 1, 15)),
        (DeadlineKind.HIRING, datetime.date(2027, 1, 15)),
    ]:
        DeadlineFactory(offer=offer, kind=kind, date=date, wording=f"{kind} selon l'annonce")
    elsewhere = OrganisationFactory(name="AAA partenaire")
    offer.contacts.add(
        ContactFactory(organisation=offer.organisation, name="Zoé"),
        ContactFactory(organisation=offer.organisation, name="Ali"),
        ContactFactory(organisation=elsewhere, name="Marc"),
    )
    OfferFactory().contacts.add(ContactFactory(name="Pas sur cette offre"))
    assert_same_as_the_orm(offer.slug, django_assert_num_queries)
    read = published_offer(offer.slug)
    kinds = [deadline.kind for deadline in read.deadlines.all()]
    assert kinds == ["application", "hiring", "start", "interviews"]
    assert [c.name for c in read.contacts.all()] == ["Marc", "Ali", "Zoé"]


def test_an_offer_without_deadlines_or_contacts(django_assert_num_queries):
    offer = OfferFactory()
    assert_same_as_the_orm(offer.slug, django_assert_num_queries)
    read = published_offer(offer.slug)
    assert list(read.deadlines.all()) == [] and list(read.contacts.all()) == []


def test_unpublished_and_unknown_offers_are_none(django_assert_num_queries):
    draft = DraftOfferFactory()
    # Nothing found, nothing prefetched.
    with django_assert_num_queries(1):
        assert published_offer(draft.slug) is None
    assert published_offer("nope") is None


def test_the_read_queryset_still_behaves_as_a_queryset():
    offer = OfferFactory()
    DeadlineFactory(offer=offer, kind=DeadlineKind.APPLICATION)
    DeadlineFactory(offer=offer, kind=DeadlineKind.START)
    read = published_offer(offer.slug)
    assert read.deadlines.filter(kind=DeadlineKind.START).count() == 1


def test_the_offer_comes_with_the_boards_version():
    offer = OfferFactory()
    assert published_offer(offer.slug).board_version == caches.board_version()
    offer.title = "Autre titre"
    offer.save()
    assert published_offer(offer.slug).board_version == caches.board_version()
