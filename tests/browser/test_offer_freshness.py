"""In Chromium: the offer form's live description preview, and a deadline reminder's link
answered on a phone (confirmation page, one button, axe-clean)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from offers import freshness
from offers.models import DeadlineReminder, Offer
from tests.browser.admin_login import log_in
from tests.factories import DeadlineFactory, OfferFactory, OrganisationFactory, publisher

from .test_alerts import axe_violations
from .test_student_experience import new_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = 375


def test_the_description_preview_follows_the_typing(live_server, browser):
    publisher(OrganisationFactory(name="Kimiyo", slug="kimiyo"), username="publieur")
    page = log_in(browser, live_server, "publieur", width=1280)
    page.goto(f"{live_server.url}/admin/offers/offer/add/")
    # The dates come first, the posting's wordings wait behind their disclosure.
    expect(page.locator("#id_application_deadline")).to_be_visible()
    expect(page.locator("#id_place_wording")).to_be_hidden()
    page.click("summary >> text=Préciser avec les mots de l'annonce")
    expect(page.locator("#id_place_wording")).to_be_visible()

    page.fill("#id_description", "Missions :\n• animer des ateliers\n• rédiger les synthèses")
    preview = page.locator(".description-preview__body")
    expect(preview.locator("li")).to_have_count(2)
    expect(preview.locator("li").first).to_have_text("animer des ateliers")
    assert axe_violations(page) == ""


def test_a_reminder_link_answered_on_a_phone(live_server, browser):
    organisation = OrganisationFactory(name="Ville de Rennes")
    member = publisher(organisation, username="autrice", email="autrice@example.org")
    offer = OfferFactory(organisation=organisation, title="Stage concertation")
    closes = timezone.localdate() + datetime.timedelta(days=7)
    DeadlineFactory(offer=offer, date=closes)
    reminder = DeadlineReminder.objects.create(offer=offer, kind="j-7", closes_on=closes)
    token = freshness.make_token(reminder, member, "pourvue")

    page = new_page(browser, PHONE)
    page.goto(f"{live_server.url}/rappel/{token}/")
    expect(page.locator("h1")).to_have_text("Offre pourvue")
    assert axe_violations(page) == ""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert Offer.objects.get().filled_on is None  # opening the page changed nothing

    page.click("form.reminder-answer button")
    expect(page.locator(".notice")).to_contain_text("marquée comme pourvue")
    assert Offer.objects.get().filled_on == timezone.localdate()
    page.goto(f"{live_server.url}{offer.get_absolute_url()}")
    expect(page.locator(".offer__status")).to_contain_text("Offre pourvue")
    assert axe_violations(page) == ""

    page.goto(f"{live_server.url}/rappel/{token}/")
    expect(page.locator(".notice")).to_contain_text("C'était déjà fait")
    expect(page.locator("form.reminder-answer")).to_have_count(0)
