"""A person whose address is verified asks to publish for an organisation already on the board;
one of its members (by the e-mailed link) or a moderator (in the admin) agrees."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from offers.notifications import moderator_emails
from organisations.models import JoinRequest, Membership, Organisation
from organisations.roles import make_publisher

from . import tokens
from .models import PublishRequest
from .services import account_for, mail_to, new_account, site_url, verify_url


@transaction.atomic
def ask_to_join(publish_request: PublishRequest, organisation: Organisation) -> JoinRequest:
    """The join request, made once; its members (or, if it has none, the moderators) are asked
    by e-mail. The posting waits in the publish request: nothing is lost meanwhile."""
    account = account_for(publish_request.email) or new_account(publish_request)
    join_request, created = JoinRequest.objects.get_or_create(
        user=account, organisation=organisation
    )
    PublishRequest.objects.filter(pk=publish_request.pk).update(
        user=account,
        organisation=organisation,
        verified_at=publish_request.verified_at or timezone.now(),
    )
    if created:
        context = {
            "join_request": join_request,
            "name": publish_request.name,
            "accept_url": site_url(
                reverse("publishing:join", args=[tokens.join_token(join_request)])
            ),
            "days": tokens.JOIN_LIFETIME // (24 * 3600),
        }
        for email in member_emails(organisation) or moderator_emails():
            mail_to(email, "join_asked", context)
    return join_request


def member_emails(organisation: Organisation) -> list[str]:
    members = Membership.objects.filter(organisation=organisation, user__is_active=True)
    return sorted(set(members.exclude(user__email="").values_list("user__email", flat=True)))


@transaction.atomic
def accept(join_request: JoinRequest, by=None) -> bool:
    """The person publishes for the organisation; False if that was already agreed."""
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.accepted_at is not None:
        return False
    locked.accepted_at = timezone.now()
    locked.accepted_by = by if by is not None and by.is_authenticated else None
    locked.save(update_fields=["accepted_at", "accepted_by"])
    organisation = locked.organisation
    if organisation.verified:
        make_publisher(locked.user, organisation)
    else:
        # Still waiting for a moderator: a member now, a publisher once it is verified.
        Membership.objects.get_or_create(user=locked.user, organisation=organisation)
    waiting = (
        PublishRequest.objects.filter(
            user=locked.user, organisation=organisation, offer__isnull=True
        )
        .order_by("-created_at")
        .first()
    )
    context = {
        "organisation": organisation,
        "resume_url": verify_url(waiting) if waiting is not None else "",
        "signin_url": site_url(reverse("publishing:signin")),
    }
    mail_to(locked.user.email, "join_accepted", context)
    return True
