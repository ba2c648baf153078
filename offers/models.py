import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from organisations.models import Contact, Organisation

from . import communes, dates, words
from .geography import DEPARTEMENTS, department_from_postal_code
from .openness import Window, open_until
from .rendering import cached_markdown, render_markdown
from .tokens import words as search_words
from .vocabulary import MAX_WORDING_WORDS, MAX_WORDINGS, split_wordings

# An offer posted without an application deadline stays open this long after the board
# published it: students need to know whether it is worth applying, and "forever" is wrong.


class OfferKind(models.TextChoices):
    STAGE = "stage", _("Stage")
    SERVICE_CIVIQUE = "service_civique", _("Service civique")
    ALTERNANCE = "alternance", _("Alternance")
    # Volontariat de solidarité internationale (VSI) and the like: abroad, with an allowance.
    VOLONTARIAT = "volontariat", _("Volontariat (VSI, VSC)")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Soumise à modération"
    PUBLISHED = "published", "Publiée"
    REJECTED = "rejected", "Refusée"
    ARCHIVED = "archived", "Archivée"


def moderation_queue_order() -> list:
    """The admin's offer list: submitted offers first, the longest waiting at the top, then
    published offers edited since their approval, then the rest, oldest first.

    Shared by OfferAdmin.get_ordering() and the index that serves it (the admin adds -pk).
    """
    return [
        Case(
            When(status=OfferStatus.SUBMITTED, then=models.Value(0)),
            When(modified_since_approval=True, then=models.Value(1)),
            default=models.Value(2),
            output_field=models.IntegerField(),
        ).asc(),
        F("submitted_at").asc(nulls_last=True),
        F("created_at").asc(),
    ]


class RemoteWork(models.TextChoices):
    POSSIBLE = "possible", _("Télétravail possible")
    # The whole internship done from home: listed near every town, in a group of its own.
    FULL = "full", _("Entièrement à distance")
    NONE = "none", _("Pas de télétravail")
    NOT_MENTIONED = "not_mentioned", _("Non précisé")


class StipendUnit(models.TextChoices):
    HOUR = "hour", _("par heure")
    MONTH = "month", _("par mois")


# Past these, a stipend is a typo (a monthly amount typed as hourly, a lost decimal comma):
# the form refuses it rather than show students "450 € par heure".
PLAUSIBLE_STIPEND_MAX = {StipendUnit.HOUR: 50, StipendUnit.MONTH: 3000}


class EducationLevel(models.TextChoices):
    NONE = "none", _("Sans condition de diplôme")
    BAC = "bac", _("Bac")
    BAC2 = "bac2", _("Bac+2")
    BAC3 = "bac3", _("Bac+3 (licence)")
    BAC4 = "bac4", _("Bac+4 (master 1)")
    BAC5 = "bac5", _("Bac+5 (master 2)")


class DrivingLicence(models.TextChoices):
    REQUIRED = "required", _("Permis B exigé")
    PREFERRED = "preferred", _("Permis B souhaité")
    NOT_MENTIONED = "not_mentioned", _("Non mentionné")


class OfferQuerySet(models.QuerySet):
    def visible(self) -> "OfferQuerySet":
        """The one definition of "publicly listed", used by every public page."""
        return self.filter(status=OfferStatus.PUBLISHED)

    def with_application_deadline(self) -> "OfferQuerySet":
        # The stored copy (see Offer.application_closes_on): no join, and indexes can sort on it.
        return self.annotate(application_deadline=F("application_closes_on"))

    def with_openness(
        self, today: datetime.date | None = None, now: datetime.datetime | None = None
    ) -> "OfferQuerySet":
        """Each offer's `applications_open` (offers.openness), computed by the database."""
        qs = self.with_application_deadline()
        return qs.annotate(
            applications_open=Case(
                When(Window.on(today, now).open_q(), then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )

    def open(self, today: datetime.date | None = None) -> "OfferQuerySet":
        return self.with_openness(today).filter(Window.on(today).open_q())

    def closed(self, today: datetime.date | None = None) -> "OfferQuerySet":
        return self.with_openness(today).filter(Window.on(today).closed_q())


class OfferManager(models.Manager.from_queryset(OfferQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Offer(models.Model):
    Kind = OfferKind
    Status = OfferStatus

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offers", verbose_name="organisation"
    )
    title = models.CharField("intitulé", max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    # Empty only on a draft: an imported job offer, whose kind the publisher must choose.
    kind = models.CharField(
        "type d'offre",
        max_length=20,
        choices=OfferKind.choices,
        default=OfferKind.STAGE,
        blank=True,
    )
    status = models.CharField(
        "statut", max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    description = models.TextField(
        "description",
        blank=True,
        help_text="En Markdown : contexte, missions, profil, conditions pratiques.",
    )
    # The description as the offer page shows it, rendered and sanitised when the offer is saved;
    # NULL for rows written without save() (fixtures), rendered when read.
    description_html = models.TextField(  # noqa: DJ001
        "description (HTML)", null=True, blank=True, editable=False
    )

    address = models.CharField("adresse", max_length=300, blank=True)
    city = models.CharField("ville", max_length=120, blank=True)
    postal_code = models.CharField("code postal", max_length=12, blank=True)
    department_code = models.CharField(
        "département", max_length=3, blank=True, help_text="Code INSEE : 13, 2A, 971…"
    )
    country = models.CharField("pays (code ISO)", max_length=2, default="FR")
    place_wording = models.CharField("lieu (texte de l'annonce)", max_length=300, blank=True)
    # The position of the offer's commune (offers.communes), set when the offer is saved;
    # approximate when the commune's own is unknown (its postal code's centre, say).
    latitude = models.FloatField("latitude", null=True, blank=True, editable=False)
    longitude = models.FloatField("longitude", null=True, blank=True, editable=False)
    position_approximate = models.BooleanField(
        "position approximative", default=False, editable=False
    )
    remote = models.CharField(
        "télétravail", max_length=20, choices=RemoteWork.choices, default=RemoteWork.NOT_MENTIONED
    )
    remote_wording = models.CharField(
        "télétravail (texte de l'annonce)", max_length=300, blank=True
    )

    duration_min_months = models.PositiveSmallIntegerField(
        "durée minimale (mois)", null=True, blank=True
    )
    duration_max_months = models.PositiveSmallIntegerField(
        "durée maximale (mois)", null=True, blank=True
    )
    duration_wording = models.CharField("durée (texte de l'annonce)", max_length=300, blank=True)

    weekly_hours_min = models.DecimalField(
        "heures par semaine (min.)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    weekly_hours_max = models.DecimalField(
        "heures par semaine (max.)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    hours_wording = models.CharField("horaires (texte de l'annonce)", max_length=300, blank=True)

    stipend_amount = models.DecimalField(
        "gratification (montant en €)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    stipend_unit = models.CharField(
        "unité de la gratification", max_length=10, choices=StipendUnit.choices, blank=True
    )
    stipend_gross = models.BooleanField(
        "montant brut",
        null=True,
        blank=True,
        help_text="Oui : brut ; non : net ; vide : non précisé.",
    )
    stipend_wording = models.CharField(
        "gratification (texte de l'annonce)", max_length=500, blank=True
    )

    education_level = models.CharField(
        "niveau d'études", max_length=10, choices=EducationLevel.choices, blank=True
    )
    education_wording = models.CharField(
        "formation (texte de l'annonce)", max_length=500, blank=True
    )

    start_wording = models.CharField("début (texte de l'annonce)", max_length=300, blank=True)
    start_date = models.DateField(
        "date de début exacte", null=True, blank=True, validators=dates.VALIDATORS
    )
    # A start the posting names by its month alone ("septembre 2027"): its first day, so that the
    # month is kept without inventing a day.
    start_month = models.DateField(
        "mois de début", null=True, blank=True, validators=dates.VALIDATORS
    )

    driving_licence = models.CharField(
        "permis de conduire",
        max_length=20,
        choices=DrivingLicence.choices,
        default=DrivingLicence.NOT_MENTIONED,
    )

    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="offers", verbose_name="contacts"
    )
    how_to_apply = models.TextField("comment postuler (texte de l'annonce)", blank=True)
    application_url = models.URLField("lien de candidature", blank=True)

    source_file = models.CharField("fichier source", max_length=100, blank=True)
    source_index = models.PositiveSmallIntegerField(
        "rang dans le fichier source", null=True, blank=True
    )
    source_heading = models.CharField("titre dans la source", max_length=500, blank=True)
    # An offer read from a source the board follows (sources/): the offer page credits it and
    # links to the original.
    source_name = models.CharField("source", max_length=200, blank=True)
    source_url = models.URLField("annonce d'origine", max_length=1000, blank=True)

    published_at = models.DateTimeField("publiée sur Participe le", null=True, blank=True)
    submitted_at = models.DateTimeField("soumise à modération le", null=True, blank=True)
    # A publisher may edit a published offer without taking it offline; moderators see the flag.
    modified_since_approval = models.BooleanField("modifiée depuis sa validation", default=False)
    # A copy of the date of the offer's application Deadline, kept by database triggers
    # (migration 0002) on every write to offers_deadline, bulk and raw ones included. The list
    # sorts 100,000 offers by it: on the offer's own row, an index can serve that sort.
    application_closes_on = models.DateField(
        "date limite de candidature (copie)", null=True, editable=False
    )
    # Said by the organisation through a deadline reminder's links (offers/freshness.py). Closing
    # also moves the application deadline to the day before, so that every reader of "open"
    # (the list, its counts, the board index, feeds, calendars) agrees without a second rule.
    applications_closed_on = models.DateField(
        "candidatures closes par l'organisation le", null=True, blank=True, editable=False
    )
    filled_on = models.DateField("pourvue le", null=True, blank=True, editable=False)
    # Moves on at every content save and status change: an editor whose form was read at an
    # older version is told instead of overwriting (offers/editing.py).
    version = models.PositiveIntegerField("version", default=1, editable=False)
    # Defaults rather than auto_now: fixtures are saved raw, which skips auto_now.
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now, editable=False)

    objects = OfferManager()

    class Meta:
        verbose_name = "offre"
        ordering = ["-published_at", "-created_at"]
        permissions = [("moderate_offer", "Peut publier, refuser et archiver les offres")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OfferKind.values) | Q(kind="", status=OfferStatus.DRAFT),
                name="offer_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OfferStatus.values), name="offer_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(remote__in=RemoteWork.values), name="offer_remote_valid"
            ),
            models.CheckConstraint(
                condition=Q(driving_licence__in=DrivingLicence.values),
                name="offer_driving_licence_valid",
            ),
            models.CheckConstraint(
                condition=Q(education_level__in=[*EducationLevel.values, ""]),
                name="offer_education_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(stipend_unit__in=[*StipendUnit.values, ""]),
                name="offer_stipend_unit_valid",
            ),
            models.CheckConstraint(
                condition=Q(duration_min_months__isnull=True)
                | Q(duration_max_months__isnull=True)
                | Q(duration_min_months__lte=F("duration_max_months")),
                name="offer_duration_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours_min__isnull=True)
                | Q(weekly_hours_max__isnull=True)
                | Q(weekly_hours_min__lte=F("weekly_hours_max")),
                name="offer_hours_min_lte_max",
            ),
            # An amount means nothing without its unit, and a unit nothing without an amount.
            models.CheckConstraint(
                condition=(Q(stipend_amount__isnull=True) & Q(stipend_unit=""))
                | (Q(stipend_amount__isnull=False, stipend_amount__gte=0) & ~Q(stipend_unit="")),
                name="offer_stipend_amount_has_unit",
            ),
            models.CheckConstraint(
                condition=dates.in_range("start_date"), name="offer_start_date_in_range"
            ),
            models.CheckConstraint(
                condition=Q(start_month__isnull=True)
                | (dates.in_range("start_month") & Q(start_month__day=1)),
                name="offer_start_month_first_day",
            ),
            models.UniqueConstraint(
                fields=["source_file", "source_index"],
                condition=~Q(source_file=""),
                name="offer_unique_source_posting",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="offer_status_published_idx"),
            # The public list's two sorts, each on the published offers only (offers/paging.py),
            # with published_at last so that openness can be decided from the index alone.
            models.Index(
                F("application_closes_on").desc(nulls_last=True),
                "title",
                "id",
                "published_at",
                name="offer_public_deadline_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                F("published_at").desc(nulls_last=True),
                F("application_closes_on").desc(nulls_last=True),
                F("id").desc(),
                name="offer_public_newest_idx",
                condition=Q(status="published"),
            ),
            # Open offers without a dated deadline, by title: the list's second part.
            models.Index(
                "title",
                "id",
                "published_at",
                name="offer_public_undated_idx",
                condition=Q(status="published", application_closes_on__isnull=True),
            ),
            # The moderation queue, the admin's order, then -pk (as the admin adds it).
            models.Index(
                *moderation_queue_order(), F("id").desc(), name="offer_moderation_queue_idx"
            ),
            models.Index(
                "department_code",
                name="offer_public_departement_idx",
                condition=Q(status="published"),
            ),
            # "Near a town" in feeds, exports and alerts: the box around the town, then the
            # exact distance on the few rows inside (offers.nearby).
            models.Index(
                fields=["latitude", "longitude"],
                name="offer_public_position_idx",
                condition=Q(status="published", latitude__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        self.description_html = render_markdown(self.description)
        if not self.department_code and self.country == "FR":
            self.department_code = department_from_postal_code(self.postal_code) or ""
        self.locate()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "updated_at",
                "description_html",
                "latitude",
                "longitude",
                "position_approximate",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("offers:detail", kwargs={"slug": self.slug})

    def locate(self) -> None:
        """The position of the offer's commune, from its town and postal code (offers.communes);
        none abroad or when neither names a French commune."""
        commune = None
        if self.country == "FR" and (self.city.strip() or self.postal_code.strip()):
            commune = communes.locate(self.city, self.postal_code)
        if commune is None or not commune.located:
            self.latitude = self.longitude = None
            self.position_approximate = False
            return
        self.latitude, self.longitude = commune.latitude, commune.longitude
        self.position_approximate = commune.approximate

    @property
    def description_rendered(self) -> str:
        """The stored rendering; rendered now for rows written without save() (fixtures)."""
        if self.description_html is not None:
            return mark_safe(self.description_html)
        return cached_markdown(self.description)

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["organisations.organisation", "organisations.contact"]

    def clean(self):
        errors = {}
        if not self.kind and self.status != OfferStatus.DRAFT:
            errors["kind"] = "Choisissez le type d'offre."
        if self.department_code and self.department_code.upper() not in DEPARTEMENTS:
            errors["department_code"] = "Ce code de département n'existe pas (ex. : 13, 2A, 974)."
        if (
            self.duration_min_months is not None
            and self.duration_max_months is not None
            and self.duration_min_months > self.duration_max_months
        ):
            errors["duration_max_months"] = "La durée maximale doit être au moins la minimale."
        if (
            self.weekly_hours_min is not None
            and self.weekly_hours_max is not None
            and self.weekly_hours_min > self.weekly_hours_max
        ):
            errors["weekly_hours_max"] = "Le maximum d'heures doit être au moins le minimum."
        if (
            self.start_date is not None
            and self.start_month is not None
            and self.start_date.replace(day=1) != self.start_month
        ):
            errors["start_month"] = "Le mois de début doit être celui de la date de début exacte."
        if self.stipend_amount is not None and not self.stipend_unit:
            errors["stipend_unit"] = "Précisez si le montant est horaire ou mensuel."
        if self.stipend_amount is None and self.stipend_unit:
            errors["stipend_amount"] = "Indiquez le montant, ou retirez l'unité."
        if self.stipend_amount is not None and self.stipend_amount < 0:
            errors["stipend_amount"] = "Le montant ne peut pas être négatif."
        ceiling = PLAUSIBLE_STIPEND_MAX.get(self.stipend_unit)
        if self.stipend_amount is not None and ceiling and self.stipend_amount > ceiling:
            errors["stipend_amount"] = (
                f"Montant improbable : plus de {ceiling} € {self.get_stipend_unit_display()}. "
                "Vérifiez le montant, la virgule des décimales et l'unité (par heure ou par mois)."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def application_deadline_milestone(self) -> "Deadline | None":
        # Reads the prefetched deadlines when there are some, so pages stay at one query.
        for deadline in self.deadlines.all():
            if deadline.kind == DeadlineKind.APPLICATION:
                return deadline
        return None

    @property
    def start_milestone(self) -> "Deadline | None":
        """The start as the deadlines give it, when the posting put it among its dates."""
        milestones = [d for d in self.deadlines.all() if d.kind == DeadlineKind.START]
        # A dated one first: it says more than "à la rentrée".
        return next((d for d in milestones if d.date), milestones[0] if milestones else None)

    @property
    def has_dated_milestone(self) -> bool:
        """Whether the offer's calendar (offers/calendars.py) would hold an event."""
        return self.start_date is not None or any(d.date for d in self.deadlines.all())

    @property
    def dated_application_deadline(self) -> datetime.date | None:
        # No dated deadline ("le 30 novembre au plus tard", without a year): as if none.
        milestone = self.application_deadline_milestone
        return milestone.date if milestone is not None else None

    def applications_open_until(self) -> datetime.date | None:
        """The last day students may apply (offers.openness)."""
        return open_until(self.dated_application_deadline, self.published_at)

    def applications_open_on(self, today: datetime.date | None = None) -> bool:
        return Window.on(today).holds(self.dated_application_deadline, self.published_at)

    @property
    def is_abroad(self) -> bool:
        return self.country != "FR"

    @property
    def duration_label(self) -> str:
        low, high = self.duration_min_months, self.duration_max_months
        if low is not None and high is not None and low != high:
            return _("%(low)s à %(high)s mois") % {"low": low, "high": high}
        if low is not None or high is not None:
            return _("%(months)s mois") % {"months": low if low is not None else high}
        return ""

    @property
    def hours_label(self) -> str:
        low, high = self.weekly_hours_min, self.weekly_hours_max
        if low is None and high is None:
            return ""
        if low is not None and high is not None and low != high:
            return _("%(low)s à %(high)s h par semaine") % {
                "low": _number(low),
                "high": _number(high),
            }
        return _("%(hours)s h par semaine") % {"hours": _number(low if low is not None else high)}

    @property
    def stipend_label(self) -> str:
        if self.stipend_amount is None:
            return ""
        return words.amount(self.stipend_amount, self.stipend_unit, self.stipend_gross)


_number = words.number


class DeadlineKind(models.TextChoices):
    APPLICATION = "application", _("Date limite de candidature")
    INTERVIEWS = "interviews", _("Entretiens")
    START = "start", _("Début")
    HIRING = "hiring", _("Embauche")
    PUBLICATION = "publication", _("Publication de l'offre")
    OTHER = "other", _("Autre échéance")


class DeadlineManager(models.Manager):
    def get_by_natural_key(self, offer_slug, kind, wording):
        return self.get(offer__slug=offer_slug, kind=kind, wording=wording)


class Deadline(models.Model):
    """A dated milestone of an offer, as its posting words it."""

    Kind = DeadlineKind

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="deadlines", verbose_name="offre"
    )
    kind = models.CharField("type", max_length=20, choices=DeadlineKind.choices)
    date = models.DateField(
        "date",
        null=True,
        blank=True,
        help_text="Vide si l'annonce ne donne pas de date complète.",
        validators=dates.VALIDATORS,
    )
    end_date = models.DateField(
        "date de fin",
        null=True,
        blank=True,
        help_text="Pour une période : dernier jour.",
        validators=dates.VALIDATORS,
    )
    wording = models.CharField("texte de l'annonce", max_length=300, blank=True)

    objects = DeadlineManager()

    class Meta:
        verbose_name = "échéance"
        ordering = ["offer", "date", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DeadlineKind.values), name="deadline_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | (Q(date__isnull=False) & Q(end_date__gte=F("date"))),
                name="deadline_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=False) | ~Q(wording=""),
                name="deadline_has_date_or_wording",
            ),
            models.CheckConstraint(
                condition=dates.in_range("date") & dates.in_range("end_date"),
                name="deadline_dates_in_range",
            ),
            models.UniqueConstraint(
                fields=["offer"],
                condition=Q(kind="application"),
                name="deadline_one_application_per_offer",
            ),
            models.UniqueConstraint(
                fields=["offer", "kind", "wording"], name="deadline_unique_wording"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "date"], name="deadline_kind_date_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.wording or self.date}"

    def natural_key(self):
        return (self.offer.slug, self.kind, self.wording)

    natural_key.dependencies = ["offers.offer"]

    def clean(self):
        errors = {}
        if self.end_date is not None and self.date is None:
            errors["date"] = "Une période a besoin d'une date de début."
        elif self.end_date is not None and self.end_date < self.date:
            errors["end_date"] = "La date de fin doit suivre la date de début."
        if self.date is None and not self.wording:
            errors["wording"] = "Indiquez une date ou le texte de l'annonce."
        if self.kind == DeadlineKind.APPLICATION and self.offer_id:
            others = Deadline.objects.filter(offer_id=self.offer_id, kind=self.kind)
            if others.exclude(pk=self.pk).exists():
                errors["kind"] = "Cette offre a déjà une date limite de candidature."
        if errors:
            raise ValidationError(errors)


class ReminderKind(models.TextChoices):
    WEEK_BEFORE = "j-7", "7 jours avant la clôture"
    LAST_DAY = "jour-j", "dernier jour de candidature"


class ReminderAction(models.TextChoices):
    PROLONG = "prolonger", "Prolonger de 30 jours"
    CLOSE = "clore", "Clore les candidatures"
    FILLED = "pourvue", "Offre pourvue"


class DeadlineReminder(models.Model):
    """One reminder of an offer's application deadline, sent to its organisation's members,
    and the answer given through its links (offers/freshness.py).

    Written before its e-mails are queued, in their transaction: the unique constraint makes
    it once per offer, kind and closing date, whichever process gets there first.
    """

    Kind = ReminderKind
    Action = ReminderAction

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="reminders", verbose_name="offre"
    )
    kind = models.CharField("rappel", max_length=10, choices=ReminderKind.choices)
    closes_on = models.DateField("clôture annoncée le")
    sent_at = models.DateTimeField("envoyé le", default=timezone.now, editable=False)
    action = models.CharField(
        "suite donnée", max_length=10, choices=ReminderAction.choices, blank=True
    )
    acted_at = models.DateTimeField("le", null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    # The application deadline before the answer changed it: the posting's own words included.
    previous_deadline = models.DateField("date limite avant la réponse", null=True, blank=True)
    previous_wording = models.CharField(
        "texte de l'annonce avant la réponse", max_length=300, blank=True
    )

    class Meta:
        verbose_name = "rappel de date limite"
        verbose_name_plural = "rappels de date limite"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "kind", "closes_on"], name="deadlinereminder_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="deadlinereminder_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(action__in=[*ReminderAction.values, ""]),
                name="deadlinereminder_action_valid",
            ),
            models.CheckConstraint(
                condition=Q(action="") | Q(acted_at__isnull=False),
                name="deadlinereminder_action_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.offer} : {self.get_kind_display()} ({self.closes_on:%d/%m/%Y})"


class OfferTransition(models.Model):
    """One change of an offer's status: the audit trail, written only by offers.workflow."""

    # PROTECT: an offer with a history cannot be deleted (withdraw or archive it instead), so
    # no delete, from the admin or the shell, erases who decided what.
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="transitions", verbose_name="offre"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="offer_transitions",
        verbose_name="par",
    )
    # Kept as text too: the trail must still say who acted after the account is deleted.
    actor_name = models.CharField("par (nom)", max_length=150)
    from_status = models.CharField("de", max_length=20, choices=OfferStatus.choices)
    to_status = models.CharField("vers", max_length=20, choices=OfferStatus.choices)
    reason = models.TextField("motif", blank=True)
    # The offer as it read when this happened (offers.review.snapshot): what the next review
    # compares with, to show what changed since.
    snapshot = models.JSONField("état de l'offre", default=dict, blank=True, editable=False)
    created_at = models.DateTimeField("le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "changement de statut"
        verbose_name_plural = "changements de statut"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=OfferStatus.values)
                & Q(to_status__in=OfferStatus.values),
                name="offertransition_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(to_status=OfferStatus.REJECTED) | ~Q(reason=""),
                name="offertransition_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["offer", "created_at"], name="offertransition_offer_idx")]

    def __str__(self):
        return (
            f"{self.get_from_status_display()} → {self.get_to_status_display()} ({self.actor_name})"
        )

    def clean(self):
        if self.to_status == OfferStatus.REJECTED and not self.reason.strip():
            raise ValidationError({"reason": "Un refus doit être motivé."})


class SearchDocument(models.Model):
    """An offer's full-text search document, written by a PostgreSQL trigger (migration 0002).

    It weighs the title, the organisation's name, the place and the description, so it cannot be
    a generated column. It has a table of its own: the documents (a few kilobytes each) live in
    that table's TOAST storage and its rows are a few bytes, so the ids a broad search matches
    are read from 6 MB of rows instead of the offers' 150 MB (offers.search.matches).
    """

    offer = models.OneToOneField(
        Offer, on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    document = SearchVectorField()
    # The description's first lines, as text: what the list's highlighted snippets are cut from.
    excerpt = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "document de recherche"
        verbose_name_plural = "documents de recherche"

    def __str__(self):
        return str(self.offer_id)


class SearchSummary(models.Model):
    """What ranking reads of an offer: its title, organisation, place and the description's first
    lines, weighted as in its document; written by the same trigger (migrations 0002, 0010).

    A few hundred bytes, kept in the row (storage MAIN) of a table of its own: a search ranks
    thousands of offers the first time a worker meets it, and reading each summary out of TOAST
    storage, beside the documents, cost ten times reading it from the row. Not beside the
    documents' rows either: matching reads those (offers.search.full_text_matches), and they
    stay a few bytes long.
    """

    offer = models.OneToOneField(
        Offer, on_delete=models.CASCADE, primary_key=True, related_name="search_summary"
    )
    summary = SearchVectorField()

    class Meta:
        verbose_name = "résumé de recherche"
        verbose_name_plural = "résumés de recherche"

    def __str__(self):
        return str(self.offer_id)


class ImportedPosting(models.Model):
    """The posting a draft was imported from: its text, and the excerpt behind each field.

    Kept beside the offer so that whoever reviews the draft sees, for every extracted value, the
    words of the posting that state it (offers.importer).
    """

    offer = models.OneToOneField(
        Offer, on_delete=models.CASCADE, related_name="imported_from", verbose_name="offre"
    )
    # The posting's text made plain, hashed with its organisation (offers.importer.drafts): the
    # same posting imported twice for one organisation is found again, not across organisations.
    digest = models.CharField("empreinte du texte", max_length=64, unique=True)
    text = models.TextField("texte de l'annonce")
    extracted = models.JSONField("valeurs lues", default=dict)
    evidence = models.JSONField("extraits", default=dict)
    flags = models.JSONField("points à vérifier", default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imported_postings",
        verbose_name="importée par",
    )
    created_at = models.DateTimeField("importée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "annonce importée"
        verbose_name_plural = "annonces importées"
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.offer)


class SearchEquivalence(models.Model):
    """Wordings the field uses for the same thing (offers.vocabulary), one per line.

    A search for one wording also finds the offers that use another, ranked after those that
    use the words typed. Seeded from offers/data/search_equivalences.txt; moderators extend it
    in the admin.
    """

    wordings = models.TextField(
        "formulations équivalentes",
        help_text=(
            "Une formulation par ligne (par exemple « concertation » puis "
            "« participation citoyenne ») : une recherche de l'une trouve "
            "aussi les offres qui emploient les autres, classées après."
        ),
    )

    class Meta:
        ordering = ["wordings"]
        verbose_name = "équivalence de recherche"
        verbose_name_plural = "équivalences de recherche"

    def __str__(self):
        return " ~ ".join(self.wording_list())

    def wording_list(self) -> list[str]:
        return split_wordings(self.wordings)

    def clean(self):
        wordings = self.wording_list()
        if len(wordings) < 2:
            raise ValidationError(
                {"wordings": "Indiquez au moins deux formulations, une par ligne."}
            )
        if any(not search_words(wording) for wording in wordings):
            raise ValidationError(
                {"wordings": "Chaque formulation doit contenir au moins un mot de deux lettres."}
            )
        if len(wordings) > MAX_WORDINGS:
            raise ValidationError(
                {
                    "wordings": f"Au plus {MAX_WORDINGS} formulations par équivalence (il y en a "
                    f"{len(wordings)}) : chacune rend les recherches plus lentes. Répartissez-les "
                    "en plusieurs équivalences plus précises."
                }
            )
        if any(len(search_words(wording)) > MAX_WORDING_WORDS for wording in wordings):
            raise ValidationError(
                {"wordings": f"Au plus {MAX_WORDING_WORDS} mots par formulation."}
            )
