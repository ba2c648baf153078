"""What the offer page reads: the offer, its organisation, its deadlines in the calendar's order
and its contacts with their organisations.

`detail_queryset()` is the plain ORM way, three queries (the admin's preview uses it, whatever
the status). On PostgreSQL the public page reads the same in one query instead: the deadlines
and contacts come as JSON arrays from two subqueries, and the query is compiled to SQL once
(offers/prepared.py). Compiling three querysets and running three round trips cost about
2.7 ms of the page's 5.7 at 100,000 offers; this costs about 0.9 ms. tests/offers/
test_offer_page.py checks that both ways give the same objects.
"""

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import JSONObject

from organisations.models import Contact, Organisation

from .models import Deadline, Offer
from .prepared import PreparedQuery, prefetched

# The calendar's order: dated milestones first, by date, then by kind.
DEADLINE_ORDER = (F("date").asc(nulls_last=True), "kind")


def detail_queryset(offers):
    return offers.select_related("organisation").prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.order_by(*DEADLINE_ORDER)),
        Prefetch("contacts", queryset=Contact.objects.select_related("organisation")),
    )


def json_rows(queryset, group_by: str, columns: dict, order_by) -> Subquery:
    """One JSON array of objects (one per row of the queryset, in order), or NULL if none."""
    rows = JSONBAgg(JSONObject(**columns), order_by=order_by)
    return Subquery(queryset.order_by().values(group_by).annotate(rows=rows).values("rows"))


def attnames(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


ORGANISATION_PREFIX = "organisation__"


def offer_with_related(slug: str):
    deadlines = json_rows(
        Deadline.objects.filter(offer=OuterRef("pk")),
        "offer",
        {name: name for name in attnames(Deadline)},
        DEADLINE_ORDER,
    )
    contact_columns = [*attnames(Contact)]
    contact_columns += [ORGANISATION_PREFIX + name for name in attnames(Organisation)]
    contacts = json_rows(
        Contact.objects.filter(offers=OuterRef("pk")),
        "offers",
        {name: name for name in contact_columns},
        Contact._meta.ordering,
    )
    return (
        Offer.objects.visible()
        .filter(slug=slug)
        .select_related("organisation")
        .annotate(deadline_rows=deadlines, contact_rows=contacts)
        .order_by()
    )


OFFER_WITH_RELATED = PreparedQuery(offer_with_related, marker="participe-prepared-slug-marker")


def from_json(model, row: dict, prefix: str = ""):
    """The instance a query would have built, from the row's JSON object."""
    fields = model._meta.concrete_fields
    values = [field.to_python(row[prefix + field.attname]) for field in fields]
    return model.from_db(DEFAULT_DB_ALIAS, [field.attname for field in fields], values)


def published_offer(slug: str) -> Offer | None:
    """The published offer with this slug, ready for its page, or None."""
    if connection.vendor != "postgresql":
        return detail_queryset(Offer.objects.visible()).filter(slug=slug).first()
    found = OFFER_WITH_RELATED.fetch(slug)
    if not found:
        return None
    offer = found[0]
    deadlines = [from_json(Deadline, row) for row in offer.deadline_rows or []]
    for deadline in deadlines:
        # As prefetch_related() does: each deadline knows its offer without a query.
        Deadline.offer.field.set_cached_value(deadline, offer)
    contacts = []
    for row in offer.contact_rows or []:
        contact = from_json(Contact, row)
        organisation = from_json(Organisation, row, ORGANISATION_PREFIX)
        Contact.organisation.field.set_cached_value(contact, organisation)
        contacts.append(contact)
    del offer.deadline_rows, offer.contact_rows
    offer._prefetched_objects_cache = {
        "deadlines": prefetched(offer.deadlines, deadlines),
        "contacts": prefetched(offer.contacts, contacts),
    }
    return offer
