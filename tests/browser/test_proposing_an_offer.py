"""Proposing an offer in Chromium, as a host does with a posting file: at most 4 pages and one
e-mail from /publier/ to a submitted offer, at 375 and 1280 px, axe-clean; a moderator approves
the organisation with its offer; the person signs in by link and edits it. And a person of an
organisation already on the board asks to join it; a member agrees."""

import time

import pytest
from django.contrib.auth import get_user_model

from offers.models import Offer, OfferStatus
from organisations.models import Organisation
from tests.alerts.conftest import link_path, text_part
from tests.browser.admin_login import log_in
from tests.factories import OrganisationFactory, moderator, publisher
from tests.offers.importer.documents import pdf
from tests.publishing.conftest import PAST_DEADLINE_POSTING

from .test_alerts import axe_violations
from .test_student_experience import new_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def wait_for_message(inbox, count: int, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while len(inbox.messages) < count:
        assert time.monotonic() < deadline, f"{len(inbox.messages)} e-mail(s), {count} expected"
        time.sleep(0.1)
    return inbox.messages[count - 1]


def propose_with_a_pdf(page, live_server, email: str, organisation: str):
    page.goto(live_server.url + "/publier/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "annonce.pdf",
                "mimeType": "application/pdf",
                "buffer": pdf(PAST_DEADLINE_POSTING),
            }
        ],
    )
    page.fill("#id_name", "Camille Durand")
    page.fill("#id_email", email)
    page.fill("#id_organisation_name", organisation)
    page.fill("#id_organisation_city", "Nantes")
    page.fill("#id_organisation_website", "atelier.example")
    page.click("button >> text=Recevoir le lien de vérification")
    page.wait_for_load_state()
    assert "/publier/envoye/" in page.url, page.inner_text("main")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_new_organisation_posts_a_pdf_is_approved_and_edits_by_link(
    live_server,
    browser,
    smtp,
    width,
):
    moderator(username="moderatrice", email="moderation@participe.example")
    page = new_page(browser, width)
    pages = []
    page.on("framenavigated", lambda frame: frame.parent_frame is None and pages.append(frame.url))

    propose_with_a_pdf(page, live_server, "camille@atelier.example", "Atelier Citoyen Nouveau")
    assert axe_violations(page) == ""
    verification = wait_for_message(smtp, 1)
    assert verification["To"] == "camille@atelier.example"
    assert not get_user_model().objects.filter(email="camille@atelier.example").exists()

    page.goto(live_server.url + link_path(text_part(verification), "/publier/verifier/"))
    warnings = page.inner_text("#publish-warnings")
    assert "précède aujourd" in warnings  # the posting's deadline is past
    assert "Nouvelle organisation" not in warnings  # the moderators' words
    assert "Candidatures avant le 15 janvier 2020" in page.inner_text("#publish-facts")
    assert axe_violations(page) == ""
    page.click("button >> text=Soumettre à modération")
    page.wait_for_selector("h1 >> text=Offre soumise")
    assert axe_violations(page) == ""
    if width < 800:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The form, "check your inbox", the review, the submitted offer: 4 pages, 1 e-mail read.
    assert len(pages) <= 4, pages
    # One e-mail read on the way: the verification (the acknowledgement comes after).
    assert [m["To"] for m in smtp.messages[:1]] == ["camille@atelier.example"]
    offer = Offer.objects.get()
    assert offer.status == OfferStatus.SUBMITTED
    wait_for_message(smtp, 3)  # the acknowledgement and the moderators' notice
    assert page.external_requests == []

    # One review: the moderator reads that the organisation is new, and publishes the offer.
    moderatrice = log_in(browser, live_server, "moderatrice", width)
    moderatrice.goto(f"{live_server.url}/admin/offers/offer/{offer.pk}/change/")
    assert "Nouvelle organisation, pas encore vérifiée" in moderatrice.inner_text("#content")
    moderatrice.goto(f"{live_server.url}/admin/offers/offer/")
    moderatrice.check("#result_list tbody tr:first-child input.action-select")
    moderatrice.select_option("select[name=action]", "publish_selected")
    moderatrice.click("button[name=index]")
    moderatrice.wait_for_selector("text=Publier : 1 offre(s).")
    assert Organisation.objects.get().verified

    # The person signs in with a link sent to the address, and edits the offer.
    person = new_page(browser, width)
    person.goto(live_server.url + "/connexion/")
    assert axe_violations(person) == ""
    person.fill("#id_email", "camille@atelier.example")
    person.click("button >> text=Recevoir le lien de connexion")
    person.wait_for_url("**/connexion/envoye/")
    signin = wait_for_message(smtp, 5)  # after the decision's e-mail
    assert signin["To"] == "camille@atelier.example"
    person.goto(live_server.url + link_path(text_part(signin), "/connexion/lien/"))
    person.click("button >> text=Me connecter")
    person.wait_for_selector("#user-tools")
    person.goto(f"{live_server.url}/admin/offers/offer/{offer.pk}/change/")
    person.fill("#id_title", "Chargé.e de mission participation citoyenne")
    person.click("input[name=_continue]")
    person.wait_for_selector(".messagelist .success")
    offer.refresh_from_db()
    assert offer.title == "Chargé.e de mission participation citoyenne"


def test_a_person_of_an_organisation_on_the_board_asks_to_join_and_a_member_agrees(
    live_server,
    browser,
    smtp,
):
    organisation = OrganisationFactory(name="Atelier Citoyen Nouveau", slug="atelier")
    publisher(organisation, username="membre", email="membre@atelier.example")
    page = new_page(browser, 375)
    propose_with_a_pdf(page, live_server, "camille@atelier.example", "Atelier Citoyen Nouveau")
    page.goto(live_server.url + link_path(text_part(wait_for_message(smtp, 1)), "/publier/"))
    assert "ne fait pas partie des membres" in page.inner_text("main")
    assert axe_violations(page) == ""
    page.click("button >> text=Demander à rejoindre")
    page.wait_for_selector("text=a été envoyée à ses membres")
    assert not Offer.objects.exists()

    asked = wait_for_message(smtp, 2)
    assert asked["To"] == "membre@atelier.example"
    member = new_page(browser, 375)
    member.goto(live_server.url + link_path(text_part(asked), "/publier/rejoindre/"))
    assert axe_violations(member) == ""
    member.click("button >> text=Accepter la demande")
    member.wait_for_selector("text=déjà acceptée")

    accepted = wait_for_message(smtp, 3)
    page.goto(live_server.url + link_path(text_part(accepted), "/publier/verifier/"))
    page.click("button >> text=Soumettre à modération")
    page.wait_for_selector("h1 >> text=Offre soumise")
    offer = Offer.objects.get()
    assert offer.organisation == organisation and offer.status == OfferStatus.SUBMITTED
