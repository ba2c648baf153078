"""What the offer page reads and renders.

The page is one query: the published offer with its organisation and the board's version. Its
article (key facts, contacts, calendar) is a fragment kept under that version
(offers/caches.py); only when it is rendered are the deadlines and the contacts with their
organisations read, in two more queries, whatever their number.
"""

import datetime

from django.db.models import F, Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from markupsafe import Markup

from organisations.models import Contact

from . import caches
from .models import Deadline, Offer

# The calendar's order: dated milestones first, by date, then by kind.
DEADLINE_ORDER = (F("date").asc(nulls_last=True), "kind")
DETAILS = (
    Prefetch("deadlines", queryset=Deadline.objects.order_by(*DEADLINE_ORDER)),
    Prefetch("contacts", queryset=Contact.objects.select_related("organisation")),
)


def detail_queryset(offers):
    """Offers with everything their page shows (the moderators' preview reads them so)."""
    return offers.select_related("organisation").prefetch_related(*DETAILS)


def published_offer(slug: str) -> Offer | None:
    """The published offer with this slug, its organisation and the board's version
    (`board_version`), or None: one query."""
    offers = caches.with_board_version(Offer.objects.visible().select_related("organisation"))
    # get(), not first(): a slug is unique, and an order would only cost its compiling.
    try:
        offer = offers.get(slug=slug)
    except Offer.DoesNotExist:
        return None
    caches.read_with_rows(offer.board_version)
    return offer


def with_details(offer: Offer) -> Offer:
    """The offer with its deadlines and contacts read, unless they already are."""
    prefetch_related_objects([offer], *DETAILS)
    return offer


def article(offer: Offer) -> Markup:
    return Markup(render_to_string("offers/offer_article.html", {"offer": with_details(offer)}))


def cached_article(offer: Offer, today: datetime.date) -> Markup:
    """The article as students read it today, rendered once per board version and language
    (the offer comes from `published_offer`, with the version).

    The board's version moves at every write to the offer, its deadlines, its contacts and its
    organisation (offers/caches.py).
    """
    return caches.fragment(
        "offer", offer.board_version, today, lambda: article(offer), parts=[offer.pk]
    )
