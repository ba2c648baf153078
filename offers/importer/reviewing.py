"""What the review of an imported draft shows: each fact beside the excerpt it was read from,
and every warning before it is submitted. The admin's review page and the public one use it."""

from django.utils.translation import gettext as _

from offers.checks import new_organisation_warning, offer_warnings
from offers.french_fields import month_label
from offers.models import ImportedPosting, Offer
from offers.review import missing_for_submission

from .posting import OFFER_FIELDS

# The fields a reviewer checks one by one (the description is checked as a whole).
REVIEWED_FIELDS = [
    f for f in OFFER_FIELDS if f not in ("description", "source_file", "source_index")
]


def review_context(offer: Offer, record: ImportedPosting, *, moderator_words: bool = True) -> dict:
    """`moderator_words`: False on the public page, whose reader proposed the organisation."""
    read = record.extracted.get("offer", {})
    flagged = {flag["field"] for flag in record.flags}
    rows = [
        {
            "name": name,
            "label": Offer._meta.get_field(name).verbose_name,
            "value": shown(name, getattr(offer, name)),
            "extracted": shown(name, read.get(name)),
            "excerpt": record.evidence.get(name, ""),
            "corrected": corrected(offer, name, read.get(name)),
            "flagged": name in flagged,
        }
        for name in REVIEWED_FIELDS
    ]
    deadlines = [
        {
            "deadline": deadline,
            "excerpt": next(
                (
                    record.evidence.get(f"deadlines.{i}", "")
                    for i, d in enumerate(record.extracted.get("deadlines", []))
                    if d["kind"] == deadline.kind and d["wording"] == deadline.wording
                ),
                "",
            ),
        }
        for deadline in offer.deadlines.all()
    ]
    contacts = [
        {
            "contact": contact,
            "excerpt": next(
                (
                    record.evidence.get(f"contacts.{i}", "")
                    for i, c in enumerate(record.extracted.get("contacts", []))
                    if (c["email"] or "") == contact.email and (c["name"] or "") == contact.name
                ),
                "",
            ),
        }
        for contact in offer.contacts.all()
    ]
    return {
        "original": offer,
        "record": record,
        "rows": rows,
        "deadlines": deadlines,
        "contacts": contacts,
        "organisation_excerpt": record.evidence.get("organisation", ""),
        "organisation_read": record.extracted.get("organisation", {}).get("name") or "",
        # Every warning before submitting: what looks wrong (a past deadline, a probable
        # duplicate…) and what the board needs that the posting does not say.
        "warnings": [
            w
            for w in offer_warnings(offer)
            if moderator_words or w != new_organisation_warning(offer)
        ],
        "missing": missing_for_submission(offer),
    }


def shown(name: str, value) -> str:
    """A field's value as the review page shows it, the draft's or the posting's."""
    field = Offer._meta.get_field(name)
    if value is None:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if value is True:
        return _("oui")
    if value is False:
        return _("non")
    if name == "start_month":
        return month_label(value)
    return str(value)


def corrected(offer: Offer, name: str, read) -> bool:
    """The draft's value is no longer the one read from the posting."""
    field = Offer._meta.get_field(name)
    now = getattr(offer, name)
    if read is None:
        # Nothing was read: the field is as imported while empty or at the model's default.
        return now not in (None, "") and not (field.has_default() and now == field.default)
    return field.to_python(read) != now
