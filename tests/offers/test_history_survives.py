"""The audit trail outlives any attempt to delete its offer, and admin access ends with the
membership that gave it."""

import pytest
from django.contrib.auth.models import Group
from django.db.models import ProtectedError

from offers import workflow
from offers.models import Offer, OfferTransition
from organisations import roles
from organisations.models import Membership
from tests.factories import (
    DraftOfferFactory,
    OrganisationFactory,
    UserFactory,
    moderator,
    publisher,
)

pytestmark = pytest.mark.django_db


def test_deleting_an_offer_with_a_history_is_refused_from_the_shell():
    organisation = OrganisationFactory()
    offer = DraftOfferFactory(organisation=organisation)
    workflow.apply(offer, "submit", by=publisher(organisation))
    workflow.apply(offer, "reject", by=moderator(), reason="Incomplète.")
    with pytest.raises(ProtectedError):
        offer.delete()
    assert OfferTransition.objects.filter(offer=offer).count() == 2


def test_deleting_it_from_the_admin_is_refused_too(client):
    organisation = OrganisationFactory()
    author = publisher(organisation)
    offer = DraftOfferFactory(organisation=organisation)
    workflow.apply(offer, "submit", by=author)
    workflow.apply(offer, "withdraw", by=author)
    client.force_login(author)
    response = client.post(f"/admin/offers/offer/{offer.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the page listing what protects it
    assert Offer.objects.filter(pk=offer.pk).exists()
    assert OfferTransition.objects.filter(offer=offer).count() == 2


def test_an_offer_without_history_can_still_be_deleted():
    offer = DraftOfferFactory()
    offer.delete()
    assert not Offer.objects.filter(pk=offer.pk).exists()


def test_removing_the_last_membership_removes_the_admin_access_it_gave(client):
    organisation = OrganisationFactory()
    member = publisher(organisation, username="ancien-membre")
    client.force_login(moderator())
    membership = Membership.objects.get(user=member)
    response = client.post(
        f"/admin/organisations/membership/{membership.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_staff
    assert not member.groups.filter(name=roles.PUBLISHERS_GROUP).exists()
    other = client.__class__()
    other.force_login(member)
    assert other.get("/admin/").status_code == 302  # to the login page


def test_a_member_of_another_organisation_keeps_the_role():
    first, second = OrganisationFactory(), OrganisationFactory()
    member = publisher(first)
    roles.make_publisher(member, second)
    roles.end_membership(Membership.objects.get(user=member, organisation=first))
    member.refresh_from_db()
    assert member.is_staff
    assert member.groups.filter(name=roles.PUBLISHERS_GROUP).exists()


def test_a_moderator_who_was_also_a_member_keeps_the_admin():
    organisation = OrganisationFactory()
    user = publisher(organisation)
    roles.make_moderator(user)
    roles.end_membership(Membership.objects.get(user=user))
    user.refresh_from_db()
    assert user.is_staff
    assert Group.objects.get(name=roles.MODERATORS_GROUP) in user.groups.all()


def test_the_bulk_delete_of_memberships_removes_access_too(client):
    organisation = OrganisationFactory()
    members = [publisher(organisation) for _ in range(2)]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    ids = [m.pk for m in Membership.objects.filter(user__in=members)]
    response = client.post(
        "/admin/organisations/membership/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    for member in members:
        member.refresh_from_db()
        assert not member.is_staff
