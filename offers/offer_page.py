"""The public offer page's reads, compiled once (offers/prepared.py).

They return what `views.detail_queryset()` returns for one offer (its organisation, deadlines
in the page's order and contacts with their organisations, in the same three queries), without
the ORM compiling three querysets on every request. tests/offers/test_offer_page.py checks that
both give the same objects.
"""

from django.db.models import F

from organisations.models import Contact

from .models import Deadline, Offer
from .prepared import PreparedQuery, prefetched

# The calendar's order: dated milestones first, by date, then by kind.
DEADLINE_ORDER = (F("date").asc(nulls_last=True), "kind")

OFFER_BY_SLUG = PreparedQuery(
    lambda slug: Offer.objects.visible().select_related("organisation").filter(slug=slug),
    marker="participe-prepared-slug-marker",
)
DEADLINES = PreparedQuery(
    lambda offer_id: Deadline.objects.filter(offer_id=offer_id).order_by(*DEADLINE_ORDER),
    marker=-7_340_026,
)
CONTACTS = PreparedQuery(
    lambda offer_id: Contact.objects.filter(offers=offer_id).select_related("organisation"),
    marker=-7_340_026,
)


def published_offer(slug: str) -> Offer | None:
    """The published offer with this slug, ready for its page, or None."""
    found = OFFER_BY_SLUG.fetch(slug)
    if not found:
        return None
    offer = found[0]
    deadlines = DEADLINES.fetch(offer.pk)
    for deadline in deadlines:
        # As prefetch_related() does: each deadline knows its offer without a query.
        Deadline.offer.field.set_cached_value(deadline, offer)
    contacts = CONTACTS.fetch(offer.pk)
    offer._prefetched_objects_cache = {
        "deadlines": prefetched(offer.deadlines, deadlines),
        "contacts": prefetched(offer.contacts, contacts),
    }
    return offer
