"""E-mails of the review workflow, queued by offers.workflow in the transition's transaction.

A decision goes to the people who publish the offer: the member who submitted it and its
organisation's members. Never to its contacts: they are names copied from a posting (a
researcher, a partner), who never asked for anything and often have no account.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from mail.outbox import queue_email
from organisations.roles import MODERATORS_GROUP

from . import review_cycle, typography
from .models import OfferStatus, OfferTransition


def moderator_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def submitter_email(offer) -> str | None:
    """The address of the active member who last submitted the offer, if any."""
    submission = (
        offer.transitions.filter(to_status=OfferStatus.SUBMITTED, actor__is_active=True)
        .select_related("actor")
        .last()
    )
    if submission is not None and submission.actor.email:
        return submission.actor.email
    return None


def publisher_emails(offer) -> list[str]:
    """Whoever should hear of a decision: the member who submitted the offer (even if they
    have left the organisation since) and the people who publish for its organisation."""
    emails = {
        m.user.email
        for m in offer.organisation.memberships.select_related("user")
        if m.user.email and m.user.is_active
    }
    submitter = submitter_email(offer)
    if submitter:
        emails.add(submitter)
    return sorted(emails)


def send_for(record: OfferTransition, name: str) -> None:
    """Queue the e-mails of transition `name` (a key of offers.workflow.TRANSITIONS)."""
    offer = record.offer
    if name == "submit":
        # The submitter hears that it arrived; moderators once per review cycle.
        if record.actor is not None and record.actor.email:
            _queue(record, "received", [record.actor.email])
        if review_cycle.mails_moderators(record):
            _queue(record, "submitted", moderator_emails())
    elif name == "publish" and record.from_status != OfferStatus.PUBLISHED:
        _queue(record, "published", publisher_emails(offer))
    elif name == "reject":
        _queue(record, "rejected", publisher_emails(offer))
    elif name == "archive":
        _queue(record, "archived", publisher_emails(offer))
    # "withdraw" is the publishers' own act: nobody needs telling.


def _queue(record: OfferTransition, template: str, recipients: list[str]) -> None:
    offer = record.offer
    site = settings.SITE_URL.rstrip("/")
    context = {
        "offer": offer,
        "transition": record,
        "admin_url": site + reverse("admin:offers_offer_change", args=[offer.pk]),
        "public_url": site + offer.get_absolute_url(),
    }
    subject = render_to_string(f"offers/emails/{template}_subject.txt", context)
    body = render_to_string(f"offers/emails/{template}_body.txt", context)
    # Written in French (no catalogue): its non-breaking spaces (offers.typography).
    subject, body = typography.french(subject), typography.french(body)
    # One message per recipient: members of an organisation need not see each other's address.
    for recipient in recipients:
        queue_email(recipient, subject, body)
