"""Proposing an offer: the request, the verified address, the draft, the submission.

Before the address is verified only a PublishRequest exists. Following the e-mailed link
(publishing.tokens) is the verification: then, and only then, an account is made for the
address (active, with an unusable password and no access to the admin), with, for a new
organisation, the organisation (unverified) and the person as its member, and the draft read
by the importer. A moderator publishing that first offer verifies the organisation and makes
the person its publisher (organisations.roles.verify_organisation); they sign in by link.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mail.outbox import queue_email
from offers import slugs, typography
from offers.importer.drafts import create_draft, match_organisation
from offers.importer.sources import one_posting
from offers.models import Offer
from organisations.models import Membership, Organisation

from . import tokens
from .models import PublishRequest


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def verify_url(publish_request: PublishRequest) -> str:
    return site_url(reverse("publishing:verify", args=[tokens.verify_token(publish_request)]))


def account_for(email: str):
    """The active account of an address, if there is one."""
    users = get_user_model().objects.filter(email__iexact=email, is_active=True)
    return users.order_by("-is_staff", "pk").first()


def request_publication(form) -> PublishRequest:
    """Keep the request and e-mail its link; the same whoever the address or organisation is."""
    data = form.cleaned_data
    publish_request = PublishRequest.objects.create(
        email=data["email"],
        name=data["name"],
        organisation_name=data["organisation_name"],
        organisation_city=data["organisation_city"],
        organisation_website=data.get("organisation_website", ""),
        registration_number=data.get("registration_number", ""),
        text=form.posting,
    )
    account = account_for(publish_request.email)
    context = {
        "request": publish_request,
        "verify_url": verify_url(publish_request),
        "hours": tokens.VERIFY_LIFETIME // 3600,
        # Told only to the address's owner: they may sign in instead.
        "signin_url": site_url(reverse("publishing:signin"))
        if account is not None and account.is_staff
        else "",
    }
    mail_to(publish_request.email, "verify", context)
    return publish_request


def find_organisation(publish_request: PublishRequest) -> Organisation | None:
    """The organisation already on the board that the request names: by its SIRET or RNA
    number, else by name (as the importer matches a posting's)."""
    if publish_request.registration_number:
        found = Organisation.objects.filter(
            registration_number=publish_request.registration_number
        ).first()
        if found is not None:
            return found
    return match_organisation(publish_request.organisation_name, Organisation.objects.all())


@dataclass
class Opened:
    """What following a verification link gives: a draft, or an organisation the person does
    not belong to (nothing was created then)."""

    offer: Offer | None = None
    organisation: Organisation | None = None


@transaction.atomic
def open_request(publish_request: PublishRequest) -> Opened:
    """The address is verified: the draft, made once (the link may be followed again)."""
    locked = PublishRequest.objects.select_for_update().get(pk=publish_request.pk)
    if locked.offer_id is not None:
        return Opened(offer=locked.offer, organisation=locked.offer.organisation)
    account = account_for(locked.email)
    organisation = find_organisation(locked)
    if organisation is not None:
        if account is None or not organisation.memberships.filter(user=account).exists():
            return Opened(organisation=organisation)
    else:
        account = account or new_account(locked)
        organisation = new_organisation(locked)
        Membership.objects.create(user=account, organisation=organisation)
    posting, extracted = one_posting(locked.text)
    imported = create_draft(extracted, text=posting, organisation=organisation, user=account)
    locked.verified_at = locked.verified_at or timezone.now()
    locked.user, locked.organisation, locked.offer = account, organisation, imported.offer
    locked.save(update_fields=["verified_at", "user", "organisation", "offer"])
    return Opened(offer=imported.offer, organisation=organisation)


def new_account(publish_request: PublishRequest):
    """An account for a verified address: no password to invent, no access to anything until a
    moderator or a member lets it publish."""
    User = get_user_model()
    email = publish_request.email
    username = email.lower()[:150]
    if User.objects.filter(username=username).exists():
        username = f"{username[:140]}-{publish_request.pk}"
    first, _space, last = publish_request.name.strip().partition(" ")
    user = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    return user


def new_organisation(publish_request: PublishRequest) -> Organisation:
    name = publish_request.organisation_name
    organisation = Organisation(
        name=name,
        slug=slugs.free_slug(Organisation, name),
        city=publish_request.organisation_city,
        website=publish_request.organisation_website,
        registration_number=publish_request.registration_number,
        verified=False,
    )
    slugs.save_new(organisation, name)
    return organisation


def mail_to(to: str, template: str, context: dict) -> None:
    subject = render_to_string(f"publishing/emails/{template}_subject.txt", context)
    body = render_to_string(f"publishing/emails/{template}_body.txt", context)
    # In French, with its non-breaking spaces (offers.typography).
    subject, body = typography.french_text(subject), typography.french_text(body)
    queue_email(to, subject, body, private=True)
