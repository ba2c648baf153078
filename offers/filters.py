"""The search form and its filtering, built from the facets (offers/facets.py).

Each facet becomes a django-filter filter whose method applies the facet's condition; the
list, feeds, calendars and exports all filter through OfferFilter.
"""

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .facets import (
    BY_NAME,
    DATED,
    FACETS,
    MAX_QUERY_LENGTH,
    MONTH,
    TEXT,
    Clock,
    SortOrder,
    outside_regions,
    prepare,
)
from .geography import DEPARTEMENTS
from .models import Offer

__all__ = ["MAX_QUERY_LENGTH", "OfferFilter", "SortOrder", "SearchForm", "filled"]


class SearchForm(forms.Form):
    """What the filters' fields share: the sort order, the facets' companion checkboxes and
    the région / département agreement."""

    sort = forms.ChoiceField(label=_("Trier par"), choices=SortOrder.CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices = []

    def clean(self):
        cleaned = super().clean()
        outside = outside_regions(cleaned.get("departement") or [], cleaned.get("region") or [])
        if outside:
            names = ", ".join(f"{DEPARTEMENTS[code][0]} ({code})" for code in outside)
            # A notice, not an error: the filters still apply, the student learns why.
            self.notices.append(
                ngettext(
                    "Le département %(names)s n'est dans aucune des régions choisies : "
                    "aucune offre ne peut être dans les deux.",
                    "Les départements %(names)s ne sont dans aucune des régions choisies : "
                    "aucune de leurs offres ne peut être dans les deux.",
                    len(outside),
                )
                % {"names": names}
            )
        return cleaned


for _facet in FACETS:
    if _facet.companion:
        SearchForm.base_fields[_facet.companion[0]] = forms.BooleanField(
            label=_facet.companion[1], required=False
        )


def filled(params: QueryDict) -> QueryDict:
    """A mutable copy of these parameters without their empty values ("?q=&kind=" from a form
    sent without JavaScript): links built from it carry only what restricts the list."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        values = [value for value in values if value != ""]
        if values:
            kept.setlist(name, values)
    return kept


def filter_for(facet) -> django_filters.Filter:
    common = {"field_name": facet.name, "label": facet.label, "method": "apply"}
    common["help_text"] = facet.help_text
    if facet.store == TEXT:
        return django_filters.CharFilter(
            max_length=MAX_QUERY_LENGTH,
            widget=forms.TextInput(attrs={"type": "search"}),
            **common,
        )
    if facet.store == MONTH:
        return django_filters.DateFilter(
            input_formats=["%Y-%m"],
            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
            error_messages={"invalid": _("Saisissez un mois au format AAAA-MM (ex. : 2026-03).")},
            **common,
        )
    if facet.flag:
        return django_filters.BooleanFilter(widget=forms.CheckboxInput, **common)
    if facet.multiple:
        return django_filters.MultipleChoiceFilter(
            choices=facet.choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return django_filters.ChoiceFilter(
        choices=facet.choices,
        empty_label=facet.empty_label if facet.store != DATED or facet.empty_label else None,
        **common,
    )


class OfferFilter(django_filters.FilterSet):
    """The public offers a search selects: every facet of offers.facets as a filter."""

    class Meta:
        model = Offer
        fields = []
        form = SearchForm

    def __init__(self, data=None, queryset=None, *, clock: Clock | None = None, **kwargs):
        # Never the whole table: without a queryset, the published offers.
        super().__init__(data, queryset=public_offers() if queryset is None else queryset, **kwargs)
        self.clock = clock or Clock.current()

    def apply(self, queryset, name, value):
        condition = BY_NAME[name].condition(value, self.form.cleaned_data, self.clock)
        return queryset if condition is None else queryset.filter(condition)

    def filter_queryset(self, queryset):
        queryset = prepare(queryset)
        # The sort order and the companions are form fields, not filters.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def cleaned(self) -> dict:
        """The form's valid values (an invalid one is left out, with its message)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def active_values(self) -> dict:
        """The cleaned value of each facet that restricts the list, and the companions."""
        cleaned = self.cleaned()
        values = {}
        for facet in FACETS:
            if facet.condition(cleaned.get(facet.name), cleaned, self.clock) is not None:
                values[facet.name] = cleaned[facet.name]
                if facet.companion:
                    values[facet.companion[0]] = cleaned.get(facet.companion[0], False)
        return values


OfferFilter.base_filters.update({facet.name: filter_for(facet) for facet in FACETS})

# Every parameter the list reads (the page cache stores no address with any other), and those
# that may be repeated (several values of one facet).
LIST_PARAMETERS = frozenset(
    {facet.name for facet in FACETS}
    | {facet.companion[0] for facet in FACETS if facet.companion}
    | {"sort", "page"}
)
REPEATABLE_PARAMETERS = frozenset(facet.name for facet in FACETS if facet.multiple)


def public_offers():
    return Offer.objects.visible().with_openness().select_related("organisation")
