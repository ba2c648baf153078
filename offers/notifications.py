"""E-mails of the review workflow, queued by offers.workflow in the transition's transaction."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from mail.outbox import queue_email
from organisations.roles import MODERATORS_GROUP

from .models import OfferStatus, OfferTransition


def moderator_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def publisher_emails(offer) -> list[str]:
    """Whoever should hear of a decision: the member who submitted the offer, the people who
    publish for its organisation, and its contacts (who may have no account at all)."""
    emails = {c.email for c in offer.contacts.all() if c.email}
    emails |= {
        m.user.email
        for m in offer.organisation.memberships.select_related("user")
        if m.user.email and m.user.is_active
    }
    submission = (
        offer.transitions.filter(to_status=OfferStatus.SUBMITTED, actor__is_active=True)
        .select_related("actor")
        .last()
    )
    if submission is not None and submission.actor.email:
        emails.add(submission.actor.email)
    return sorted(emails)


def send_for(record: OfferTransition) -> None:
    offer = record.offer
    if record.to_status == OfferStatus.SUBMITTED:
        template, recipients = "submitted", moderator_emails()
    elif record.to_status == OfferStatus.PUBLISHED and record.from_status != OfferStatus.PUBLISHED:
        template, recipients = "published", publisher_emails(offer)
    elif record.to_status == OfferStatus.REJECTED:
        template, recipients = "rejected", publisher_emails(offer)
    else:
        return
    if not recipients:
        return
    site = settings.SITE_URL.rstrip("/")
    context = {
        "offer": offer,
        "transition": record,
        "admin_url": site + reverse("admin:offers_offer_change", args=[offer.pk]),
        "public_url": site + offer.get_absolute_url(),
    }
    subject = render_to_string(f"offers/emails/{template}_subject.txt", context)
    body = render_to_string(f"offers/emails/{template}_body.txt", context)
    # One message per recipient: contacts of an organisation need not see each other's address.
    for recipient in recipients:
        queue_email(recipient, subject, body)
