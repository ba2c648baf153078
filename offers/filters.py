import django_filters
from django import forms
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from organisations.models import OrganisationKind

from .models import DrivingLicence, EducationLevel, Offer, OfferKind, RemoteWork
from .widgets import FastSelect

# Longer than any real search, short enough that a pasted novel is refused with a message.
MAX_QUERY_LENGTH = 200


class DurationBucket:
    SHORT = "court"
    MEDIUM = "moyen"
    LONG = "long"
    VERY_LONG = "tres-long"

    CHOICES = [
        (SHORT, "2 mois ou moins"),
        (MEDIUM, "3 à 4 mois"),
        (LONG, "5 à 6 mois"),
        (VERY_LONG, "Plus de 6 mois"),
    ]
    # Inclusive month bounds, compared with the longest duration the offer allows.
    BOUNDS = {SHORT: (0, 2), MEDIUM: (3, 4), LONG: (5, 6), VERY_LONG: (7, None)}


class ApplicationStatus:
    OPEN = "ouvertes"
    CLOSED = "closes"
    ALL = "toutes"
    CHOICES = [(ALL, "Toutes"), (OPEN, "Ouvertes"), (CLOSED, "Closes")]


class SortOrder:
    DEADLINE = "date-limite"
    NEWEST = "recentes"
    CHOICES = [(DEADLINE, "Date limite la plus proche"), (NEWEST, "Les plus récentes")]


class SearchInput(forms.TextInput):
    input_type = "search"


class OfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Mots-clés",
        method="filter_keywords",
        max_length=MAX_QUERY_LENGTH,
        widget=SearchInput(attrs={"placeholder": "concertation, médiation, Lyon…"}),
    )
    kind = django_filters.ChoiceFilter(
        label="Type d'offre", choices=OfferKind.choices, empty_label="Tous les types"
    )
    departement = django_filters.ChoiceFilter(
        label="Département",
        field_name="department_code",
        choices=[],
        empty_label="Tous les départements",
    )
    org_kind = django_filters.ChoiceFilter(
        label="Type de structure",
        field_name="organisation__kind",
        choices=OrganisationKind.choices,
        empty_label="Toutes les structures",
    )
    duration = django_filters.ChoiceFilter(
        label="Durée",
        choices=DurationBucket.CHOICES,
        method="filter_duration",
        empty_label="Toutes les durées",
    )
    level = django_filters.ChoiceFilter(
        label="Niveau d'études demandé",
        field_name="education_level",
        choices=EducationLevel.choices,
        empty_label="Tous les niveaux",
    )
    remote = django_filters.BooleanFilter(
        label="Télétravail possible", method="filter_remote", widget=forms.CheckboxInput
    )
    no_licence = django_filters.BooleanFilter(
        label="Sans permis de conduire exigé",
        method="filter_no_licence",
        widget=forms.CheckboxInput,
    )
    status = django_filters.ChoiceFilter(
        label="Candidatures",
        choices=ApplicationStatus.CHOICES,
        method="filter_status",
        empty_label=None,
    )
    sort = django_filters.ChoiceFilter(
        label="Trier par", choices=SortOrder.CHOICES, method="filter_noop", empty_label=None
    )

    def __init__(self, *args, department_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ChoiceFilter):
                filter_.extra["widget"] = FastSelect
        if department_choices is not None:
            self.filters["departement"].extra["choices"] = department_choices

    def filter_noop(self, queryset, name, value):
        # Sorting is applied by the view, after filtering, because it depends on openness.
        return queryset

    def filter_keywords(self, queryset, name, value):
        terms = value.split()
        for term in terms[:10]:
            queryset = queryset.filter(
                Q(title__icontains=term)
                | Q(organisation__name__icontains=term)
                | Q(city__icontains=term)
                | Q(description__icontains=term)
            )
        return queryset

    def filter_duration(self, queryset, name, value):
        low, high = DurationBucket.BOUNDS[value]
        queryset = queryset.alias(
            longest=Coalesce(F("duration_max_months"), F("duration_min_months"))
        )
        queryset = queryset.filter(longest__gte=low)
        if high is not None:
            queryset = queryset.filter(longest__lte=high)
        return queryset

    def filter_remote(self, queryset, name, value):
        return queryset.filter(remote=RemoteWork.POSSIBLE) if value else queryset

    def filter_no_licence(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(driving_licence=DrivingLicence.REQUIRED)

    def filter_status(self, queryset, name, value):
        # The conditions themselves rather than the CASE annotation: indexes can serve them.
        if value == ApplicationStatus.OPEN:
            return queryset.filter(Offer.objects.open_q())
        if value == ApplicationStatus.CLOSED:
            return queryset.filter(Offer.objects.closed_q())
        return queryset
