import pytest
from bs4 import BeautifulSoup
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from offers.geography import DEPARTEMENT_CHOICES
from offers.widgets import FastCheckboxInput, FastSearchInput, FastSelect

HOSTILE = "<script>alert('x')</script> & \"guillemets\""


def normalised(html: str) -> list[tuple]:
    """Each element with its attributes (in any order) and its own text."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        (tag.name, sorted(tag.attrs.items()), tag.string if tag.name == "option" else None)
        for tag in soup.find_all(True)
    ]


class ReferenceSelect(forms.Select):
    """The first FastSelect (from get_context's optgroups): the bytes the list page has served."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in options),
            )
            if group_name:
                rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
            parts.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),
        )


SELECTS = [
    (DEPARTEMENT_CHOICES, "75"),
    (DEPARTEMENT_CHOICES, None),
    ([("", "Tous"), ("a & b", '<A> & "B"')], "a & b"),
    ([("Groupe", [("x", "X"), ("y", "Y")]), ("z", "Z")], "y"),
    ([(None, "Aucun"), ("", "Vide"), (1, gettext_lazy("Toutes")), ("1", "Encore un")], 1),
    ([("", mark_safe("<b>déjà sûr</b>")), (HOSTILE, HOSTILE)], HOSTILE),
    ([("", [("a", "A")]), ("<g>", [(None, "rien")])], "None"),
]


@pytest.mark.parametrize(("choices", "value"), SELECTS)
def test_same_html_as_djangos_select(choices, value):
    attrs = {"id": "id_departement", "aria-describedby": "aide"}
    expected = forms.Select(choices=choices, attrs=attrs).render("departement", value)
    assert normalised(FastSelect(choices=choices, attrs=attrs).render("departement", value)) == (
        normalised(expected)
    )


@pytest.mark.parametrize(("choices", "value"), SELECTS)
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_departement", "aria-describedby": "aide", "aria-invalid": "true"},
        {"id": "a&b", "disabled": True, "required": False, "data-x": None, "autofocus": True},
    ],
)
def test_same_bytes_as_before(choices, value, attrs):
    widget_attrs = {"class": HOSTILE}
    expected = ReferenceSelect(choices=choices, attrs=widget_attrs).render("dé<p>", value, attrs)
    assert FastSelect(choices=choices, attrs=widget_attrs).render("dé<p>", value, attrs) == expected


@pytest.mark.parametrize("value", [None, "", "concertation", HOSTILE, 12])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_q", "maxlength": 200},
        {"aria-invalid": "true", "aria-describedby": "id_q_error", "id": "id_q", "hidden": True},
        {"id": "id_q", "data-x": None, "disabled": False, "title": mark_safe("<b>sûr</b>")},
    ],
)
def test_search_input_as_djangos_template(value, attrs):
    widget_attrs = {"placeholder": gettext_lazy("concertation, médiation, Lyon…")}

    class SearchInput(forms.TextInput):
        input_type = "search"

    expected = SearchInput(attrs=widget_attrs).render("q", value, attrs)
    assert FastSearchInput(attrs=widget_attrs).render("q", value, attrs) == expected


@pytest.mark.parametrize("value", [None, "", True, False, "on", "yes", HOSTILE])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_remote"}, {"aria-invalid": "true", "id": "id_remote", "class": HOSTILE}],
)
def test_checkbox_as_djangos_template(value, attrs):
    expected = forms.CheckboxInput().render("remote", value, attrs)
    assert FastCheckboxInput().render("remote", value, attrs) == expected
