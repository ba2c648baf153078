"""Who may do what: publishers act for their organisations, moderators decide."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet

from .models import Membership, Organisation

PUBLISHERS_GROUP = "Publishers"
MODERATORS_GROUP = "Moderators"
MODERATE_PERMISSION = "offers.moderate_offer"


def is_moderator(user) -> bool:
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations a user acts for; every organisation for a moderator."""
    if is_moderator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user)


def is_member(user, organisation_id: int) -> bool:
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


@transaction.atomic
def make_publisher(user, organisation: Organisation) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation)
    grant_role(user, PUBLISHERS_GROUP)
    return membership


def make_moderator(user) -> None:
    grant_role(user, MODERATORS_GROUP)


@transaction.atomic
def grant_role(user, group_name: str) -> None:
    # Entering the admin needs is_staff; what can be done there comes from the group alone.
    user.groups.add(Group.objects.get(name=group_name))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def end_membership(membership: Membership) -> None:
    """Remove a membership, and with the user's last one the publisher role it gave."""
    membership.delete()
    release_publisher_role(membership.user)


def release_publisher_role(user) -> None:
    if Membership.objects.filter(user=user).exists():
        return
    user.groups.remove(*Group.objects.filter(name=PUBLISHERS_GROUP))
    # Admin access came with the role: it goes unless something else still needs it.
    needs_admin = user.is_superuser or user.groups.exists() or user.user_permissions.exists()
    if user.is_staff and not needs_admin:
        user.is_staff = False
        user.save(update_fields=["is_staff"])


@transaction.atomic
def verify_organisation(organisation: Organisation) -> None:
    """A moderator approved the first offer of an organisation proposed from /publier/: the
    organisation is checked, and the people who proposed it (its members) publish for it."""
    if organisation.verified:
        return
    organisation.verified = True
    organisation.save(update_fields=["verified"])
    for membership in organisation.memberships.select_related("user"):
        if membership.user.is_active:
            make_publisher(membership.user, organisation)
