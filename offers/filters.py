"""The search form and its filtering, built from the facets (offers/facets.py).

Each facet becomes a django-filter filter whose method applies the facet's condition; the
list, feeds, calendars and exports all filter through OfferFilter.
"""

import copy
import functools

import django_filters
from django import forms
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters.fields import ChoiceIterator

from config.form_renderer import PublicFormRenderer

from . import by_organisation, nearby
from .facets import (
    BY_NAME,
    DATED,
    FACETS,
    MAX_QUERY_LENGTH,
    MONTH,
    NEAR,
    ORGANISATION,
    TEXT,
    UNSTATED,
    Clock,
    SortOrder,
    departement_options,
    outside_regions,
    prepare,
)
from .geography import DEPARTEMENTS
from .models import Offer

__all__ = ["MAX_QUERY_LENGTH", "OfferFilter", "SortOrder", "SearchForm"]


def counted(label, count) -> str:
    return f"{label} ({count})" if count is not None else str(label)


class Options(BaseChoiceIterator):
    """A field's options with their counts, (value, label) pairs as Django keeps them. Given
    as such, they are read as they are (Django's normalize_choices leaves an iterator alone)
    instead of being rebuilt, option by option, each time they are set or read: 101
    départements each time the form is drawn."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)


def with_counts(options, counts: dict) -> Options:
    return Options([(value, counted(label, counts.get(value))) for value, label in options])


def translated_options(name: str) -> list[tuple]:
    """A facet's options, each label in the active language."""
    return options_in(name, translation.get_language())


@functools.lru_cache(maxsize=64)
def options_in(name: str, language: str) -> list[tuple]:
    # Translated once per language, not for each option of each search: the facets' options
    # are declared once (offers/facets.py) and never change while the board runs.
    with translation.override(language):
        return [(value, str(label)) for value, label in BY_NAME[name].options()]


class SearchForm(forms.Form):
    """What the filters' fields share: the sort order, the facets' companion checkboxes and
    the région / département agreement.

    Rendered by its own templates (templates/jinja2/forms/, one per kind of field); once
    shown the board's counts (show_counts), each option's label says how many offers it gives.
    """

    sort = forms.ChoiceField(label=_("Trier par"), choices=SortOrder.CHOICES, required=False)
    template_name = "forms/filters.html"
    default_renderer = PublicFormRenderer
    field_order = [*(facet.name for facet in FACETS), "sort"]
    # Each facet's companion checkbox, drawn with it: {facet: companion}.
    companions = {facet.name: facet.companion[0] for facet in FACETS if facet.companion}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices = []

    @staticmethod
    def boxes(field) -> list[tuple[str, str, str, bool]]:
        """A field's checkboxes as forms/checkboxes.html draws them: (id, value, label,
        ticked), worked out here in one pass rather than by the template for each box (101
        départements)."""
        chosen = field.value() or []
        return [
            (f"{field.auto_id}_{position}", value, label, str(value) in chosen)
            for position, (value, label) in enumerate(field.field.choices)
        ]

    def show_counts(self, counts: dict, regions: list) -> None:
        """Each option's count in its label; a région chosen narrows the départements listed
        to its own (without JavaScript)."""
        for facet in FACETS:
            field = self.fields.get(facet.name)
            facet_counts = counts.get(facet.name, {})
            if field is not None and facet.store == MONTH and UNSTATED in facet_counts:
                self.show_unstated(facet, facet_counts[UNSTATED])
            if field is None or facet.store in (TEXT, MONTH, NEAR, ORGANISATION):
                continue
            if facet.flag:
                # The bound field's: the form has been cleaned, its bound fields made.
                self[facet.name].label = counted(facet.label, facet_counts.get(True))
                continue
            field.choices = with_counts(translated_options(facet.name), facet_counts)
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = counted(facet.empty_label, facet_counts.get(""))
        # Validated against every option, as the search was; then only the région's are shown.
        self.is_valid()
        if regions and "departement" in self.fields:
            self.fields["departement"].choices = with_counts(
                departement_options(regions), counts.get("departement", {})
            )

    def show_unstated(self, facet, count: int) -> None:
        """Beside the box that leaves them out: how many offers state no start."""
        companion = facet.companion[0]
        field = self.fields[companion]
        # Read from the data, not through self[companion]: a bound field copies the help text.
        if field.widget.value_from_datadict(self.data, self.files, self.add_prefix(companion)):
            text = ngettext(
                "%(count)s offre sans date de début laissée de côté",
                "%(count)s offres sans date de début laissées de côté",
                count,
            )
        else:
            text = ngettext(
                "%(count)s offre sans date de début parmi ces résultats",
                "%(count)s offres sans date de début parmi ces résultats",
                count,
            )
        # The bound field's: the form has been cleaned, its bound fields made.
        self[companion].help_text = text % {"count": count}

    def clean(self):
        cleaned = super().clean()
        for facet in FACETS:
            text = facet.notice(cleaned.get(facet.name)) if facet.notice else None
            if text:
                self.notices.append(text)
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
        SearchForm.base_fields[_facet.companion[0]] = (
            nearby.radius_field(_facet.companion[1])
            if _facet.store == NEAR
            else forms.BooleanField(label=_facet.companion[1], required=False)
        )


class CommuneFilter(django_filters.CharFilter):
    field_class = nearby.CommuneField


class OrganisationFilter(django_filters.CharFilter):
    field_class = by_organisation.OrganisationField


def filter_for(facet) -> django_filters.Filter:
    common = {"field_name": facet.name, "label": facet.label, "method": "apply"}
    common["help_text"] = facet.help_text

    # Read when needed, not copied: each search copies its filters and its form's fields, and a
    # copy of the 101 départements with their labels cost more than the search itself.
    def choices():
        return facet.options()

    # Each kind of field has its template (templates/jinja2/forms/).
    if facet.store == TEXT:
        return django_filters.CharFilter(
            max_length=MAX_QUERY_LENGTH,
            widget=forms.TextInput(attrs={"type": "search"}),
            template_name="forms/input.html",
            **common,
        )
    if facet.store == NEAR:
        # The town with its radius; suggestions as one types, a plain field without JavaScript.
        return CommuneFilter(template_name="forms/commune.html", **common)
    if facet.store == ORGANISATION:
        # Kept by the form, not drawn: refining an organisation's list keeps the organisation.
        return OrganisationFilter(template_name="forms/hidden.html", **common)
    if facet.store == MONTH:
        return django_filters.DateFilter(
            input_formats=["%Y-%m"],
            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
            error_messages={"invalid": _("Saisissez un mois au format AAAA-MM (ex. : 2026-03).")},
            template_name="forms/input.html",
            **common,
        )
    if facet.flag:
        return django_filters.BooleanFilter(
            widget=forms.CheckboxInput, template_name="forms/checkbox.html", **common
        )
    if facet.multiple:
        return django_filters.MultipleChoiceFilter(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            template_name="forms/checkboxes.html",
            **common,
        )
    return django_filters.ChoiceFilter(
        choices=choices,
        empty_label=facet.empty_label if facet.store != DATED or facet.empty_label else None,
        template_name="forms/select.html",
        **common,
    )


class FiltersOfEachSearch(dict):
    """OfferFilter's filters, which each search copies: django-filter's FilterSet.__init__
    deep-copies them, then sets each copy's parent (the search's filterset).

    A filter keeps nothing else of a search (its field is made once, with the form's class:
    search_form_class), so each search has its own filters, shallow copies, instead of deep
    ones of every label, widget and option. With the fields' (FieldsOfEachForm), the deep
    copies were two thirds of what reading a search cost (board.read)."""

    def __deepcopy__(self, memo):
        return {name: filter_copy(filter_) for name, filter_ in self.items()}


def filter_copy(filter_):
    copied = copy.copy(filter_)
    # django-filter's FilterMethod calls the method on the filter's parent: the copy's own.
    copied.method = filter_.method
    return copied


class FieldsOfEachForm(dict):
    """The search form's fields, which each form copies: Django's Form.__init__ deep-copies
    them.

    Copied as Django copies a field (the field, its widget and their attributes, error
    messages and validators: whatever a form may change is its own) but for its options,
    which Django copies deeply and which are shared here: a form replaces a field's options
    (SearchForm.show_counts puts the counts in new ones), it never changes them in place.
    django-filter's options read their field (its empty label): the copy's read the copy."""

    def __deepcopy__(self, memo):
        return {name: field_copy(field) for name, field in self.items()}


def field_copy(field: forms.Field) -> forms.Field:
    copied = copy.copy(field)
    copied.widget = copy.copy(field.widget)
    copied.widget.attrs = field.widget.attrs.copy()
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    if isinstance(field, forms.ChoiceField) and isinstance(field.choices, ChoiceIterator):
        copied.choices = field.choices.choices  # the same options, read through the copy
    return copied


class OfferFilter(django_filters.FilterSet):
    """The public offers a search selects: every facet of offers.facets as a filter."""

    class Meta:
        model = Offer
        fields = []
        form = SearchForm

    def __init__(self, data=None, queryset=None, *, clock: Clock | None = None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        if queryset is None:
            self.offers = None  # never the whole table: the published offers (see queryset)
        self.clock = clock or Clock.current()

    @property
    def queryset(self):
        """The offers filtered: the published ones unless given others, made when first read
        (the list counts and pages on the board index and never reads them)."""
        if self.offers is None:
            self.offers = public_offers()
        return self.offers

    @queryset.setter
    def queryset(self, queryset):
        self.offers = queryset

    def get_form_class(self):
        # The same fields for every search: the class is made once (django-filter makes one
        # per search, each field built anew).
        return search_form_class()

    def apply(self, queryset, name, value):
        condition = BY_NAME[name].condition(value, self.form.cleaned_data, self.clock)
        return queryset if condition is None else queryset.filter(condition)

    def filter_queryset(self, queryset):
        queryset = prepare(queryset)
        # The sort order and the companions are form fields, not filters. Each facet is asked
        # even without a value (django-filter would skip it): a companion may restrict alone.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.apply(queryset, name, value)
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


OfferFilter.base_filters = FiltersOfEachSearch(
    {**OfferFilter.base_filters, **{facet.name: filter_for(facet) for facet in FACETS}}
)


@functools.cache
def search_form_class() -> type[SearchForm]:
    """SearchForm with each filter's field, as django-filter's get_form_class() makes it."""
    filters = copy.deepcopy(OfferFilter.base_filters)  # the base filters keep no field
    fields = {name: filter_.field for name, filter_ in filters.items()}
    form_class = type("OfferFilterForm", (SearchForm,), fields)
    form_class.base_fields = FieldsOfEachForm(form_class.base_fields)
    return form_class


# Every parameter the list reads (the page cache stores no address with any other), retired
# ones included, and those that may be repeated (several values of one facet).
LIST_PARAMETERS = frozenset(
    {facet.name for facet in FACETS}
    | {facet.companion[0] for facet in FACETS if facet.companion}
    | {name for facet in FACETS for name in facet.retired}
    | {"sort", "page"}
)
REPEATABLE_PARAMETERS = frozenset(facet.name for facet in FACETS if facet.multiple)


def public_offers():
    return Offer.objects.visible().with_openness().select_related("organisation")
