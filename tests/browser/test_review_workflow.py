"""The whole review workflow in a real browser: publisher, moderator, publisher, moderator, student.

Chromium is the system's (/usr/bin/chromium), driven by Playwright against pytest-django's
live server.
"""

import os

import pytest

from offers.models import Offer, OfferStatus
from tests.browser.admin_login import log_in
from tests.factories import ContactFactory, OrganisationFactory, moderator, publisher

# Playwright's sync API runs an event loop in this thread; the ORM calls here are sequential.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    # The groups come from a data migration: restore them, since the live server needs a
    # transactional database, which is emptied around the test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TITLE = "Médiation scientifique autour de l'eau"


def pick_contact(page, row, name):
    # The contacts are an inline of the offer (offers.admin_forms.ContactInline).
    page.select_option(f"#id_Offer_contacts-{row}-contact", label=name)


def test_publish_reject_fix_resubmit_publish_then_a_student_sees_it(live_server, browser):
    organisation = OrganisationFactory(name="Kimiyo", slug="kimiyo")
    ContactFactory(organisation=organisation, name="Renaud Sorot", email="renaud@kimiyo.test")
    ContactFactory(organisation=organisation, name="Sandra Hernandez", email="sandra@kimiyo.test")
    publisher(organisation, username="publieur")
    moderator(username="moderatrice")

    # The publisher writes a draft with two contacts and an application deadline, and submits it.
    author = log_in(browser, live_server, "publieur")
    author.goto(f"{live_server.url}/admin/offers/offer/add/")
    author.fill("#id_title", TITLE)
    author.fill("#id_city", "Grenoble")
    author.fill("#id_duration_min_months", "4")
    author.fill("#id_duration_max_months", "4")
    author.fill("#id_description", "Animer des ateliers autour de l'eau.")
    pick_contact(author, 0, "Renaud Sorot")
    author.click("#Offer_contacts-group .add-row a")
    pick_contact(author, 1, "Sandra Hernandez")
    author.fill("#id_application_deadline", "15 juin 2031")
    author.click("input[name=_continue]")
    author.wait_for_selector(".messagelist .success")
    # The server made the address from the title: nobody typed a slug.
    offer = Offer.objects.get(slug="mediation-scientifique-autour-de-leau")
    assert offer.status == OfferStatus.DRAFT
    assert offer.contacts.count() == 2 and offer.deadlines.get().date.year == 2031
    author.click("button[value=submit]")
    author.wait_for_selector("text=Nouveau statut : Soumise à modération.")

    # The moderator rejects it, with a reason.
    moderatrice = log_in(browser, live_server, "moderatrice")
    moderatrice.goto(f"{live_server.url}/admin/offers/offer/")
    moderatrice.click(f'a:has-text("{TITLE}")')
    moderatrice.click("a:has-text('Refuser')")
    moderatrice.fill("#id_reason", "Indiquez la gratification prévue.")
    moderatrice.click("#reject_form input[type=submit]")
    moderatrice.wait_for_selector(".rejection-reason")

    # The publisher reads the reason, corrects the offer and submits it again.
    author.goto(f"{live_server.url}/admin/offers/offer/{offer.pk}/change/")
    assert "Indiquez la gratification prévue." in author.inner_text(".rejection-reason")
    author.fill("#id_stipend_amount", "4,35")
    author.select_option("#id_stipend_unit", "hour")
    author.click("input[name=_continue]")
    author.wait_for_selector(".messagelist .success")
    author.click("button[value=submit]")
    author.wait_for_selector("text=Nouveau statut : Soumise à modération.")

    # The moderator publishes it from the queue, where it comes first.
    moderatrice.goto(f"{live_server.url}/admin/offers/offer/")
    moderatrice.check("#result_list tbody tr:first-child input.action-select")
    moderatrice.select_option("select[name=action]", "publish_selected")
    moderatrice.click("button[name=index]")
    moderatrice.wait_for_selector("text=Publier : 1 offre(s).")

    # A student finds it on the board.
    student = browser.new_context(locale="fr-FR").new_page()
    student.goto(f"{live_server.url}/")
    assert TITLE in student.content()
    student.click(f'a:has-text("{TITLE}")')
    assert "renaud@kimiyo.test" in student.content()
    assert "15 juin 2031" in student.content()

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert list(offer.transitions.values_list("to_status", flat=True)) == [
        "submitted",
        "rejected",
        "submitted",
        "published",
    ]
