"""Every date field takes only dates in a sensible range: 31/12/9999 on one
offer made /calendrier.ics a 500 for every search that included it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError, transaction

from offers.dates import LATEST, MESSAGE
from offers.models import Deadline, Offer
from tests.admin_forms import deadline_rows, form_data
from tests.factories import DeadlineFactory, OfferFactory, moderator

pytestmark = pytest.mark.django_db
FAR = "31/12/9999"


@pytest.fixture
def admin_client(client):
    client.force_login(moderator())
    return client


def change_url(offer) -> str:
    return f"/admin/offers/offer/{offer.pk}/change/"


def test_the_offer_form_refuses_a_start_date_in_year_9999(admin_client):
    offer = OfferFactory()
    data = form_data(admin_client.get(change_url(offer)), "offer_form")
    data["start_date"] = FAR
    response = admin_client.post(change_url(offer), data)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    offer.refresh_from_db()
    assert offer.start_date is None


@pytest.mark.parametrize("field", ["date", "end_date"])
def test_the_deadline_rows_refuse_a_date_in_year_9999(admin_client, field):
    offer = OfferFactory()
    data = form_data(admin_client.get(change_url(offer)), "offer_form")
    row = {"kind": "interviews", "date": "01/06/2026", "wording": "Entretiens"}
    row[field] = FAR
    response = admin_client.post(change_url(offer), deadline_rows(data, row))
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Deadline.objects.filter(offer=offer).exists()


@pytest.mark.parametrize(
    "write",
    [
        lambda offer: Offer.objects.filter(pk=offer.pk).update(start_date=datetime.date.max),
        lambda offer: DeadlineFactory(offer=offer, date=datetime.date(9999, 12, 31)),
        lambda offer: DeadlineFactory(
            offer=offer, date=datetime.date(2026, 1, 1), end_date=datetime.date(9999, 12, 31)
        ),
        lambda offer: DeadlineFactory(offer=offer, date=datetime.date(1, 1, 1)),
        lambda offer: Offer.objects.filter(pk=offer.pk).update(
            start_month=datetime.date(9999, 12, 1)
        ),
        # A start month is stored as the month's first day.
        lambda offer: Offer.objects.filter(pk=offer.pk).update(
            start_month=datetime.date(2027, 9, 15)
        ),
    ],
    ids=["offer start", "deadline", "deadline end", "year 1", "start month", "month's 15th"],
)
def test_the_database_refuses_them_too(write):
    offer = OfferFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        write(offer)


def test_the_calendars_answer_with_the_latest_date_allowed(client):
    offer = OfferFactory(start_date=LATEST)
    DeadlineFactory(offer=offer, date=LATEST, end_date=LATEST)
    assert client.get("/calendrier.ics").status_code == 200
    assert client.get(f"/offres/{offer.slug}/calendrier.ics").status_code == 200


def test_the_application_deadline_is_one_field_not_a_row_of_the_other_milestones(admin_client):
    """One application deadline per offer: the form's main field; the rows refuse the kind, so
    a forged row is a form error, nothing is lost, nothing is a 500."""
    offer = OfferFactory(title="Titre d'origine")
    page = admin_client.get(change_url(offer))
    data = form_data(page, "offer_form")
    kinds = BeautifulSoup(page.content, "html.parser").select("#id_deadlines-0-kind option")
    assert "application" not in [option["value"] for option in kinds]
    data["title"] = "Titre corrigé"
    rows = [{"kind": "application", "date": "01/06/2026", "wording": "Avant le 1er juin"}]
    response = admin_client.post(change_url(offer), deadline_rows(data, *rows))
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.title == "Titre d'origine"
    assert not Deadline.objects.filter(offer=offer).exists()

    # The main field writes the offer's one application deadline; its rows stay the others.
    data = form_data(admin_client.get(change_url(offer)), "offer_form")
    data.update(title="Titre corrigé", application_deadline="1er juin 2026")
    rows = [{"kind": "other", "date": "15/06/2026", "wording": "Réunion d'accueil"}]
    assert admin_client.post(change_url(offer), deadline_rows(data, *rows)).status_code == 302
    assert Deadline.objects.get(offer=offer, kind="application").date.isoformat() == "2026-06-01"
    assert Deadline.objects.filter(offer=offer).count() == 2
