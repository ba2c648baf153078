"""Importing a posting in a real browser: a publisher pastes it, checks the draft beside its
excerpts, corrects a field and submits it; a moderator publishes it; students find it.
"""

import os

import pytest

from offers.models import Offer, OfferStatus
from tests.browser.admin_login import log_in
from tests.factories import OrganisationFactory, moderator, publisher

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
POSTING = """Atelier Citoyen (Nantes 44000) – Chargé.e de mission participation

L'Atelier Citoyen est une association nantaise d'éducation populaire.

Missions
• Préparer et animer des ateliers de concertation
• Rédiger les comptes rendus

Profil : étudiant.e en Master 2 (science politique, urbanisme).

Durée : 5 à 6 mois, à partir de mars 2031.
Gratification : 4,50 € brut par heure.

Candidatures avant le 15 janvier 2031 à Léa MARTIN, chargée de projets : lea.martin@atelier.example
"""
CORRECTED = "Chargé.e de mission participation citoyenne"


def test_paste_review_correct_submit_publish_list(live_server, browser):
    organisation = OrganisationFactory(name="Atelier Citoyen", slug="atelier-citoyen")
    publisher(organisation, username="publieur")
    moderator(username="moderatrice")

    author = log_in(browser, live_server, "publieur")
    author.goto(f"{live_server.url}/admin/offers/offer/")
    author.click("a:has-text('Importer une annonce')")
    author.fill("#id_text", POSTING)
    author.click("input[name=import]")

    # The review page: each field beside the words of the posting it came from.
    author.wait_for_selector("#import-fields")
    stipend = author.inner_text("#field-stipend_amount")
    assert "4.50" in stipend or "4,50" in stipend
    assert "Gratification : 4,50 € brut par heure." in stipend
    assert "Durée : 5 à 6 mois" in author.inner_text("#field-duration_max_months")
    assert "Candidatures avant le 15 janvier 2031" in author.inner_text("#import-deadlines")
    assert "lea.martin@atelier.example" in author.inner_text("#import-contacts")
    offer = Offer.objects.get()
    assert offer.status == OfferStatus.DRAFT

    # The publisher corrects the title in the usual form, then submits the draft.
    author.click("#correct-link")
    author.fill("#id_title", CORRECTED)
    author.click("input[name=_continue]")
    author.wait_for_selector(".messagelist .success")
    author.click("button[value=submit]")
    author.wait_for_selector("text=Nouveau statut : Soumise à modération.")
    author.goto(f"{live_server.url}/admin/offers/offer/{offer.pk}/import/")
    assert "corrigé" in author.inner_text("#field-title")

    # The moderator publishes it from the queue.
    moderatrice = log_in(browser, live_server, "moderatrice")
    moderatrice.goto(f"{live_server.url}/admin/offers/offer/")
    moderatrice.check("#result_list tbody tr:first-child input.action-select")
    moderatrice.select_option("select[name=action]", "publish_selected")
    moderatrice.click("button[name=index]")
    moderatrice.wait_for_selector("text=Publier : 1 offre(s).")

    # Students find it on the list, under its corrected title.
    student = browser.new_context(locale="fr-FR").new_page()
    student.goto(f"{live_server.url}/")
    assert CORRECTED in student.inner_text("body")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED and offer.title == CORRECTED
