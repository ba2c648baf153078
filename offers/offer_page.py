"""What the offer page reads: the offer, its organisation, its deadlines in the calendar's order
and its contacts with their organisations: three queries, whatever the offer."""

from django.db.models import F, Prefetch

from organisations.models import Contact

from .models import Deadline, Offer

# The calendar's order: dated milestones first, by date, then by kind.
DEADLINE_ORDER = (F("date").asc(nulls_last=True), "kind")


def detail_queryset(offers):
    return offers.select_related("organisation").prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.order_by(*DEADLINE_ORDER)),
        Prefetch("contacts", queryset=Contact.objects.select_related("organisation")),
    )


def published_offer(slug: str) -> Offer | None:
    """The published offer with this slug, ready for its page, or None."""
    return detail_queryset(Offer.objects.visible()).filter(slug=slug).first()
