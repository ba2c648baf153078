"""Where the field already posts its offers, and what each run of `sync_sources` found there."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer
from organisations.models import Organisation


class SourceKind(models.TextChoices):
    FEED = "feed", "Flux RSS ou Atom"
    LISTING = "listing", "Page ou sitemap listant des offres"
    JOBPOSTING = "jobposting", "Page avec balisage JobPosting"
    MISSIONS = "missions", "Flux XML de missions"


SCHEMES = ("http", "https")
_HTTP_ADDRESS = Q(address__startswith="http://") | Q(address__startswith="https://")


def address_error(address: str) -> str | None:
    """Why an address cannot be a source's, or None."""
    parts = urlsplit(address)
    if parts.scheme not in SCHEMES or not parts.hostname:
        return "Seules les adresses http:// ou https:// sont acceptées."
    return None


class Source(models.Model):
    Kind = SourceKind

    name = models.CharField("nom", max_length=200)
    address = models.URLField("adresse", max_length=1000, unique=True)
    kind = models.CharField("type", max_length=20, choices=SourceKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name="organisation",
        help_text="Celle dont la source publie les offres, s'il n'y en a qu'une.",
    )
    skip_review = models.BooleanField(
        "publier sans modération",
        default=False,
        help_text="Les offres complètes de cette source sont publiées sans être relues.",
    )
    active = models.BooleanField("active", default=True)
    # The feed's own validators: the next run asks "changed since?" and a 304 costs nothing.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField("ajoutée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "source"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(condition=_HTTP_ADDRESS, name="source_address_http"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:sources_source_change", args=[self.pk])

    def clean(self):
        errors = {}
        if self.kind not in SourceKind.values:
            errors["kind"] = "Choisissez le type de source."
        problem = address_error(self.address or "")
        if problem:
            errors["address"] = problem
        if errors:
            raise ValidationError(errors)


class SourceRun(models.Model):
    """One run over one source: what it created, updated, left, archived and refused."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="runs", verbose_name="source"
    )
    started_at = models.DateTimeField("commencé le", default=timezone.now)
    finished_at = models.DateTimeField("fini le", null=True, blank=True)
    created = models.PositiveIntegerField("créées", default=0)
    updated = models.PositiveIntegerField("mises à jour", default=0)
    unchanged = models.PositiveIntegerField("inchangées", default=0)
    duplicates = models.PositiveIntegerField("doublons", default=0)
    archived = models.PositiveIntegerField("archivées", default=0)
    rejected = models.JSONField("refusées", default=list, blank=True)
    error = models.TextField("erreur", blank=True)

    class Meta:
        verbose_name = "passage"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="sourcerun_finishes_after_start",
            ),
        ]
        indexes = [models.Index(fields=["source", "-started_at"], name="sourcerun_source_idx")]

    def __str__(self):
        return f"{self.source} — {timezone.localtime(self.started_at):%d/%m/%Y %H:%M}"

    def clean(self):
        if self.finished_at is not None and self.finished_at < self.started_at:
            raise ValidationError({"finished_at": "Un passage finit après avoir commencé."})


class SourceItem(models.Model):
    """One offer as a source lists it: its address there, what was read, the offer it became."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="items", verbose_name="source"
    )
    address = models.URLField("adresse de l'annonce", max_length=1000)
    # What the source says of the item (its date, its text in the feed): unchanged, the page is
    # not fetched again.
    stamp = models.CharField("empreinte dans la source", max_length=64, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField("empreinte du texte", max_length=64, blank=True)
    text = models.TextField("texte lu", blank=True)
    # What the source stated in fields of its own (a JobPosting's title, a mission's city).
    facts = models.JSONField("faits de la source", default=dict, blank=True)
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_items",
        verbose_name="offre",
    )
    # The item was an offer already on the board (another source, an import, its host): it was
    # attached to it instead of becoming a second one. A moderator may split them.
    duplicate = models.BooleanField("doublon rattaché", default=False)
    # The fields the last change of the text changed on a published offer: old and new.
    changes = models.JSONField("modifications lues", default=dict, blank=True)
    first_seen_at = models.DateTimeField("vue le", default=timezone.now)
    last_seen_at = models.DateTimeField("revue le", default=timezone.now)
    gone_at = models.DateTimeField("disparue le", null=True, blank=True)

    class Meta:
        verbose_name = "annonce d'une source"
        verbose_name_plural = "annonces des sources"
        ordering = ["source", "address"]
        constraints = [
            models.UniqueConstraint(fields=["source", "address"], name="sourceitem_unique_address"),
            models.CheckConstraint(
                condition=~Q(duplicate=True) | Q(offer__isnull=False),
                name="sourceitem_duplicate_has_offer",
            ),
        ]
        indexes = [models.Index(fields=["offer"], name="sourceitem_offer_idx")]

    def __str__(self):
        return self.address

    def clean(self):
        if self.duplicate and self.offer_id is None:
            raise ValidationError({"offer": "Un doublon est rattaché à une offre."})
