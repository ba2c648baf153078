"""The kinds the field publishes: alternance and volontariat beside stage and service civique,
and a job offer, which the board does not list, imported with no kind until someone chooses."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from offers import workflow
from offers.models import Offer, OfferKind, OfferStatus
from offers.structured_data import EMPLOYMENT_TYPES
from tests.factories import DraftOfferFactory, OfferFactory, OrganisationFactory, publisher

pytestmark = pytest.mark.django_db

CDD = """Médiateur culturel (H/F)
Type de contrat
CDD 12 mois
Lieu de travail
Musée de la Ville, Avignon (Vaucluse)
Date limite de candidature
15/01/2031
Missions
Accueillir les publics scolaires et animer les visites.
Candidatures à recrutement@musee.example
"""
ALTERNANCE = """Alternance - Chargé·e de communication associative - Lyon
Type d'offre : Alternance
Localisation : 69003 Lyon
Début : septembre 2031
Contrat d'apprentissage de 12 mois, rythme 3 jours en entreprise, 2 jours à l'école.
Candidatures à contact@asso.example
"""
VSI = """Chargé·e d'appui aux écoles vertes au Cameroun
Durée de la mission : 12 mois
Le volontaire de solidarité internationale (VSI) appuiera les équipes locales.
Candidatures à missions@volontaires.example
"""


def test_the_board_takes_alternance_and_volontariat_and_the_list_filters_them(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    OfferFactory(slug="alternance-lyon", kind=OfferKind.ALTERNANCE)
    OfferFactory(slug="vsi-cameroun", kind=OfferKind.VOLONTARIAT)
    OfferFactory(slug="stage-lyon", kind=OfferKind.STAGE)
    response = client.get(reverse("offers:list"), {"kind": "alternance"})
    assert {o.slug for o in response.context["offers"]} == {"alternance-lyon"}
    soup = BeautifulSoup(response.content, "html.parser")
    labels = {label.get_text(" ", strip=True) for label in soup.select("label")}
    assert any("Alternance" in label for label in labels)
    assert any("Volontariat (VSI, VSC)" in label for label in labels)
    # The card says the kind.
    assert "badge--alternance" in response.content.decode()


def test_every_kind_has_its_json_ld_employment_type(client):
    assert set(EMPLOYMENT_TYPES) == set(OfferKind.values)
    offer = OfferFactory(kind=OfferKind.ALTERNANCE)
    soup = BeautifulSoup(client.get(offer.get_absolute_url()).content, "html.parser")
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["employmentType"] == "TEMPORARY"


def test_only_a_draft_may_be_without_a_kind_in_clean_and_in_the_database():
    draft = DraftOfferFactory(kind="")
    draft.full_clean()
    draft.status = OfferStatus.SUBMITTED
    with pytest.raises(ValidationError) as raised:
        draft.full_clean()
    assert raised.value.message_dict["kind"] == ["Choisissez le type d'offre."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=draft.pk).update(status=OfferStatus.SUBMITTED)


def test_a_draft_without_a_kind_cannot_be_submitted():
    organisation = OrganisationFactory()
    draft = DraftOfferFactory(kind="", organisation=organisation)
    with pytest.raises(workflow.TransitionError) as raised:
        workflow.apply(draft, "submit", by=publisher(organisation))
    assert "le type d'offre" in str(raised.value)


def test_an_imported_job_offer_has_no_kind_and_its_review_page_says_it_is_a_job(client):
    organisation = OrganisationFactory(name="Musée de la Ville")
    client.force_login(publisher(organisation))
    response = client.post(reverse("admin:offers_offer_import"), {"text": CDD})
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.kind == ""
    page = client.get(reverse("admin:offers_offer_import_review", args=[offer.pk]))
    assert "Offre d&#x27;emploi (CDD, CDI, vacation…), pas un stage" in page.content.decode()


@pytest.mark.parametrize(("text", "kind"), [(ALTERNANCE, "alternance"), (VSI, "volontariat")])
def test_the_importer_recognises_alternance_and_volontariat(client, text, kind):
    organisation = OrganisationFactory()
    client.force_login(publisher(organisation))
    assert client.post(reverse("admin:offers_offer_import"), {"text": text}).status_code == 302
    assert Offer.objects.get().kind == kind
