"""The publisher's offer form: the posting's order and words, typed the French way."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from offers import workflow
from offers.models import Offer, OfferStatus
from organisations.models import Contact
from tests.admin_forms import deadline_rows, form_data
from tests.factories import ContactFactory, DraftOfferFactory, OrganisationFactory, publisher

pytestmark = pytest.mark.django_db
S = OfferStatus
ADD = "/admin/offers/offer/add/"


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Kimiyo", slug="kimiyo")


@pytest.fixture
def author(client, organisation):
    user = publisher(organisation, username="publieur")
    client.force_login(user)
    return user


def complete(data, **fields):
    """A posting with everything a student needs, on top of the add page's own form."""
    data.update(
        title="Stage",
        city="Lyon",
        description="Animer des ateliers de concertation.",
        how_to_apply="CV et lettre à l'adresse du contact.",
        **fields,
    )
    return data


def add(client, **fields):
    data = complete(form_data(client.get(ADD), "offer_form"), **fields)
    return client.post(ADD, data)


def errors_of(response) -> dict:
    assert response.status_code == 200, "the form was accepted"
    return response.context["adminform"].form.errors


def test_the_fieldsets_follow_a_posting_and_there_is_no_slug(client, author):
    page = client.get(ADD)
    fieldsets = [name for name, _ in page.context["adminform"].fieldsets]
    assert fieldsets == [
        "L'offre",
        "Dates et durée",
        "Lieu",
        "Conditions",
        "Candidature",
        "Préciser avec les mots de l'annonce",
        "Description",
    ]
    form = page.context["adminform"].form
    assert "slug" not in form.fields and "status" not in form.fields
    # Help texts in the publisher's words, on the fields that need one.
    assert "virgule" in form.fields["stipend_amount"].help_text
    assert "Stage (convention" in form.fields["kind"].help_text
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("#id_slug") is None
    # The contacts are edited in the offer, after the milestones.
    assert soup.select_one("#Offer_contacts-group") is not None


def test_a_second_offer_with_the_same_title_gets_its_own_address(client, author):
    assert add(client).status_code == 302
    assert add(client).status_code == 302
    slugs = sorted(Offer.objects.filter(title="Stage").values_list("slug", flat=True))
    assert slugs == ["stage", "stage-2"]
    # Renaming an offer keeps its address: links already shared must keep working.
    offer = Offer.objects.get(slug="stage")
    data = form_data(client.get(f"/admin/offers/offer/{offer.pk}/change/"), "offer_form")
    data["title"] = "Stage de médiation"
    assert client.post(f"/admin/offers/offer/{offer.pk}/change/", data).status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.slug) == ("Stage de médiation", "stage")


def test_the_country_is_a_list_with_france_first(client, author):
    soup = BeautifulSoup(client.get(ADD).content, "html.parser")
    options = soup.select("#id_country option")
    assert [o["value"] for o in options[:1]] == ["FR"] and options[0].text == "France"
    assert options[0].has_attr("selected")
    names = {o["value"]: o.text for o in options}
    assert names["DE"] == "Allemagne" and len(options) > 200
    assert add(client, country="BE").status_code == 302
    assert Offer.objects.get(title="Stage").country == "BE"
    assert "country" in errors_of(add(client, country="XX"))


@pytest.mark.parametrize(
    "typed, stored",
    [("4,50", Decimal("4.50")), ("4.5", Decimal("4.50")), (" 4,35 ", Decimal("4.35"))],
)
def test_an_hourly_stipend_typed_with_a_comma_is_read_as_a_decimal(client, author, typed, stored):
    response = add(client, stipend_amount=typed, stipend_unit="hour", weekly_hours_min="17,5")
    assert response.status_code == 302, errors_of(response)
    offer = Offer.objects.get(title="Stage")
    assert (offer.stipend_amount, offer.weekly_hours_min) == (stored, Decimal("17.5"))
    # And shown back the same way.
    page = client.get(f"/admin/offers/offer/{offer.pk}/change/")
    shown = BeautifulSoup(page.content, "html.parser").select_one("#id_stipend_amount")["value"]
    assert shown == f"{stored}".replace(".", ",")


def test_a_monthly_stipend_with_thousands_is_read_too(client, author):
    assert add(client, stipend_amount="1 300", stipend_unit="month").status_code == 302
    assert Offer.objects.get(title="Stage").stipend_amount == Decimal("1300")


@pytest.mark.parametrize(
    "amount, unit, words",
    [("50,01", "hour", "plus de 50 € par heure"), ("3500", "month", "plus de 3000 € par mois")],
)
def test_an_implausible_stipend_is_refused_with_a_message(client, author, amount, unit, words):
    errors = errors_of(add(client, stipend_amount=amount, stipend_unit=unit))
    assert words in errors["stipend_amount"][0] and "l'unité" in errors["stipend_amount"][0]
    assert not Offer.objects.exists()


def test_at_the_limits_a_stipend_is_accepted(client, author):
    assert add(client, stipend_amount="50", stipend_unit="hour").status_code == 302
    assert add(client, stipend_amount="3000", stipend_unit="month").status_code == 302


def test_a_contact_typed_in_the_offer_gets_the_offer_organisation(client, author, organisation):
    data = complete(form_data(client.get(ADD), "offer_form"))
    deadline_rows(
        data,
        {"name": "Renaud Sorot", "role": "Chargé de mission", "email": "renaud@kimiyo.test"},
        {"name": "Accueil", "phone": "04 72 00 00 00"},
        prefix="Offer_contacts",
    )
    assert client.post(ADD, data).status_code == 302
    offer = Offer.objects.get(title="Stage")
    contacts = {(c.name, c.email, c.phone, c.organisation_id) for c in offer.contacts.all()}
    assert contacts == {
        ("Renaud Sorot", "renaud@kimiyo.test", "", organisation.pk),
        ("Accueil", "", "04 72 00 00 00", organisation.pk),
    }


def test_a_contact_is_edited_in_the_offer(client, author, organisation):
    contact = ContactFactory(organisation=organisation, name="Renaud", email="r@kimiyo.test")
    offer = DraftOfferFactory(organisation=organisation)
    offer.contacts.set([contact])
    url = f"/admin/offers/offer/{offer.pk}/change/"
    data = form_data(client.get(url), "offer_form")
    assert data["Offer_contacts-0-email"] == "r@kimiyo.test"
    data["Offer_contacts-0-email"] = "renaud@kimiyo.test"
    data["Offer_contacts-0-phone"] = "06 00 00 00 00"
    assert client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert (contact.email, contact.phone, contact.name) == (
        "renaud@kimiyo.test",
        "06 00 00 00 00",
        "Renaud",
    )
    assert list(offer.contacts.all()) == [contact]


def test_a_contact_without_email_or_phone_is_refused(client, author):
    data = complete(form_data(client.get(ADD), "offer_form"))
    deadline_rows(data, {"name": "Sans moyen", "role": "Directrice"}, prefix="Offer_contacts")
    response = client.post(ADD, data)
    assert response.status_code == 200
    formsets = response.context["inline_admin_formsets"]
    [contacts] = [fs for fs in formsets if fs.formset.prefix == "Offer_contacts"]
    assert "courriel ou un téléphone" in str(contacts.formset.errors)
    assert not Offer.objects.exists() and not Contact.objects.filter(name="Sans moyen").exists()


def test_the_buttons_say_what_saving_does(client, author, organisation):
    soup = BeautifulSoup(client.get(ADD).content, "html.parser")
    buttons = {b["name"]: b["value"] for b in soup.select(".submit-row input[type=submit]")}
    assert buttons["_submit"] == "Enregistrer et soumettre à modération"
    assert buttons["_continue"] == "Enregistrer le brouillon"
    assert "hors ligne" in soup.select_one(".save-explanation").text
    published = DraftOfferFactory(organisation=organisation, status=S.PUBLISHED)
    page = client.get(f"/admin/offers/offer/{published.pk}/change/")
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("input[name=_submit]") is None
    assert soup.select_one("input[name=_continue]")["value"] == "Enregistrer les modifications"
    assert "reste en ligne" in soup.select_one(".save-explanation").text


def test_save_and_submit_sends_a_complete_offer_to_the_queue(client, author):
    data = complete(form_data(client.get(ADD), "offer_form"))
    data["_submit"] = "Enregistrer et soumettre à modération"
    response = client.post(ADD, data, follow=True)
    offer = Offer.objects.get(title="Stage")
    assert offer.status == S.SUBMITTED
    assert "soumise à modération" in response.content.decode()


def test_save_and_submit_keeps_an_incomplete_offer_as_a_draft_and_says_why(client, author):
    data = form_data(client.get(ADD), "offer_form")
    data.update(title="Stage", _submit="1")
    response = client.post(ADD, data, follow=True)
    offer = Offer.objects.get(title="Stage")
    assert offer.status == S.DRAFT
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    assert "Il manque : un lieu" in text and "une description" in text
    assert "un moyen de postuler" in text


def test_the_public_footer_leads_to_the_form_that_proposes_an_offer(client):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    link = page.select_one("footer a[href='/publier/']")
    assert link is not None and link.text == "Publier une offre"
    response = client.get("/publier/")
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser").select_one("form.publish-form")
    assert form is not None and form.select_one("input[type=file][name=file]") is not None
    text = response.content.decode()
    assert settings.CONTACT_EMAIL in text and "/connexion/" in text


def test_the_publisher_can_submit_what_the_form_made(author, client):
    # The form's result goes through the same workflow as every other submission.
    assert add(client).status_code == 302
    offer = Offer.objects.get(title="Stage")
    workflow.apply(offer, "submit", by=author)
    assert Offer.objects.get(pk=offer.pk).status == S.SUBMITTED
