"""The alerts' e-mails: subject, text and HTML from templates/alerts/emails/, in the
subscriber's language, with absolute links (an e-mail has no request to build them from)."""

import dataclasses

from django.conf import settings
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from markupsafe import Markup

from offers import typography

from . import tokens

# A digest lists at most this many offers and links to the search for the rest.
DIGEST_SIZE = 50


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(subscription) -> str:
    return absolute(reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription)]))


def manage_url(email: str) -> str:
    return absolute(reverse("alerts:manage", args=[tokens.manage_token(email)]))


@dataclasses.dataclass(frozen=True)
class Email:
    """One message's parts, as the outbox stores them (mail.outbox.queue_email)."""

    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str]


def build(prefix: str, context: dict, subscription, headers=None) -> Email:
    context = {
        **context,
        "subscription": subscription,
        "search_url": absolute(subscription.get_absolute_url()),
        "manage_url": manage_url(subscription.email),
        "privacy_url": absolute(reverse("privacy")),
    }
    with translation.override(subscription.language):
        subject = render_to_string(f"alerts/emails/{prefix}_subject.txt", context)
        text = render_to_string(f"alerts/emails/{prefix}_body.txt", context)
        html = render_to_string(f"alerts/emails/{prefix}_body.html", context)
        # French non-breaking spaces: "Gérer mes alertes :" never ends a line on its colon.
        subject, text = typography.french_text(subject), typography.french_text(text)
        html = typography.french_html_in(html)
    return Email(
        to=subscription.email,
        subject=subject,  # made one line by the outbox (mail/outbox.py)
        text=text,
        html=html,
        headers={"Auto-Submitted": "auto-generated", **(headers or {})},
    )


def confirmation(subscription) -> Email:
    url = absolute(reverse("alerts:confirm", args=[tokens.confirm_token(subscription)]))
    return build("confirm", {"confirm_url": url}, subscription)


def already_subscribed(subscription) -> Email:
    return build("already_subscribed", {}, subscription)


def digest(subscription, offers: list, more: int) -> Email:
    unsubscribe = unsubscribe_url(subscription)
    with translation.override(subscription.language):
        entries = [digest_entry(offer) for offer in offers]
    return build(
        "digest",
        {"entries": entries, "more": more, "unsubscribe_url": unsubscribe},
        subscription,
        headers={
            # RFC 2369 and RFC 8058: mail clients show an "unsubscribe" button that posts here.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def stipend_badge(offer) -> Markup:
    """The list's own stipend badge: the macro of the public pages' templates, escaped there
    (Django's templates keep a Markup as it is)."""
    macros = engines["jinja2"].env.get_template("includes/offers.html").module
    return macros.stipend_badge(offer)


def digest_entry(offer) -> dict:
    badge = stipend_badge(offer)
    if offer.city:
        place = offer.city + (f" ({offer.department_code})" if offer.department_code else "")
    else:
        place = offer.place_wording
    return {
        "offer": offer,
        "url": absolute(offer.get_absolute_url()),
        "place": place,
        "deadline": offer.application_closes_on,
        # The list's own badge: HTML for the HTML part, its words for the text part.
        "stipend_html": badge,
        "stipend_text": strip_tags(badge),
    }
