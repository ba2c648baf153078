"""What a moderator needs to decide: what an offer lacks, and what changed since its last review.

Each transition keeps a snapshot of the offer as the person acting saw it
(OfferTransition.snapshot), so that the next reviewer reads the difference, not the whole offer.
"""

from django.db.models import Q
from django.utils import formats, timezone

from .models import Offer, OfferStatus, RemoteWork
from .offer_fields import PUBLISHER_FIELDS
from .openness import OPEN_WITHOUT_DEADLINE

# The fields a publisher writes, in the form's order, with the label the form gives them.
SNAPSHOT_FIELDS = PUBLISHER_FIELDS
REVIEWS = {OfferStatus.PUBLISHED, OfferStatus.REJECTED}


def missing_for_submission(offer: Offer) -> list[str]:
    """What a student needs and the offer does not say yet; empty when it can be submitted."""
    missing = []
    if not offer.title.strip():
        missing.append("un intitulé")
    if not offer.kind:
        missing.append("le type d'offre (stage, service civique, alternance ou volontariat)")
    has_place = any(
        value.strip()
        for value in (offer.address, offer.city, offer.postal_code, offer.place_wording)
    )
    remote_work = (RemoteWork.POSSIBLE, RemoteWork.FULL)
    has_remote = offer.remote in remote_work or offer.remote_wording.strip()
    if not (has_place or has_remote):
        missing.append(
            "un lieu (adresse, ville ou lieu tel que l'annonce le décrit) ou le télétravail"
        )
    if not has_description(offer):
        missing.append("une description")
    reachable = offer.pk and any(c.email or c.phone for c in offer.contacts.all())
    if not (reachable or offer.application_url.strip() or offer.how_to_apply.strip()):
        missing.append(
            "un moyen de postuler (un contact avec courriel ou téléphone, un lien de candidature "
            "ou le texte « comment postuler »)"
        )
    return missing


# A description that is not only blank: as a condition for a queryset that must not read every
# description (the moderation queue annotates its page with it, OfferAdmin.get_queryset).
HAS_DESCRIPTION = Q(description__regex=r"\S")


def has_description(offer: Offer) -> bool:
    annotated = getattr(offer, "has_description", None)
    if annotated is not None:
        return annotated
    return bool(offer.description.strip())


def applications_outlook(offer: Offer) -> str:
    """Whether students could apply once the offer is online, in the moderator's words."""
    today = timezone.localdate()
    milestone = offer.application_deadline_milestone
    deadline = milestone.date if milestone is not None else None
    if offer.status == OfferStatus.PUBLISHED:
        state = "ouvertes" if offer.applications_open_on(today) else "closes"
        return f"En ligne : les candidatures sont {state}."
    if deadline is not None and deadline >= today:
        return (
            "Publiée aujourd'hui, l'offre serait ouverte aux candidatures jusqu'au "
            f"{formats.date_format(deadline, 'j F Y')}."
        )
    if deadline is not None:
        return (
            "Publiée aujourd'hui, l'offre serait déjà close : sa date limite de candidature "
            f"({formats.date_format(deadline, 'j F Y')}) est passée."
        )
    until = today + OPEN_WITHOUT_DEADLINE
    return (
        "Sans date limite de candidature datée, l'offre publiée aujourd'hui serait ouverte aux "
        f"candidatures pendant {OPEN_WITHOUT_DEADLINE.days} jours, jusqu'au "
        f"{formats.date_format(until, 'j F Y')}."
    )


def _shown(offer: Offer, name: str) -> str:
    field = Offer._meta.get_field(name)
    value = getattr(offer, name)
    if value is None or value == "":
        return ""
    if name == "organisation":
        return str(value)
    if field.choices:
        return str(getattr(offer, f"get_{name}_display")())
    if isinstance(value, bool):
        return "oui" if value else "non"
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "j F Y")
    if not isinstance(value, str):
        return formats.number_format(value, use_l10n=True)
    return value


def snapshot(offer: Offer) -> dict[str, str]:
    """The offer as text, field by field, with its contacts and milestones."""
    shot = {name: _shown(offer, name) for name in SNAPSHOT_FIELDS}
    shot["contacts"] = "\n".join(
        " · ".join(part for part in (c.name, c.role, c.email, c.phone) if part)
        for c in offer.contacts.order_by("name", "email")
    )
    shot["deadlines"] = "\n".join(
        " · ".join(
            part
            for part in (
                d.get_kind_display(),
                formats.date_format(d.date, "j F Y") if d.date else "",
                d.wording,
            )
            if part
        )
        for d in offer.deadlines.order_by("date", "kind", "pk")
    )
    return shot


def label(name: str) -> str:
    if name == "contacts":
        return "Contacts"
    if name == "deadlines":
        return "Échéances"
    return str(Offer._meta.get_field(name).verbose_name).capitalize()


def last_review(offer: Offer):
    return offer.transitions.filter(to_status__in=REVIEWS).order_by("created_at", "pk").last()


def changes_since(review, offer: Offer) -> list[tuple[str, str, str]]:
    """(label, before, after) for each field that differs from the review's snapshot."""
    before = review.snapshot
    now = snapshot(offer)
    return [
        (label(name), before.get(name, ""), value)
        for name, value in now.items()
        if name in before and before[name] != value
    ]
