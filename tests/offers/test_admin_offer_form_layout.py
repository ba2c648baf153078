"""The offer form in a publisher's words: the dates first, the posting's wordings where they are
filled (else behind "préciser avec les mots de l'annonce"), the description as paragraphs and
lists with a preview of how it will look."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from offers.admin_forms import WORDING_FIELDS, plain_to_markdown
from offers.models import Deadline, Offer
from tests.admin_forms import form_data
from tests.factories import DeadlineFactory, DraftOfferFactory, OrganisationFactory, publisher

pytestmark = pytest.mark.django_db
ADD = "/admin/offers/offer/add/"
PREVIEW = reverse("admin:offers_offer_description_preview")


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Kimiyo", slug="kimiyo")


@pytest.fixture
def author(client, organisation):
    user = publisher(organisation, username="publieur")
    client.force_login(user)
    return user


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def in_disclosure(soup: BeautifulSoup, field: str) -> bool:
    return soup.select_one(f"#id_{field}").find_parent("details") is not None


def test_a_new_offer_starts_with_its_dates_and_hides_the_posting_s_wordings(client, author):
    soup = soup_of(client.get(ADD))
    fieldsets = soup.select("#offer_form fieldset.module")
    # After what the offer is: its application deadline and its start.
    dates = fieldsets[1]
    assert dates.select_one("h2").get_text(strip=True) == "Dates et durée"
    inputs = [i["name"] for i in dates.select("input")]
    assert inputs[:2] == ["application_deadline", "start_date"]
    labels = [dates.select_one(f"label[for=id_{name}]").get_text(strip=True) for name in inputs[:2]]
    assert labels == ["Date limite de candidature\xa0:", "Date de début\xa0:"]
    # Every wording behind one closed disclosure, named in the publisher's words.
    [details] = soup.select("details")
    assert (
        details.select_one("summary")
        .get_text(" ", strip=True)
        .startswith("Préciser avec les mots de l'annonce")
    )
    assert not details.has_attr("open")
    assert all(in_disclosure(soup, name) for name in WORDING_FIELDS)
    # No row of the other milestones is an application deadline.
    kinds = [o["value"] for o in soup.select("#id_deadlines-0-kind option")]
    assert "application" not in kinds and "interviews" in kinds


def test_wordings_an_import_filled_are_shown_beside_their_facts(client, author, organisation):
    offer = DraftOfferFactory(
        organisation=organisation,
        place_wording="Marseille et déplacements en Provence",
        start_wording="dès que possible",
    )
    DeadlineFactory(offer=offer, date=None, wording="avant fin novembre")
    soup = soup_of(client.get(f"/admin/offers/offer/{offer.pk}/change/"))
    for name in ("place_wording", "start_wording", "application_deadline_wording"):
        assert not in_disclosure(soup, name), name
    assert soup.select_one("#id_application_deadline_wording")["value"] == "avant fin novembre"
    assert soup.select_one("#id_application_deadline").get("value", "") == ""
    for name in ("remote_wording", "stipend_wording", "hours_wording"):
        assert in_disclosure(soup, name), name

    # Giving the date keeps the posting's words beside it, in the offer's one deadline.
    data = form_data(client.get(f"/admin/offers/offer/{offer.pk}/change/"), "offer_form")
    data["application_deadline"] = "30/11/27"
    response = client.post(f"/admin/offers/offer/{offer.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    deadline = Deadline.objects.get(offer=offer)
    assert (deadline.kind, deadline.date, deadline.wording) == (
        "application",
        datetime.date(2027, 11, 30),
        "avant fin novembre",
    )

    # Emptied, the deadline goes: the offer then follows the 60-day rule.
    data = form_data(client.get(f"/admin/offers/offer/{offer.pk}/change/"), "offer_form")
    data.update(application_deadline="", application_deadline_wording="")
    assert client.post(f"/admin/offers/offer/{offer.pk}/change/", data).status_code == 302
    assert not Deadline.objects.filter(offer=offer).exists()


def test_a_deadline_that_is_no_date_says_the_format_expected(client, author):
    data = form_data(client.get(ADD), "offer_form")
    data.update(title="Stage", application_deadline="fin janvier")
    form = soup_of(client.post(ADD, data))
    error = form.select_one("#id_application_deadline_error, .errorlist").get_text(" ", strip=True)
    assert "Saisissez une date comme 15/01/2027 ou 15 janvier 2027." in error
    assert not Offer.objects.exists()


def test_the_description_is_written_as_paragraphs_and_lists(client, author):
    data = form_data(client.get(ADD), "offer_form")
    data.update(
        title="Stage",
        description="Missions :\r\n• animer des ateliers\r\n• rédiger les synthèses\r\n\r\n"
        "Profil : curieux.",
    )
    assert client.post(ADD, data).status_code == 302
    offer = Offer.objects.get()
    assert offer.description == (
        "Missions :\n\n- animer des ateliers\n- rédiger les synthèses\n\nProfil : curieux."
    )
    assert "<ul>\n<li>animer des ateliers</li>\n<li>rédiger les synthèses</li>\n</ul>" in (
        offer.description_html
    )
    # The form shows it as it will look, under the text box.
    soup = soup_of(client.get(f"/admin/offers/offer/{offer.pk}/change/"))
    preview = soup.select_one("#id_description + .description-preview [data-description-preview]")
    assert [li.get_text() for li in preview.select("li")] == [
        "animer des ateliers",
        "rédiger les synthèses",
    ]
    assert preview["data-url"] == PREVIEW
    assert "ligne vide" in soup.select_one("#id_description_helptext").get_text()


def test_plain_text_already_in_markdown_is_left_as_it_is():
    text = "Un paragraphe.\n\n- un\n- deux\n\n1. premier\n2. second\n\n*en italique* ici"
    assert plain_to_markdown(text) == text


def test_the_preview_renders_as_the_page_does_and_changes_nothing(client, author):
    response = client.post(PREVIEW, {"text": "Missions :\n- animer\n<script>alert(1)</script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<li>animer</li>" in html and "<script" not in html
    assert client.get(PREVIEW).status_code == 405
    assert not Offer.objects.exists()


def test_the_preview_is_for_signed_in_publishers_only(client):
    response = client.post(PREVIEW, {"text": "- un"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_later_deadline_reopens_an_offer_its_organisation_had_closed(
    client, author, organisation
):
    closed_on = datetime.date(2026, 12, 1)
    offer = DraftOfferFactory(
        organisation=organisation, applications_closed_on=closed_on, filled_on=closed_on
    )
    DeadlineFactory(offer=offer, date=closed_on - datetime.timedelta(days=1))
    url = f"/admin/offers/offer/{offer.pk}/change/"
    page = soup_of(client.get(url))
    assert "pourvue le 1 décembre 2026" in page.select_one(".workflow-status").get_text()
    data = form_data(client.get(url), "offer_form")
    data["application_deadline"] = "31/12/2099"
    assert client.post(url, data).status_code == 302
    offer.refresh_from_db()
    assert (offer.applications_closed_on, offer.filled_on) == (None, None)
