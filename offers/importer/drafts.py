"""A posting read by the importer, saved as a draft offer with the excerpts behind its fields."""

import hashlib
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from offers import slugs
from offers.geography import DEPARTEMENTS
from offers.models import (
    Deadline,
    DrivingLicence,
    ImportedPosting,
    Offer,
    OfferStatus,
    RemoteWork,
)
from organisations.models import Contact, Organisation

from .posting import OFFER_FIELDS, ExtractedPosting
from .text import fold

# Fields a draft takes from the extraction; the source fields are set by whoever imports.
_DRAFT_FIELDS = [f for f in OFFER_FIELDS if not f.startswith("source_")] + ["source_heading"]
# What the model stores for "the posting does not say".
_DEFAULTED = {
    "kind": "L'annonce ne dit pas s'il s'agit d'un stage, d'un service civique, d'une "
    "alternance ou d'un volontariat : « stage » par défaut, à vérifier.",
    "country": "L'annonce ne dit pas dans quel pays : « FR » par défaut, à vérifier.",
}
_UNSTATED = {"remote": RemoteWork.NOT_MENTIONED, "driving_licence": DrivingLicence.NOT_MENTIONED}
# A posting may name its position by its kind alone (a page's opening, a listing): the draft
# gets a title that says it is to be written, and a flag.
UNTITLED = "Intitulé à préciser"
_UNTITLED_FLAG = "L'annonce ne donne pas d'intitulé : « Intitulé à préciser », à remplacer."


def digest_of(text: str, organisation: Organisation) -> str:
    """The posting's fingerprint within its organisation.

    Spaces and case do not make another posting. The organisation is part of it: the same text
    imported by another organisation is its own posting (a shared call for applications), and
    telling that organisation "already imported" would reveal what someone else imported.
    """
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(f"{organisation.pk}:{normalised}".encode()).hexdigest()


def _words(name: str) -> str:
    return " ".join(re.findall(r"\w+", fold(name)))


def match_organisation(name: str | None, among: QuerySet[Organisation]) -> Organisation | None:
    """The organisation the posting names, by name: the same words, or one name in the other."""
    if not name:
        return None
    wanted = _words(name)
    if not wanted:
        return None
    candidates = list(among.only("pk", "name", "slug"))
    for organisation in candidates:
        if _words(organisation.name) == wanted:
            return organisation
    close = [
        o
        for o in candidates
        if len(_words(o.name)) >= 4
        and (f" {_words(o.name)} " in f" {wanted} " or f" {wanted} " in f" {_words(o.name)} ")
    ]
    return close[0] if len(close) == 1 else None


def _clipped(name: str, value):
    field = Offer._meta.get_field(name)
    if isinstance(value, str) and getattr(field, "max_length", None):
        return value[: field.max_length]
    return value


@dataclass
class Imported:
    offer: Offer
    created: bool


def find_existing(
    text: str,
    organisation: Organisation | None,
    source_file: str = "",
    source_index: int | None = None,
):
    """The draft already made from this posting: the same text for the same organisation, or
    the same place in the same file. No organisation yet (one the import will create): no text
    was imported for it."""
    if organisation is not None:
        found = ImportedPosting.objects.filter(digest=digest_of(text, organisation))
        found = found.select_related("offer").first()
        if found:
            return found.offer
    if source_file:
        return Offer.objects.filter(source_file=source_file, source_index=source_index).first()
    return None


def _draft_fields(extracted: ExtractedPosting) -> tuple[dict, list[dict]]:
    """The draft offer's fields from what was read, and the flags for the reviewer: what the
    posting leaves open keeps the model's default (flagged), or stays empty."""
    values = {name: extracted.values.get(name) for name in _DRAFT_FIELDS}
    fields: dict = {}
    flags = [{"field": f, "message": m} for f, m in extracted.flags]
    flags += [{"field": "deadlines", "message": m} for m in extracted.deduced]
    if not values.get("title"):
        values["title"] = UNTITLED
        flags.append({"field": "title", "message": _UNTITLED_FLAG})
    if extracted.job_offer:
        # No kind the board has: left empty, which only a draft may be (see the flag).
        values["kind"] = ""
    for name, value in values.items():
        if value is None and name in _UNSTATED:
            value = _UNSTATED[name]
        elif value is None and Offer._meta.get_field(name).has_default():
            # A required choice the posting leaves open keeps the model's default, flagged.
            flags.append({"field": name, "message": _DEFAULTED.get(name, name)})
            continue
        elif value is None:
            value = "" if name in _TEXT_FIELDS else None
        if value is None:
            continue
        fields[name] = _clipped(name, value)
    if fields.get("department_code") and fields["department_code"] not in DEPARTEMENTS:
        fields.pop("department_code")
    return fields, flags


@transaction.atomic
def create_draft(
    extracted: ExtractedPosting,
    *,
    text: str,
    organisation: Organisation,
    user=None,
    source_file: str = "",
    source_index: int | None = None,
) -> Imported:
    existing = find_existing(text, organisation, source_file, source_index)
    if existing is not None:
        return Imported(existing, created=False)

    fields, flags = _draft_fields(extracted)
    offer = Offer(
        organisation=organisation,
        status=OfferStatus.DRAFT,
        slug=slugs.free_slug(Offer, fields["title"]),
        source_file=source_file[:100],
        source_index=source_index,
        **fields,
    )
    offer.full_clean(exclude=["slug"])
    slugs.save_new(offer, fields["title"])

    seen = set()
    for milestone in extracted.deadlines:
        key = (milestone.kind, milestone.wording[:300])
        if key in seen:
            continue
        seen.add(key)
        Deadline.objects.create(
            offer=offer,
            kind=milestone.kind,
            date=milestone.date,
            end_date=milestone.end_date,
            wording=milestone.wording[:300],
        )
    for found in extracted.contacts:
        if not found.email and not found.phone:
            continue
        contact, created = Contact.objects.get_or_create(
            organisation=organisation,
            name=found.name[:200],
            email=found.email[:254],
            defaults={"role": found.role[:300], "phone": found.phone[:40]},
        )
        if not created and found.phone and not contact.phone:
            contact.phone = found.phone[:40]
            contact.save(update_fields=["phone"])
        offer.contacts.add(contact)

    ImportedPosting.objects.create(
        offer=offer,
        digest=digest_of(text, organisation),
        text=text,
        extracted=extracted.as_json(source_file or None, source_index),
        evidence=extracted.evidence,
        flags=flags,
        imported_by=user,
    )
    return Imported(offer, created=True)


_TEXT_FIELDS = {
    f.name
    for f in Offer._meta.get_fields()
    if getattr(f, "get_internal_type", None)
    and f.get_internal_type() in ("CharField", "TextField", "URLField", "SlugField")
}


def organisation_for(extracted: ExtractedPosting, among: QuerySet[Organisation]) -> Organisation:
    """The matching organisation, or a new one with the name the posting gives (the command)."""
    found = match_organisation(extracted.organisation, among)
    if found:
        return found
    name = (extracted.organisation or "Organisation à préciser")[:200]
    organisation = Organisation(name=name, slug=slugs.free_slug(Organisation, name))
    slugs.save_new(organisation, name)
    return organisation
