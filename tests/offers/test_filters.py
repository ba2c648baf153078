"""Each search has its own filters and its own form's fields (offers.filters): copied lightly
from the shared ones, never deeply, and nothing one search shows (counts in labels, a help
text, a notice, the départements of a région) reaches another."""

import copy

import pytest
from django.template import engines

from offers import board
from offers.facets import UNSTATED
from offers.filters import OfferFilter, search_form_class

pytestmark = pytest.mark.django_db

# What a board's counts look like for a search (offers.board.results): {facet: {value: count}}.
COUNTS = {
    "kind": {"stage": 41},
    "region": {"53": 17, "76": 2},
    "departement": {"29": 7, "35": 10},
    "duration": {"court": 9},
    "stipend": {"": 58, "800": 3},
    "remote": {True: 5},
    "debut": {UNSTATED: 4},
    "depuis": {"": 58, "7": 6},
}


def shown(query: str, counts: dict, regions=()):
    form = board.read(query).filterset.form
    form.show_counts(counts, list(regions))
    return form


def labels(form, name) -> list[str]:
    return [str(label) for _value, label in form.fields[name].choices]


def test_counts_shown_by_one_search_never_reach_the_next():
    fresh_html = shown("kind=stage", {}).render()
    # A search that shows everything a form may show: counts in every label, the départements
    # of its région only, a help text beside a companion, a notice.
    first = shown("region=53&departement=75&debut=2027-09&remote=on", COUNTS, ["53"])
    first.render()
    assert labels(first, "departement") == [
        "22 – Côtes-d'Armor",
        "29 – Finistère (7)",
        "35 – Ille-et-Vilaine (10)",
        "56 – Morbihan",
    ]
    assert labels(first, "kind")[0].endswith("(41)")
    assert labels(first, "stipend")[0] == "Toutes les gratifications (58)"
    assert first["remote"].label == "Télétravail possible (5)"
    assert first["avec_debut"].help_text == "4 offres sans date de début parmi ces résultats"
    assert first.notices

    second = shown("kind=stage", {})
    assert len(labels(second, "departement")) == 101
    assert "29 – Finistère" in labels(second, "departement")
    assert labels(second, "kind")[0] == labels(first, "kind")[0].removesuffix(" (41)")
    assert labels(second, "stipend")[0] == "Toutes les gratifications"
    assert second["remote"].label == "Télétravail possible"
    assert second["avec_debut"].help_text == ""
    assert not second.notices
    # The same form, to the byte, as one that never followed another.
    assert second.render() == fresh_html


def test_each_search_has_its_own_filters_bound_to_it():
    one, other = OfferFilter({"kind": ["stage"]}), OfferFilter({"region": ["53"]})
    assert one.filters.keys() == other.filters.keys() == OfferFilter.base_filters.keys()
    for name, filter_ in one.filters.items():
        base = OfferFilter.base_filters[name]
        assert filter_ is not other.filters[name] and filter_ is not base
        assert filter_.parent is one and other.filters[name].parent is other
        # django-filter's method proxy calls the method of the filter's own search.
        assert filter_.filter.f is filter_ and filter_.filter.method == one.apply
        assert not hasattr(base, "parent") and not hasattr(base, "_field")


def test_each_form_has_its_own_fields_and_what_a_form_may_change_in_them():
    base = search_form_class().base_fields
    one, other = OfferFilter({"kind": ["stage"]}).form, OfferFilter({}).form
    for name, field in one.fields.items():
        assert field is not other.fields[name] and field is not base[name]
        for owned in ("widget", "error_messages", "validators"):
            assert getattr(field, owned) is not getattr(other.fields[name], owned)
            assert getattr(field, owned) is not getattr(base[name], owned)
        assert field.widget.attrs is not base[name].widget.attrs
    shown("region=53&remote=on", COUNTS, ["53"])
    # The shared fields are left as they were.
    assert len(list(base["departement"].choices)) == 101
    assert ("29", "29 – Finistère") in [(v, str(label)) for v, label in base["departement"].choices]
    assert str(next(iter(base["stipend"].choices))[1]) == "Toutes les gratifications"
    assert base["remote"].label == "Télétravail possible"


def test_a_fields_copy_reads_what_djangos_deep_copy_reads():
    base = search_form_class().base_fields
    ours, djangos = copy.deepcopy(base), copy.deepcopy(dict(base))
    assert type(ours) is dict and ours.keys() == djangos.keys()
    for name, field in ours.items():
        theirs = djangos[name]
        assert type(field) is type(theirs)
        assert vars(field).keys() == vars(theirs).keys()
        assert vars(field.widget).keys() == vars(theirs.widget).keys()
        if hasattr(field, "choices"):
            assert list(field.choices) == list(theirs.choices)
            assert list(field.widget.choices) == list(theirs.widget.choices)
            # Its empty label is its own: the options read it from the copy.
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = "Toutes"
                assert next(iter(field.choices)) == ("", "Toutes")
                assert next(iter(base[name].choices))[1] != "Toutes"


@pytest.mark.parametrize("query", ["", "region=53&debut=2027-13&lieu=nulle-part&organisation=x"])
def test_each_fields_template_writes_no_space_around_itself(query):
    # forms/filters.html includes them as they are, where the form renderer would trim them.
    form = shown(query, COUNTS, ["53"] if query else [])
    env = engines["jinja2"].env
    for field in form:
        if field.field.template_name is None:
            continue  # the sort order and the companions, drawn elsewhere
        html = env.get_template(field.field.template_name).render({"field": field, "form": form})
        assert html == html.strip(), field.name
