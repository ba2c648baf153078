"""French input accepted where publishers type it, and every error says the format expected:
the fields (offers/french_fields.py) and the offer form that uses them."""

import datetime
from decimal import Decimal

import pytest
from django import forms

from offers.french_fields import FrenchDateField, FrenchDecimalField, FrenchMonthField, typed_unit
from offers.models import Deadline, Offer
from tests.admin_forms import form_data
from tests.factories import OrganisationFactory, publisher

DATE_ERROR = "Saisissez une date comme 15/01/2027 ou 15 janvier 2027."


@pytest.mark.parametrize(
    "typed",
    [
        "15 janvier 2027",
        "15/01/2027",
        "15/01/27",
        "2027-01-15",
        " 15  Janvier 2027 ",
        "15 janv. 2027",
    ],
)
def test_a_date_typed_the_ways_people_type_it(typed):
    assert FrenchDateField().clean(typed) == datetime.date(2027, 1, 15)


def test_accents_and_the_first_of_the_month():
    field = FrenchDateField()
    assert field.clean("1er février 2027") == datetime.date(2027, 2, 1)
    assert field.clean("15 aout 2027") == datetime.date(2027, 8, 15)


@pytest.mark.parametrize("typed", ["janvier", "31/06/2027", "15 ju 2027", "15/13/2027", "demain"])
def test_a_date_that_is_not_one_says_the_format_expected(typed):
    with pytest.raises(forms.ValidationError) as error:
        FrenchDateField().clean(typed)
    assert error.value.messages == [DATE_ERROR]


def test_an_empty_date_is_none_when_not_required():
    assert FrenchDateField(required=False).clean("") is None


HOURS = {"example": "35 ou 17,5 (heures par semaine)", "max_digits": 4, "decimal_places": 1}
AMOUNT = {"example": "4,50 ou 600 (en euros)", "max_digits": 8, "decimal_places": 2}


@pytest.mark.parametrize(
    "typed, value",
    [("35", "35"), ("35 h", "35"), ("35h", "35"), ("17,5 h", "17.5"), ("35 heures", "35")],
)
def test_hours_with_or_without_their_unit(typed, value):
    assert FrenchDecimalField(**HOURS).clean(typed) == Decimal(value)


@pytest.mark.parametrize(
    "typed, value, unit",
    [
        ("4,50 €", "4.50", None),
        ("4.50", "4.50", None),
        ("600 € par mois", "600", "month"),
        ("600", "600", None),
        ("1 300,50 €", "1300.50", None),
        ("4,35 € brut de l'heure", "4.35", "hour"),
        ("4,35 €/h", "4.35", "hour"),
    ],
)
def test_amounts_with_their_currency_and_unit(typed, value, unit):
    assert FrenchDecimalField(**AMOUNT).clean(typed) == Decimal(value)
    assert typed_unit(typed) == unit


@pytest.mark.parametrize("typed", ["trente-cinq", "35 à 40 h", "4,50,2", "€ 4,50"])
def test_a_number_that_is_not_one_says_the_format_expected(typed):
    with pytest.raises(forms.ValidationError) as error:
        FrenchDecimalField(**HOURS).clean(typed)
    assert error.value.messages == ["Saisissez un nombre comme 35 ou 17,5 (heures par semaine)."]


# The offer form in the admin, as a publisher posts it.

ADD = "/admin/offers/offer/add/"


@pytest.fixture
def author(client, db):
    user = publisher(OrganisationFactory(), username="publieur")
    client.force_login(user)
    return user


def add(client, deadline=None, **fields):
    data = form_data(client.get(ADD), "offer_form")
    data.update(
        title="Stage",
        city="Lyon",
        description="Animer des ateliers de concertation.",
        how_to_apply="CV et lettre à l'adresse du contact.",
        **fields,
    )
    if deadline:
        # The application deadline is a main field of the form, at the top.
        data["application_deadline"] = deadline
    return client.post(ADD, data)


def test_the_offer_form_reads_what_a_publisher_types(client, author):
    response = add(
        client,
        start_date="15 janvier 2027",
        deadline="15/12/26",
        weekly_hours_min="35h",
        weekly_hours_max="35 h",
        stipend_amount="600 € par mois",
        stipend_unit="",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    offer = Offer.objects.get()
    assert offer.start_date == datetime.date(2027, 1, 15)
    assert Deadline.objects.get(offer=offer).date == datetime.date(2026, 12, 15)
    assert (offer.weekly_hours_min, offer.weekly_hours_max) == (Decimal(35), Decimal(35))
    # The unit typed after the amount fills the empty unit.
    assert (offer.stipend_amount, offer.stipend_unit) == (Decimal(600), "month")


def test_a_unit_chosen_in_the_list_wins_over_the_words_typed(client, author):
    response = add(client, stipend_amount="4,50 € par mois", stipend_unit="hour")
    assert response.status_code == 302, response.context["adminform"].form.errors
    offer = Offer.objects.get()
    assert (offer.stipend_amount, offer.stipend_unit) == (Decimal("4.50"), "hour")


def test_the_offer_form_says_the_format_expected(client, author):
    response = add(
        client,
        start_date="mi-janvier",
        deadline="le 15",
        weekly_hours_min="trente-cinq",
        stipend_amount="beaucoup",
        stipend_unit="",
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["start_date"] == [DATE_ERROR]
    assert form.errors["weekly_hours_min"] == [
        "Saisissez un nombre comme 35 ou 17,5 (heures par semaine)."
    ]
    assert form.errors["stipend_amount"] == ["Saisissez un nombre comme 4,50 ou 600 (en euros)."]
    assert form.errors["application_deadline"] == [DATE_ERROR]
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "typed", ["septembre 2027", "Septembre 2027", "sept. 2027", "09/2027", "9-2027", "2027-09"]
)
def test_a_month_typed_the_ways_people_type_it_is_its_first_day(typed):
    assert FrenchMonthField().clean(typed) == datetime.date(2027, 9, 1)


def test_a_whole_date_typed_as_the_month_gives_its_month():
    assert FrenchMonthField().clean("15/09/2027") == datetime.date(2027, 9, 1)


@pytest.mark.parametrize("typed", ["septembre", "13/2027", "ju 2027", "bientôt"])
def test_a_month_that_is_not_one_says_the_format_expected(typed):
    with pytest.raises(forms.ValidationError) as error:
        FrenchMonthField().clean(typed)
    assert error.value.messages == ["Saisissez un mois comme septembre 2027 ou 09/2027."]


def test_the_offer_form_keeps_a_start_month_and_shows_it_as_typed(client, author):
    response = add(client, start_month="septembre 2027")
    assert response.status_code == 302, response.context["adminform"].form.errors
    offer = Offer.objects.get()
    assert offer.start_month == datetime.date(2027, 9, 1)
    page = client.get(f"/admin/offers/offer/{offer.pk}/change/").content.decode()
    assert 'value="septembre 2027"' in page


def test_a_start_month_other_than_the_exact_start_s_is_refused(client, author):
    response = add(client, start_date="15/10/2027", start_month="septembre 2027")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start_month"] == [
        "Le mois de début doit être celui de la date de début exacte."
    ]
