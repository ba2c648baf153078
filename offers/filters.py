import datetime

import django_filters
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from organisations.models import OrganisationKind

from .geography import DEPARTEMENTS, REGION_CHOICES
from .models import DrivingLicence, EducationLevel, Offer, OfferKind, RemoteWork
from .search import search_condition
from .stipends import monthly_equivalent_expression
from .widgets import FastCheckboxInput, FastSearchInput, FastSelect

# Longer than any real search, short enough that a pasted novel is refused with a message.
MAX_QUERY_LENGTH = 200
# "Clôture bientôt": the deadline falls within this many days, today included.
CLOSING_SOON_DAYS = 14
ABROAD = "etranger"


class DurationBucket:
    SHORT = "court"
    MEDIUM = "moyen"
    LONG = "long"
    VERY_LONG = "tres-long"

    CHOICES = [
        (SHORT, _("2 mois ou moins")),
        (MEDIUM, _("3 à 4 mois")),
        (LONG, _("5 à 6 mois")),
        (VERY_LONG, _("Plus de 6 mois")),
    ]
    # Inclusive month bounds, compared with the longest duration the offer allows.
    BOUNDS = {SHORT: (0, 2), MEDIUM: (3, 4), LONG: (5, 6), VERY_LONG: (7, None)}


class StipendBucket:
    STATED = "precisee"
    CHOICES = [
        (STATED, _("Montant précisé")),
        ("600", _("Au moins 600 € par mois")),
        ("700", _("Au moins 700 € par mois")),
        ("800", _("Au moins 800 € par mois")),
        ("1000", _("Au moins 1 000 € par mois")),
    ]


class ApplicationStatus:
    OPEN = "ouvertes"
    CLOSED = "closes"
    ALL = "toutes"
    CHOICES = [(ALL, _("Toutes")), (OPEN, _("Ouvertes")), (CLOSED, _("Closes"))]


class SortOrder:
    RELEVANCE = "pertinence"
    DEADLINE = "date-limite"
    NEWEST = "recentes"
    CHOICES = [
        (DEADLINE, _("Date limite la plus proche")),
        (NEWEST, _("Les plus récentes")),
        (RELEVANCE, _("Pertinence (avec des mots-clés)")),
    ]


REGION_FILTER_CHOICES = [*REGION_CHOICES, (ABROAD, _("À l'étranger"))]


def region_condition(value: str) -> Q:
    if value == ABROAD:
        return ~Q(country="FR")
    codes = [code for code, (_name, region) in DEPARTEMENTS.items() if region == value]
    return Q(country="FR", department_code__in=codes)


def closing_soon_condition(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    last_day = today + datetime.timedelta(days=CLOSING_SOON_DAYS)
    return Q(application_closes_on__gte=today, application_closes_on__lte=last_day)


def duration_condition(value: str) -> Q:
    low, high = DurationBucket.BOUNDS[value]
    condition = Q(longest_duration__gte=low)
    if high is not None:
        condition &= Q(longest_duration__lte=high)
    return condition


def stipend_condition(value: str) -> Q:
    if value == StipendBucket.STATED:
        return Q(stipend_amount__isnull=False)
    return Q(monthly_stipend__gte=int(value))


class OfferFilter(django_filters.FilterSet):
    """Every filter is a condition (a Q): the definition of what it selects.

    The list counts its facets and orders its pages with offers.board_index, which mirrors
    these conditions (tests/offers/test_board_index.py holds the two together).
    """

    q = django_filters.CharFilter(
        label=_("Mots-clés"),
        method="filter_noop",
        max_length=MAX_QUERY_LENGTH,
        widget=FastSearchInput(attrs={"placeholder": _("concertation, médiation, Lyon…")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type d'offre"),
        choices=OfferKind.choices,
        empty_label=_("Tous les types"),
        method="filter_noop",
    )
    region = django_filters.ChoiceFilter(
        label=_("Région"),
        choices=REGION_FILTER_CHOICES,
        empty_label=_("Toutes les régions"),
        method="filter_noop",
    )
    departement = django_filters.ChoiceFilter(
        label=_("Département"),
        choices=[],
        empty_label=_("Tous les départements"),
        method="filter_noop",
    )
    org_kind = django_filters.ChoiceFilter(
        label=_("Type de structure"),
        choices=OrganisationKind.choices,
        empty_label=_("Toutes les structures"),
        method="filter_noop",
    )
    duration = django_filters.ChoiceFilter(
        label=_("Durée"),
        choices=DurationBucket.CHOICES,
        method="filter_noop",
        empty_label=_("Toutes les durées"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Niveau d'études demandé"),
        choices=EducationLevel.choices,
        empty_label=_("Tous les niveaux"),
        method="filter_noop",
    )
    stipend = django_filters.ChoiceFilter(
        label=_("Gratification (équivalent mensuel)"),
        choices=StipendBucket.CHOICES,
        empty_label=_("Toutes les gratifications"),
        method="filter_noop",
    )
    remote = django_filters.BooleanFilter(
        label=_("Télétravail possible"), method="filter_noop", widget=FastCheckboxInput
    )
    no_licence = django_filters.BooleanFilter(
        label=_("Sans permis de conduire exigé"), method="filter_noop", widget=FastCheckboxInput
    )
    bientot = django_filters.BooleanFilter(
        label=format_lazy(_("Clôture bientôt (sous {days} jours)"), days=CLOSING_SOON_DAYS),
        method="filter_noop",
        widget=FastCheckboxInput,
    )
    status = django_filters.ChoiceFilter(
        label=_("Candidatures"),
        choices=ApplicationStatus.CHOICES,
        method="filter_noop",
        empty_label=None,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=SortOrder.CHOICES, method="filter_noop", empty_label=None
    )

    # The filters whose options show how many offers they would give.
    FACETS = (
        "kind",
        "region",
        "departement",
        "org_kind",
        "duration",
        "level",
        "stipend",
        "remote",
        "no_licence",
        "bientot",
        "status",
    )

    def __init__(self, *args, department_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ChoiceFilter):
                filter_.extra["widget"] = FastSelect
        if department_choices is not None:
            self.filters["departement"].extra["choices"] = department_choices

    @staticmethod
    def prepare(queryset):
        """The aliases the conditions read."""
        return queryset.alias(
            longest_duration=Coalesce(F("duration_max_months"), F("duration_min_months")),
            monthly_stipend=monthly_equivalent_expression(),
        )

    def filter_noop(self, queryset, name, value):
        # Filtering happens in filter_queryset, from the conditions below.
        return queryset

    def filter_queryset(self, queryset):
        queryset = self.prepare(queryset)
        for condition in self.active_conditions().values():
            queryset = queryset.filter(condition)
        return queryset

    @staticmethod
    def condition(name: str, value) -> Q | None:
        """The condition one filter value sets, or None when it restricts nothing."""
        if value in (None, "", False):
            return None
        if name == "q":
            return search_condition(value) if value.strip() else None
        if name == "kind":
            return Q(kind=value)
        if name == "region":
            return region_condition(value)
        if name == "departement":
            return Q(department_code=value)
        if name == "org_kind":
            return Q(organisation__kind=value)
        if name == "duration":
            return duration_condition(value)
        if name == "level":
            return Q(education_level=value)
        if name == "stipend":
            return stipend_condition(value)
        if name == "remote":
            return Q(remote=RemoteWork.POSSIBLE)
        if name == "no_licence":
            return ~Q(driving_licence=DrivingLicence.REQUIRED)
        if name == "bientot":
            return closing_soon_condition()
        if name == "status":
            # The conditions themselves rather than the CASE annotation: indexes can serve them.
            if value == ApplicationStatus.OPEN:
                return Offer.objects.open_q()
            if value == ApplicationStatus.CLOSED:
                return Offer.objects.closed_q()
        return None

    def active_conditions(self) -> dict[str, Q]:
        if not self.is_bound:
            return {}
        self.form.is_valid()
        conditions = {}
        for name, value in self.form.cleaned_data.items():
            condition = self.condition(name, value)
            if condition is not None:
                conditions[name] = condition
        return conditions

    def active_values(self) -> dict:
        """The cleaned value of each filter that restricts the list (offers.board_index)."""
        return {name: self.form.cleaned_data[name] for name in self.active_conditions()}

    def facet_options(self, name: str) -> list:
        filter_ = self.filters[name]
        if isinstance(filter_, django_filters.BooleanFilter):
            return [True]
        # The declared choices, not the form field's: those are normalised again at each read.
        return [value for value, _label in filter_.extra["choices"] if value not in ("", None)]


# Counted together: each one's counts follow the other's choice (offers.board_index).
PLACE_FACETS = ("region", "departement")
