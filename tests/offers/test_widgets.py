import pytest
from bs4 import BeautifulSoup
from django import forms

from offers.geography import DEPARTEMENT_CHOICES
from offers.widgets import FastSelect


def normalised(html: str) -> list[tuple]:
    """Each element with its attributes (in any order) and its own text."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        (tag.name, sorted(tag.attrs.items()), tag.string if tag.name == "option" else None)
        for tag in soup.find_all(True)
    ]


@pytest.mark.parametrize(
    ("choices", "value"),
    [
        (DEPARTEMENT_CHOICES, "75"),
        (DEPARTEMENT_CHOICES, None),
        ([("", "Tous"), ("a & b", '<A> & "B"')], "a & b"),
        ([("Groupe", [("x", "X"), ("y", "Y")]), ("z", "Z")], "y"),
    ],
)
def test_same_html_as_djangos_select(choices, value):
    attrs = {"id": "id_departement", "aria-describedby": "aide"}
    expected = forms.Select(choices=choices, attrs=attrs).render("departement", value)
    assert normalised(FastSelect(choices=choices, attrs=attrs).render("departement", value)) == (
        normalised(expected)
    )
