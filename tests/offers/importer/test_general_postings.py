"""Postings the importer was not written for: the way host organisations' pages lay them out."""

import datetime

import pytest
from django.urls import reverse

from offers.importer.headings import title_without_heading
from offers.importer.posting import extract, found_postings
from offers.importer.profile import JOB_OFFER, find_kind
from offers.importer.text import joined_fields
from offers.models import Offer
from tests.factories import OrganisationFactory, publisher


def test_a_field_per_line_page_reads_as_labelled_fields():
    lines = [
        "Type d'offre",
        "Stage",
        "Lieu",
        "Marseille",
        "Date limite de candidature",
        "12/09/2031",
    ]
    assert joined_fields(lines) == [
        "Type d'offre : Stage",
        "Lieu : Marseille",
        "Date limite de candidature : 12/09/2031",
    ]
    assert joined_fields(["Localisation Pantin, France"]) == ["Localisation : Pantin, France"]


def test_the_title_is_the_line_that_names_a_position_not_a_slogan_a_grant_or_a_deadline():
    lines = [
        "Aller au contenu principal",
        "Venez renforcer notre équipe !",
        "ANR- 22-EXSO-0002",
        "Date limite de dépôt de candidature : 18 février 2031",
        "Développement durable",
        "Chargé·e de mission concertation (H/F)",
    ]
    assert title_without_heading(lines).value == "Chargé·e de mission concertation (H/F)"
    assert title_without_heading(["STAGE: analyse d'une consultation"]).value == (
        "analyse d'une consultation"
    )
    # Nothing that names a position: no title rather than a guess.
    assert title_without_heading(["Contexte", "Vos missions", "Profil recherché :"]).value is None


def test_the_place_comes_from_the_place_line_not_its_section_name():
    draft = extract(
        "Chargé·e de concertation\nLieu de travail\nPlace du marché, Marmande (Lot-et-Garonne)"
    )
    assert draft.values["city"] == "Marmande"
    assert draft.values["department_code"] == "47"
    assert draft.values["country"] == "FR"
    draft = extract("Chargé·e de coopération\nLocalisation Afrique - Sénégal - Dakar")
    assert (draft.values["city"], draft.values["country"]) == ("Dakar", "SN")


def test_a_posting_is_found_from_its_title_or_its_kind_alone():
    assert [d.values["title"] for _i, _t, d in found_postings("Médiateur culturel (H/F)")] == [
        "Médiateur culturel (H/F)"
    ]
    assert found_postings("Accueil\nMentions légales\nPlan du site") == []


def test_the_kind_is_read_where_it_is_stated():
    assert find_kind("", ["Médiateur", "Type de contrat : CDD 12 mois"]).value == JOB_OFFER
    assert find_kind("", ["Alternance - Chargé·e de communication - Lyon"]).value == "alternance"
    assert find_kind("", ["Le volontaire de solidarité internationale (VSI)"]).value == (
        "volontariat"
    )
    # A stage offered by a job board that files every post under a contract type.
    assert find_kind("", ["Stage - Sports de nature", "CDD - 6 mois"]).value == "stage"
    draft = extract("Médiateur culturel (H/F)\nContrat\nCDD")
    assert draft.job_offer and "kind" not in draft.values


@pytest.mark.django_db
def test_a_posting_without_a_title_is_a_draft_whose_title_is_to_be_written(client):
    client.force_login(publisher(OrganisationFactory()))
    text = "Contexte\nL'objectif de ce stage est de construire une démarche participative."
    response = client.post(reverse("admin:offers_offer_import"), {"text": text})
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert (offer.title, offer.kind) == ("Intitulé à préciser", "stage")
    page = client.get(response["Location"]).content.decode()
    assert "L&#x27;annonce ne donne pas d&#x27;intitulé" in page


def test_a_contract_period_gives_the_start_and_the_duration():
    draft = extract(
        "Médiateur nature en service civique\nContrat du 1/10/2031 au 31/05/2032 - 28h/ semaine."
    )
    assert draft.values["start_date"] == datetime.date(2031, 10, 1)
    assert (draft.values["duration_min_months"], draft.values["duration_max_months"]) == (8, 8)


def test_a_start_month_is_kept_when_no_day_is_given():
    draft = extract("Stage de médiation scientifique\nDébut : septembre 2031\nDurée : 6 mois")
    assert draft.values["start_month"] == datetime.date(2031, 9, 1)
    assert "start_date" not in draft.values
