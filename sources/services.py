"""A run over a source: what it lists becomes draft offers, once.

The same source run twice creates nothing new: each item is known by its address, and an item
whose source says it did not change is not fetched again (conditional requests for the rest).
An item whose text changed updates its draft, or its offer once published, which the moderators
then see as "modifiée depuis sa validation" with what changed. An item gone from the source
whose page answers 404 or 410 is archived. A source that fails (unreachable, an error, XML that
does not parse) is reported and changes nothing: its run is one transaction.
"""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from offers import review, workflow
from offers.importer.drafts import (
    create_draft,
    digest_of,
    match_organisation,
    organisation_for,
)
from offers.importer.posting import OFFER_FIELDS, ExtractedPosting, extract
from offers.importer.text import Found, plain
from offers.models import Deadline, ImportedPosting, Offer, OfferStatus, OfferTransition
from organisations.models import Organisation

from . import matching, readers
from .fetching import Fetcher, FetchError
from .models import Source, SourceItem, SourceRun, address_error

logger = logging.getLogger(__name__)

GONE = {404, 410}
# The fields a changed item may rewrite on its offer: what the importer reads, not its source.
_UPDATED_FIELDS = [name for name in OFFER_FIELDS if not name.startswith("source_")]
_VOLUNTEERING = (
    "Mission de bénévolat : le site ne publie que des stages, services civiques, alternances "
    "et volontariats."
)


class SourceFailed(Exception):
    """The source itself could not be read: nothing of this run is kept."""


@dataclass
class Report:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    archived: int = 0
    rejected: list = field(default_factory=list)
    error: str = ""

    def reject(self, url: str, reason: str) -> None:
        self.rejected.append({"url": url, "reason": reason})

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "archived": self.archived,
            "rejected": self.rejected,
        }


def sync_addresses(addresses=None, *, dry_run: bool = False, fetcher=None) -> list[Report]:
    """Every active source, or only the given addresses (saved as sources or not)."""
    fetcher = fetcher or Fetcher()
    if not addresses:
        return [
            sync(source, dry_run=dry_run, fetcher=fetcher)
            for source in Source.objects.filter(active=True).order_by("pk")
        ]
    reports = []
    for address in addresses:
        problem = address_error(address)
        if problem:
            report = Report(address)
            report.reject(address, problem)
            reports.append(report)
            continue
        source = Source.objects.filter(address=address).first() or Source(
            name=urlsplit(address).hostname or address, address=address, kind=""
        )
        reports.append(sync(source, dry_run=dry_run, fetcher=fetcher))
    return reports


def sync(source: Source, *, dry_run: bool = False, fetcher=None) -> Report:
    fetcher = fetcher or Fetcher()
    started = timezone.now()
    report = Report(source.address)
    unsaved = source.pk is None
    try:
        with transaction.atomic():
            _Run(source, report, fetcher).run()
            if dry_run:
                transaction.set_rollback(True)
    except SourceFailed as error:
        if unsaved:
            source.pk = None  # saved in the run, rolled back with it
        report = Report(source.address, error=str(error))
        report.reject(source.address, str(error))
    except Exception as error:
        # A fault of ours: the run is undone and said to have failed, and the others go on.
        logger.exception("Source run failed: %s", source.address)
        if unsaved:
            source.pk = None
        report = Report(source.address, error=f"Erreur interne : {type(error).__name__}")
        report.reject(source.address, report.error)
    if not dry_run and source.pk is not None:
        SourceRun.objects.create(
            source=source,
            started_at=started,
            finished_at=max(timezone.now(), started),
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            duplicates=report.duplicates,
            archived=report.archived,
            rejected=report.rejected,
            error=report.error,
        )
    return report


class _Run:
    def __init__(self, source: Source, report: Report, fetcher: Fetcher):
        self.source = source
        self.report = report
        self.fetcher = fetcher
        self.now = timezone.now()
        self.seen_unchanged: list[int] = []

    def run(self) -> None:
        source = self.source
        if source.pk is not None:
            # A run at a time per source: the scheduler's and a moderator's click do not race.
            locked = Source.objects.select_for_update(skip_locked=True).filter(pk=source.pk)
            if not locked.exists():
                raise SourceFailed("Un autre passage sur cette source est en cours.")
        try:
            response = self.fetcher.get(
                source.address, etag=source.etag, last_modified=source.last_modified
            )
        except FetchError as error:
            raise SourceFailed(str(error)) from None
        if response.not_modified:
            self.report.unchanged = source.items.filter(gone_at__isnull=True).count()
            return
        if response.status != 200:
            raise SourceFailed(f"{source.address} : le site répond {response.status}.")
        if not source.kind:
            source.kind = readers.sniff(response.body)
        try:
            items = readers.read_source(source.kind, response.body, response.url)
        except readers.Unreadable as error:
            raise SourceFailed(f"{source.address} : {error}") from None
        if source.pk is None:
            source.full_clean()
            source.save()
        known = {item.address: item for item in source.items.select_related("offer")}
        listed = set()
        for item in items:
            if item.address in listed:
                continue
            listed.add(item.address)
            self._item(item, known.get(item.address))
        for address, record in known.items():
            if address not in listed and record.gone_at is None:
                self._maybe_gone(record)
        if self.seen_unchanged:
            SourceItem.objects.filter(pk__in=self.seen_unchanged).update(last_seen_at=self.now)
        source.etag = response.headers.get("etag", "")[:300]
        source.last_modified = response.headers.get("last-modified", "")[:100]
        source.save(update_fields=["etag", "last_modified", "kind"])

    # One item -------------------------------------------------------------------------------

    def _item(self, item: readers.Item, record: SourceItem | None) -> None:
        if record is not None and record.gone_at is None and item.stamp:
            if item.stamp == record.stamp:
                self.report.unchanged += 1
                self.seen_unchanged.append(record.pk)
                return
        try:
            with transaction.atomic():
                self._read_item(item, record)
        except (FetchError, ValidationError, IntegrityError) as error:
            self.report.reject(item.address, _reason(error))
        except DatabaseError:
            raise
        except Exception as error:
            logger.exception("Source item failed: %s", item.address)
            self.report.reject(item.address, f"Erreur interne : {type(error).__name__}")

    def _read_item(self, item: readers.Item, record: SourceItem | None) -> None:
        etag = last_modified = ""
        if item.inline:
            reading = readers.Reading(item.text, item.facts, markup=True)
        else:
            response = self.fetcher.get(
                item.address,
                etag=record.etag if record else "",
                last_modified=record.last_modified if record else "",
            )
            if response.not_modified and record is not None:
                self._unchanged(record, item.stamp)
                return
            if response.status in GONE:
                self.report.reject(item.address, f"La page de l'annonce répond {response.status}.")
                return
            if response.status != 200:
                self.report.reject(item.address, f"La page de l'annonce répond {response.status}.")
                return
            etag = response.headers.get("etag", "")[:300]
            last_modified = response.headers.get("last-modified", "")[:100]
            reading = readers.read_page(response.body, response.url)
            if not reading.text and item.summary:
                reading = readers.Reading(item.summary)
            # What the source's list says of the item, unless the page says otherwise.
            reading.facts = {**item.facts, **reading.facts}
        if not reading.text:
            self.report.reject(item.address, "La page n'a pas de texte lisible.")
            return
        content_hash = readers.digest(reading.text, reading.facts)
        if record is not None and record.content_hash == content_hash and record.gone_at is None:
            record.etag = etag or record.etag
            record.last_modified = last_modified or record.last_modified
            self._unchanged(record, item.stamp, save=["etag", "last_modified"])
            return
        if reading.facts.get("volunteering"):
            self.report.reject(item.address, _VOLUNTEERING)
            return
        text = plain(reading.text)
        extracted = extract(text)
        _apply_facts(extracted, reading.facts)
        if not extracted.is_posting:
            self.report.reject(item.address, "Aucune annonce n'a été reconnue sur cette page.")
            return
        if record is None:
            record = SourceItem(source=self.source, address=item.address, first_seen_at=self.now)
        record.stamp, record.etag, record.last_modified = item.stamp, etag, last_modified
        record.content_hash, record.text, record.facts = content_hash, text, reading.facts
        record.last_seen_at, record.gone_at = self.now, None
        if record.offer_id is None:
            self._new(record, extracted, text)
        else:
            self._changed(record, extracted, text)
        record.full_clean(exclude=["source", "offer"])
        record.save()

    def _unchanged(self, record: SourceItem, stamp: str, save=()) -> None:
        record.stamp = stamp or record.stamp
        record.last_seen_at = self.now
        record.save(update_fields=["stamp", "last_seen_at", *save])
        self.report.unchanged += 1

    def _new(self, record: SourceItem, extracted: ExtractedPosting, text: str) -> None:
        organisation = self.source.organisation or match_organisation(
            extracted.organisation, Organisation.objects.all()
        )
        posting = matching.Posting(
            title=extracted.values.get("title") or "",
            description=extracted.values.get("description") or text,
            city=extracted.values.get("city") or "",
            postal_code=extracted.values.get("postal_code") or "",
            organisation=organisation.pk if organisation else None,
        )
        duplicate = matching.find_duplicate(posting)
        if duplicate is None:
            imported = _draft(self.source, record, extracted, text, organisation)
            if imported.created:
                record.offer, record.duplicate = imported.offer, False
                self.report.created += 1
                if self.source.skip_review:
                    _publish_without_review(imported.offer, self.source)
                return
            duplicate = imported.offer
        record.offer, record.duplicate = duplicate, True
        self.report.duplicates += 1

    def _changed(self, record: SourceItem, extracted: ExtractedPosting, text: str) -> None:
        offer = Offer.objects.select_for_update().get(pk=record.offer_id)
        if record.duplicate or offer.status in (OfferStatus.REJECTED, OfferStatus.ARCHIVED):
            # Another's offer, or one a moderator closed: the item is kept up to date, not it.
            self.report.unchanged += 1
            return
        before = review.snapshot(offer)
        for name in _UPDATED_FIELDS:
            value = extracted.values.get(name)
            if value is None or name == "kind" and not value:
                continue
            field = Offer._meta.get_field(name)
            if isinstance(value, str) and getattr(field, "max_length", None):
                value = value[: field.max_length]
            setattr(offer, name, value)
        offer.full_clean(exclude=["slug"])
        offer.version += 1
        offer.save()
        _replace_deadlines(offer, extracted)
        _replace_posting(offer, extracted, text)
        after = review.snapshot(offer)
        changes = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
        record.changes = changes
        if offer.status == OfferStatus.PUBLISHED and changes:
            Offer.objects.filter(pk=offer.pk).update(modified_since_approval=True)
        self.report.updated += 1

    # An item gone ---------------------------------------------------------------------------

    def _maybe_gone(self, record: SourceItem) -> None:
        try:
            response = self.fetcher.get(record.address)
        except FetchError:
            # Gone from the list but not shown gone: asked again next run.
            return
        if response.status not in GONE:
            return
        record.gone_at = self.now
        record.save(update_fields=["gone_at"])
        if record.offer_id and not record.duplicate:
            _archive(record.offer_id, f"L'annonce a disparu de sa source ({self.source.name}).")
        self.report.archived += 1


def _draft(source: Source, record: SourceItem, extracted, text: str, organisation):
    """The importer's draft, credited to the source with the item's address."""
    organisation = organisation or organisation_for(extracted, Organisation.objects.all())
    imported = create_draft(extracted, text=text, organisation=organisation)
    if imported.created:
        imported.offer.source_name = source.name[:200]
        imported.offer.source_url = record.address[:1000]
        imported.offer.save(update_fields=["source_name", "source_url"])
    return imported


class SplitError(Exception):
    """The item cannot be split from its offer; the message says why."""


@transaction.atomic
def split(item: SourceItem) -> Offer:
    """A moderator says the item is not the offer it was attached to: it gets its own draft."""
    if not item.duplicate:
        raise SplitError("Cette annonce n'est rattachée à aucune autre offre.")
    extracted = extract(item.text)
    _apply_facts(extracted, item.facts)
    organisation = item.source.organisation or match_organisation(
        extracted.organisation, Organisation.objects.all()
    )
    imported = _draft(item.source, item, extracted, item.text, organisation)
    if not imported.created:
        raise SplitError(
            f"Son texte est mot pour mot celui de l'offre « {imported.offer} » : "
            "il n'y a rien à séparer."
        )
    item.offer, item.duplicate = imported.offer, False
    item.save(update_fields=["offer", "duplicate"])
    return imported.offer


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        messages = []
        for name, errors in getattr(error, "message_dict", {"": error.messages}).items():
            messages += [f"{name} : {message}" if name else message for message in errors]
        return "Brouillon refusé : " + " ; ".join(messages)
    if isinstance(error, IntegrityError):
        return "Brouillon refusé par la base de données."
    return str(error)


def _apply_facts(extracted: ExtractedPosting, facts: dict) -> None:
    """What the source states in its own fields wins over what the text seems to say."""
    for name in ("title", "city", "postal_code", "address", "kind", "application_url"):
        value = facts.get(name)
        if value:
            extracted.put(name, Found(value, f"{name} (balisage de la source) : {value}"))
    if facts.get("kind") and extracted.job_offer:
        extracted.job_offer = False
        extracted.flags = [f for f in extracted.flags if f[0] != "kind"]
    if facts.get("organisation"):
        extracted.organisation = facts["organisation"]
        extracted.evidence["organisation"] = f"organisation (balisage) : {facts['organisation']}"


def _replace_deadlines(offer: Offer, extracted: ExtractedPosting) -> None:
    offer.deadlines.all().delete()
    seen = set()
    for milestone in extracted.deadlines:
        key = (milestone.kind, milestone.wording[:300])
        if key in seen or (milestone.date is None and not milestone.wording):
            continue
        seen.add(key)
        Deadline.objects.create(
            offer=offer,
            kind=milestone.kind,
            date=milestone.date,
            end_date=milestone.end_date,
            wording=milestone.wording[:300],
        )


def _replace_posting(offer: Offer, extracted: ExtractedPosting, text: str) -> None:
    record = ImportedPosting.objects.filter(offer=offer).first()
    if record is None:
        return
    record.text = text
    record.extracted = extracted.as_json(None, None)
    record.evidence = extracted.evidence
    record.flags = [{"field": f, "message": m} for f, m in extracted.flags]
    record.save(update_fields=["text", "extracted", "evidence", "flags"])
    digest = digest_of(text, offer.organisation)
    if not ImportedPosting.objects.filter(digest=digest).exclude(pk=record.pk).exists():
        ImportedPosting.objects.filter(pk=record.pk).update(digest=digest)


def _system_transition(offer: Offer, to_status: str, reason: str) -> None:
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    from_status = locked.status
    locked.status = to_status
    locked.version += 1
    fields = ["status", "version"]
    if to_status == OfferStatus.PUBLISHED:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    OfferTransition.objects.create(
        offer=locked,
        actor=None,
        actor_name=workflow.SYSTEM_ACTOR,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        snapshot=review.snapshot(locked),
        created_at=timezone.now(),
    )


def _archive(offer_id: int, reason: str) -> None:
    offer = Offer.objects.filter(pk=offer_id).first()
    if offer is None or offer.status in (OfferStatus.ARCHIVED, OfferStatus.REJECTED):
        return
    if offer.status == OfferStatus.PUBLISHED:
        workflow.archive_as_system(offer_id, reason)
    else:
        _system_transition(offer, OfferStatus.ARCHIVED, reason)


def _publish_without_review(offer: Offer, source: Source) -> None:
    """A source trusted to skip review: its complete offers go online; the others wait."""
    if review.missing_for_submission(offer):
        return
    _system_transition(
        offer,
        OfferStatus.PUBLISHED,
        f"Publiée sans modération : la source « {source.name} » est dispensée de relecture.",
    )
