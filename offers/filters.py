import datetime

import django_filters
from django import forms
from django.db import connections
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from organisations.models import OrganisationKind

from .geography import DEPARTEMENTS, REGION_CHOICES
from .models import DrivingLicence, EducationLevel, Offer, OfferKind, RemoteWork
from .search import search_condition
from .stipends import monthly_equivalent_expression
from .widgets import FastSelect

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


class SearchInput(forms.TextInput):
    input_type = "search"


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
    """Every filter is a condition (a Q), so that facets can count each option in one query."""

    q = django_filters.CharFilter(
        label=_("Mots-clés"),
        method="filter_noop",
        max_length=MAX_QUERY_LENGTH,
        widget=SearchInput(attrs={"placeholder": _("concertation, médiation, Lyon…")}),
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
        label=_("Télétravail possible"), method="filter_noop", widget=forms.CheckboxInput
    )
    no_licence = django_filters.BooleanFilter(
        label=_("Sans permis de conduire exigé"), method="filter_noop", widget=forms.CheckboxInput
    )
    bientot = django_filters.BooleanFilter(
        label=format_lazy(_("Clôture bientôt (sous {days} jours)"), days=CLOSING_SOON_DAYS),
        method="filter_noop",
        widget=forms.CheckboxInput,
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

    def facet_options(self, name: str) -> list:
        field = self.form.fields[name]
        if isinstance(field, forms.NullBooleanField | forms.BooleanField):
            return [True]
        return [value for value, _label in field.choices if value not in ("", None)]

    def facet_counts(self, queryset) -> dict:
        """For each facet option, the offers it would give with the other active filters.

        One query whatever the filters: the matching offers are read once, grouped by each
        facet's columns (GROUPING SETS), and each option's count is summed here from the
        groups. Conditional counts per option would evaluate about forty conditions on every
        offer; a group key is a column or a cheap expression, evaluated once. Each active
        filter adds one flag per offer, so a facet's groups can leave out the offers the other
        filters exclude. Returns {"total": n, "facets": {name: {"": count without this
        filter, option: count}}}.
        """
        active = self.active_conditions()
        prepared = self.prepare(queryset)
        # A filter that is no facet (the keywords) restricts every count alike: in WHERE, where
        # its index serves it once.
        for name in [name for name in active if name not in self.FACETS]:
            prepared = prepared.filter(active.pop(name))
        flags = {f"ok_{name}": name for name in active}
        columns = {**FACET_KEYS, **{flag: None for flag in flags}}
        annotations = {key: expression() for key, expression in FACET_KEY_EXPRESSIONS.items()}
        for flag, name in flags.items():
            annotations[flag] = _flag(active[name])
        inner = prepared.order_by().annotate(**annotations).values(*columns)
        # Each grouping: a facet's key columns and the other active filters' flags; the last
        # one, every flag, gives the total.
        groupings = {}
        for facet, keys in FACET_GROUPS.items():
            others = [
                flag for flag, name in flags.items() if name not in FACET_GROUP_MEMBERS[facet]
            ]
            groupings[facet] = [*keys, *others]
        groupings["total"] = list(flags)
        names = list(columns)
        masks = {
            sum(1 << (len(names) - 1 - i) for i, n in enumerate(names) if n not in grouped): facet
            for facet, grouped in groupings.items()
        }
        sql, params = inner.query.sql_with_params()
        listed = ", ".join(names)
        groups = {facet: [] for facet in groupings}
        connection = connections[queryset.db]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                sets = ", ".join(f"({', '.join(grouped)})" for grouped in groupings.values())
                cursor.execute(
                    f"SELECT {listed}, GROUPING({listed}), COUNT(*) FROM ({sql}) AS offers "
                    f"GROUP BY GROUPING SETS ({sets})",
                    params,
                )
                rows = [(masks[mask], values, count) for *values, mask, count in cursor]
            else:
                # SQLite (`make run`) has no GROUPING SETS: the finest groups serve every facet.
                cursor.execute(
                    f"SELECT {listed}, COUNT(*) FROM ({sql}) AS offers GROUP BY {listed}", params
                )
                rows = [(facet, values, count) for *values, count in cursor for facet in groupings]
        for facet, values, count in rows:
            row = dict(zip(names, values, strict=True))
            if all(row[flag] for flag in groupings[facet] if flag in flags):
                groups[facet].append((row, count))
        facets = {name: {} for name in self.FACETS}
        for name in self.FACETS:
            if name in PLACE_FACETS:
                continue
            rows = groups[name]
            facets[name][""] = sum(count for _row, count in rows)
            for value in self.facet_options(name):
                facets[name][value] = sum(
                    count for row, count in rows if FACET_MATCHES[name](row, value)
                )
        places = [(row["k_dept"], row["k_country"], count) for row, count in groups["place"]]
        facets.update(self.place_facets(places))
        return {"total": sum(count for _row, count in groups["total"]), "facets": facets}

    def place_facets(self, places: list) -> dict:
        cleaned = self.form.cleaned_data if self.is_bound else {}
        region, departement = cleaned.get("region") or "", cleaned.get("departement") or ""

        def total(keep) -> int:
            return sum(count for code, country, count in places if keep(code, country))

        facets = {"region": {}, "departement": {}}
        for value in ["", *self.facet_options("region")]:
            facets["region"][value] = total(
                lambda code, country, value=value: (
                    in_region(code, country, value) and (not departement or code == departement)
                )
            )
        for value in ["", *self.facet_options("departement")]:
            facets["departement"][value] = total(
                lambda code, country, value=value: (
                    (not value or code == value) and in_region(code, country, region)
                )
            )
        return facets


def _flag(condition: Q) -> Case:
    # Exactly the rows the condition selects (NULL counts as false, as in WHERE).
    return Case(When(condition, then=Value(True)), default=Value(False))


def _stipend_bucket() -> Case:
    """The highest monthly threshold an offer's stipend reaches, 0 for none."""
    return Case(
        *[When(stipend_condition(value), then=Value(int(value))) for value in STIPEND_THRESHOLDS],
        default=Value(0),
    )


# Highest first: the first one an offer reaches is its bucket.
STIPEND_THRESHOLDS = sorted(
    (value for value, _label in StipendBucket.CHOICES if value != StipendBucket.STATED),
    key=int,
    reverse=True,
)

# The columns facets are grouped by; each option's condition is mirrored in FACET_MATCHES, and
# tests/offers/test_facets.py checks every count against the offers the option gives.
FACET_KEY_EXPRESSIONS = {
    "k_kind": lambda: F("kind"),
    "k_level": lambda: F("education_level"),
    "k_org_kind": lambda: F("organisation__kind"),
    "k_duration": lambda: F("longest_duration"),
    "k_stated": lambda: _flag(Q(stipend_amount__isnull=False)),
    "k_stipend": _stipend_bucket,
    "k_remote": lambda: F("remote"),
    "k_licence": lambda: F("driving_licence"),
    "k_soon": lambda: _flag(closing_soon_condition()),
    "k_open": lambda: _flag(Offer.objects.open_q()),
    "k_dept": lambda: F("department_code"),
    "k_country": lambda: F("country"),
}
FACET_KEYS = dict.fromkeys(FACET_KEY_EXPRESSIONS)
# Grouping name -> its key columns; the filters each grouping counts.
FACET_GROUPS = {
    "kind": ["k_kind"],
    "level": ["k_level"],
    "org_kind": ["k_org_kind"],
    "duration": ["k_duration"],
    "stipend": ["k_stated", "k_stipend"],
    "remote": ["k_remote"],
    "no_licence": ["k_licence"],
    "bientot": ["k_soon"],
    "status": ["k_open"],
    "place": ["k_dept", "k_country"],
}
FACET_GROUP_MEMBERS = {name: {name} for name in FACET_GROUPS} | {"place": {"region", "departement"}}


def _duration_matches(row: dict, value: str) -> bool:
    months = row["k_duration"]
    low, high = DurationBucket.BOUNDS[value]
    return months is not None and months >= low and (high is None or months <= high)


def _stipend_matches(row: dict, value: str) -> bool:
    if value == StipendBucket.STATED:
        return row["k_stated"]
    return row["k_stipend"] >= int(value)


def _status_matches(row: dict, value: str) -> bool:
    if value == ApplicationStatus.OPEN:
        return row["k_open"]
    if value == ApplicationStatus.CLOSED:
        return not row["k_open"]
    return True


# Python mirrors of OfferFilter.condition(), read on the group keys.
FACET_MATCHES = {
    "kind": lambda row, value: row["k_kind"] == value,
    "level": lambda row, value: row["k_level"] == value,
    "org_kind": lambda row, value: row["k_org_kind"] == value,
    "duration": _duration_matches,
    "stipend": _stipend_matches,
    "remote": lambda row, value: row["k_remote"] == RemoteWork.POSSIBLE,
    "no_licence": lambda row, value: row["k_licence"] != DrivingLicence.REQUIRED,
    "bientot": lambda row, value: row["k_soon"],
    "status": _status_matches,
}


# Counted from one grouped query, in Python: in_region() mirrors region_condition().
PLACE_FACETS = ("region", "departement")


def in_region(code: str, country: str, region: str) -> bool:
    if not region:
        return True
    if region == ABROAD:
        return country != "FR"
    entry = DEPARTEMENTS.get(code)
    return country == "FR" and entry is not None and entry[1] == region
