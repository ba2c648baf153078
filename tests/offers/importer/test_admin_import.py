"""The admin's "Importer une annonce": who may import, what the draft holds, the review page."""

import datetime
import html

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from offers.models import Deadline, ImportedPosting, Offer, OfferStatus
from organisations.models import Organisation
from tests.factories import OrganisationFactory, UserFactory, moderator, publisher
from tests.offers.importer import documents

pytestmark = pytest.mark.django_db

POSTING = """Atelier Citoyen (Nantes 44000) – Chargé.e de mission participation

L'Atelier Citoyen est une association nantaise d'éducation populaire.

Missions
• Préparer et animer des ateliers de concertation
• Rédiger les comptes rendus

Profil : étudiant.e en Master 2 (science politique, urbanisme).
Permis B souhaité.

Conditions
Durée : 5 à 6 mois, à partir de mars 2031.
35 heures par semaine, télétravail possible un jour par semaine.
Gratification : 4,50 € brut par heure.

Candidatures avant le 15 janvier 2031 à Léa MARTIN, chargée de projets : lea.martin@atelier.example
Entretiens entre le 20 et le 24 janvier 2031.
"""
URL = reverse("admin:offers_offer_import")


@pytest.fixture
def atelier():
    return OrganisationFactory(name="Atelier Citoyen", slug="atelier-citoyen")


def test_it_creates_a_draft_with_every_stated_fact_for_a_publisher(client, atelier):
    client.force_login(publisher(atelier))
    response = client.post(URL, {"text": POSTING})
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:offers_offer_import_review", args=[offer.pk])
    assert offer.status == OfferStatus.DRAFT and offer.submitted_at is None
    assert offer.organisation == atelier
    assert offer.title == "Chargé.e de mission participation"
    assert (offer.city, offer.postal_code, offer.department_code) == ("Nantes", "44000", "44")
    assert (offer.duration_min_months, offer.duration_max_months) == (5, 6)
    assert offer.weekly_hours_min == 35 and offer.remote == "possible"
    assert (str(offer.stipend_amount), offer.stipend_unit, offer.stipend_gross) == (
        "4.50",
        "hour",
        True,
    )
    assert offer.education_level == "bac5" and offer.driving_licence == "preferred"
    # "à partir de mars 2031": a month, kept as such, and no day invented.
    assert offer.start_month == datetime.date(2031, 3, 1) and offer.start_date is None
    deadlines = {d.kind: (d.date, d.end_date) for d in offer.deadlines.all()}
    assert str(deadlines["application"][0]) == "2031-01-15"
    assert [str(d) for d in deadlines["interviews"]] == ["2031-01-20", "2031-01-24"]
    contact = offer.contacts.get()
    assert (contact.name, contact.email) == ("Léa MARTIN", "lea.martin@atelier.example")
    assert "## Missions" in offer.description


def test_the_review_page_shows_each_field_beside_its_excerpt(client, atelier):
    client.force_login(publisher(atelier))
    client.post(URL, {"text": POSTING})
    offer = Offer.objects.get()
    page = client.get(reverse("admin:offers_offer_import_review", args=[offer.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Gratification : 4,50 € brut par heure." in html
    assert "Durée : 5 à 6 mois, à partir de mars 2031." in html
    assert "Candidatures avant le 15 janvier 2031" in html
    assert reverse("admin:offers_offer_change", args=[offer.pk]) in html
    assert 'value="submit"' in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#field-start_month td.value").get_text(strip=True) == "mars 2031"


def test_a_publisher_importing_for_an_organisation_not_theirs_gets_their_own(client, atelier):
    other = OrganisationFactory(name="Autre Asso", slug="autre-asso")
    client.force_login(publisher(other))
    client.post(URL, {"text": POSTING})
    assert Offer.objects.get().organisation == other
    assert not Organisation.objects.filter(name="Atelier Citoyen").exclude(pk=atelier.pk).exists()


def test_a_publisher_cannot_pick_an_organisation_not_theirs(client, atelier):
    other = OrganisationFactory(name="Autre Asso", slug="autre-asso")
    client.force_login(publisher(other))
    response = client.post(URL, {"text": POSTING, "organisation": atelier.pk})
    assert response.status_code == 200 and not Offer.objects.exists()


def test_a_moderator_gets_the_organisation_found_by_name_or_a_new_one(client, atelier):
    client.force_login(moderator())
    client.post(URL, {"text": POSTING})
    assert Offer.objects.get().organisation == atelier
    client.post(URL, {"text": POSTING.replace("Atelier Citoyen (", "Maison Commune (")})
    assert Offer.objects.latest("pk").organisation.name == "Maison Commune"


def test_another_organisation_cannot_see_the_review_page(client, atelier):
    client.force_login(publisher(atelier))
    client.post(URL, {"text": POSTING})
    offer = Offer.objects.get()
    client.force_login(publisher(OrganisationFactory(slug="autre")))
    assert client.get(reverse("admin:offers_offer_import_review", args=[offer.pk])).status_code in (
        302,
        404,
    )


def test_an_offer_typed_by_hand_has_no_review_page(client, atelier):
    client.force_login(moderator())
    offer = Offer.objects.create(organisation=atelier, title="À la main", slug="a-la-main")
    response = client.get(reverse("admin:offers_offer_import_review", args=[offer.pk]))
    assert response.status_code == 404


def test_anonymous_and_staff_without_rights_cannot_import(client, atelier):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(UserFactory(is_staff=True))
    assert client.post(URL, {"text": POSTING}).status_code == 403
    assert not Offer.objects.exists()


def test_the_same_posting_twice_creates_nothing_new(client, atelier):
    client.force_login(publisher(atelier))
    client.post(URL, {"text": POSTING})
    response = client.post(URL, {"text": "\n" + POSTING.replace("  ", " ") + "\n"})
    assert "Cette annonce a déjà été importée." in html.unescape(response.content.decode())
    assert Offer.objects.count() == ImportedPosting.objects.count() == 1


def test_another_organisation_may_import_the_same_posting_and_is_told_nothing(client, atelier):
    # Issue 27, item 9: "already imported" told organisation B what organisation A imported.
    client.force_login(publisher(atelier))
    client.post(URL, {"text": POSTING})
    other = OrganisationFactory(name="Autre Asso", slug="autre-asso")
    client.force_login(publisher(other))
    response = client.post(URL, {"text": POSTING})
    assert response.status_code == 302
    assert sorted(o.organisation.slug for o in Offer.objects.all()) == [
        "atelier-citoyen",
        "autre-asso",
    ]
    # Within one organisation the same posting is still found again.
    response = client.post(URL, {"text": POSTING})
    assert "Cette annonce a déjà été importée." in html.unescape(response.content.decode())
    assert Offer.objects.count() == ImportedPosting.objects.count() == 2


def test_a_moderator_importing_for_another_organisation_gets_its_own_draft(client, atelier):
    client.force_login(publisher(atelier))
    client.post(URL, {"text": POSTING})
    other = OrganisationFactory(name="Autre Asso", slug="autre-asso")
    client.force_login(moderator())
    assert client.post(URL, {"text": POSTING, "organisation": other.pk}).status_code == 302
    # Without a choice, the posting names the Atelier Citoyen, which has it already.
    response = client.post(URL, {"text": POSTING})
    assert "Cette annonce a déjà été importée." in html.unescape(response.content.decode())
    assert Offer.objects.count() == 2


@pytest.mark.parametrize("kind", ["pdf", "docx", "odt"])
def test_a_document_gives_the_same_draft_as_the_pasted_text(client, atelier, kind):
    client.force_login(publisher(atelier))
    client.post(URL, {"text": POSTING})
    pasted = Offer.objects.get()
    ImportedPosting.objects.all().delete()
    data = getattr(documents, kind)(POSTING)
    upload = SimpleUploadedFile(f"annonce.{kind}", data, content_type="application/octet-stream")
    response = client.post(URL, {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    uploaded = Offer.objects.exclude(pk=pasted.pk).get()
    fields = [f.name for f in Offer._meta.concrete_fields if f.name not in ("id", "slug")]
    fields = [f for f in fields if f not in ("created_at", "updated_at")]
    assert {f: getattr(uploaded, f) for f in fields} == {f: getattr(pasted, f) for f in fields}

    def milestones(offer):
        return sorted((d.kind, d.date, d.end_date, d.wording) for d in offer.deadlines.all())

    assert milestones(uploaded) == milestones(pasted)
    assert set(uploaded.contacts.all()) == set(pasted.contacts.all())
    assert Deadline.objects.filter(offer=uploaded).count() == 2


def test_the_change_page_of_an_imported_draft_links_to_its_review(client, atelier):
    client.force_login(publisher(atelier))
    client.post(URL, {"text": POSTING})
    offer = Offer.objects.get()
    review = reverse("admin:offers_offer_import_review", args=[offer.pk])
    page = client.get(reverse("admin:offers_offer_change", args=[offer.pk]))
    assert review in page.content.decode()
    typed = Offer.objects.create(organisation=atelier, title="À la main", slug="a-la-main")
    page = client.get(reverse("admin:offers_offer_change", args=[typed.pk]))
    assert page.status_code == 200 and "import-review-link" not in page.content.decode()
