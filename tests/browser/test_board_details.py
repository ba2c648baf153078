"""The details that make the board feel right, in Chromium at a phone's 375 × 740 px: the first
result on the first screen after a search, "Créer une alerte" beside the count, the saved
offers' facts, the address to copy beside "Postuler", a sort control that fits."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import test_student_experience as journey
from tests.browser.test_student_experience import TITLE, new_page, phone_page
from tests.factories import DeadlineFactory, OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SCREEN = 740
# The journey's board: the 28 seed postings and one open offer with a contact and a deadline.
board = journey.board


def first_screen_facts(page):
    first = page.locator(".offer-list > li").first
    title = first.locator(".offer-card__title")
    return first.bounding_box(), title.bounding_box()


@pytest.mark.parametrize(
    "search",
    [
        # The case: a filter chip and the closed-offers notice above the results.
        "/?kind=stage&region=84&status=toutes",
        "/?q=concertation&kind=stage",
    ],
)
def test_the_first_result_is_whole_on_a_phones_first_screen(live_server, browser, board, search):
    page = phone_page(browser)
    page.goto(live_server.url + search)
    card, title = first_screen_facts(page)
    # Not a sliver at the bottom: the card's title is read on the first screen, whole.
    assert title["y"] + title["height"] <= SCREEN, (card, title)
    assert card["y"] < SCREEN - 150
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.external_requests == []


def alert_beside_the_count(page):
    """The "Créer une alerte" link, on the same row as the count of results, after it."""
    count = page.locator(".results__count").bounding_box()
    alert = page.locator(".results__bar a.results__alert")
    assert alert.inner_text() == "Créer une alerte"
    box = alert.bounding_box()
    assert abs((box["y"] + box["height"] / 2) - (count["y"] + count["height"] / 2)) < 12
    assert box["x"] > count["x"] + count["width"]
    return alert, box


def test_créer_une_alerte_sits_beside_the_count_and_opens_the_alert(live_server, browser, board):
    page = phone_page(browser)
    page.goto(live_server.url + "/?kind=stage&q=concertation")
    alert, box = alert_beside_the_count(page)
    # On the first screen.
    assert box["y"] + box["height"] <= SCREEN
    alert.click()
    # The alert's form, open, with the cursor in its e-mail field, for this very search.
    expect(page.locator("#alert-email")).to_be_focused()
    assert page.locator("details.alert-subscribe").get_attribute("open") is not None
    search = page.locator("#alerte input[name=search]").input_value()
    assert "kind=stage" in search and "q=concertation" in search
    assert page.locator("#alert-email").is_visible()


def test_créer_une_alerte_works_without_javascript(live_server, browser, board):
    context = browser.new_context(
        viewport={"width": 375, "height": SCREEN}, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/?kind=stage")
    page.click("a.results__alert")
    page.wait_for_url("**#alerte")
    # The browser opens the <details> holding the fragment (Chromium and Firefox do).
    assert page.locator("details.alert-subscribe").get_attribute("open") is not None
    assert page.locator("#alert-email").is_visible()
    context.close()


def test_every_list_has_créer_une_alerte(live_server, browser, board):
    page = phone_page(browser)
    for search in ("/", "/?kind=stage", "/?q=zzzzzzzz", "/?kind=stage&page=2"):
        page.goto(live_server.url + search)
        assert page.locator("a.results__alert").count() == 1, search
        assert page.locator("#alerte").count() == 1, search


def test_the_organisation_page_has_créer_une_alerte_beside_its_count(live_server, browser, board):
    page = phone_page(browser)
    page.goto(live_server.url + "/organisations/mairie-de-lyon/")
    alert, _box = alert_beside_the_count(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    alert.click()
    expect(page.locator("#alert-email")).to_be_focused()
    search = page.locator("#alerte input[name=search]").input_value()
    assert search == "organisation=mairie-de-lyon"
    assert page.external_requests == []


def test_the_saved_page_says_the_deadline_and_whether_applications_are_open(
    live_server, browser, board
):
    organisation = OrganisationFactory(name="Ville de Rennes")
    past = OfferFactory(organisation=organisation, title="Stage d'hier", slug="stage-hier")
    DeadlineFactory(offer=past, date=datetime.date(2023, 3, 1))
    today = timezone.localdate()
    page = phone_page(browser)
    for offer_url in (board.get_absolute_url(), past.get_absolute_url()):
        page.goto(live_server.url + offer_url)
        page.click(".offer__header [data-save-slug]")
    page.goto(live_server.url + "/offres-sauvegardees/")
    items = page.locator("[data-saved-items] > li")
    expect(items.locator(".saved__facts")).to_have_count(2)
    open_item = page.locator("[data-saved-slug=concertation-climat]")
    closed_item = page.locator("[data-saved-slug=stage-hier]")
    facts = open_item.locator(".saved__facts").inner_text()
    assert "Candidatures ouvertes" in facts
    deadline = today + datetime.timedelta(days=10)
    assert f"{deadline.year}" in facts and "(il reste 10 jours)" in facts
    assert "Date limite de candidature\u00a0:" in facts
    closed = closed_item.locator(".saved__facts").inner_text()
    assert "Candidatures closes" in closed and "1er mars 2023" in closed
    # Reminders only for the deadline to come.
    assert open_item.locator(".saved__links a").count() == 2
    assert closed_item.locator(".saved__links").count() == 0
    expect(page.locator("[data-saved-calendar]")).to_be_visible()
    # A screen reader hears which offer a "Retirer" removes.
    remove = closed_item.locator("button")
    assert remove.get_attribute("aria-label") == "Retirer\u00a0: Stage d'hier"
    assert page.external_requests == []


def test_the_saved_page_offers_no_reminder_when_every_deadline_is_past(live_server, browser, seed):
    past = OfferFactory(title="Stage d'hier", slug="stage-hier")
    DeadlineFactory(offer=past, date=datetime.date(2023, 3, 1))
    page = phone_page(browser)
    page.goto(live_server.url + past.get_absolute_url())
    page.click(".offer__header [data-save-slug]")
    page.goto(live_server.url + "/offres-sauvegardees/")
    expect(page.locator(".saved__facts")).to_have_count(1)
    assert page.locator("[data-saved-calendar]").is_hidden()
    assert page.locator(".saved__links").count() == 0


def test_the_address_beside_postuler_copies_and_stays_selectable(live_server, browser, board):
    page = phone_page(browser)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + board.get_absolute_url())
    address = page.locator(".apply-address__email")
    assert address.inner_text() == "stages@lyon.test"
    assert address.bounding_box()["y"] < SCREEN
    copy = page.locator(".apply-address button[data-copy]")
    assert copy.inner_text() == "Copier l'adresse"
    copy.click()
    expect(page.locator("[data-announcer]")).to_have_text("Adresse copiée.")
    assert page.evaluate("navigator.clipboard.readText()") == "stages@lyon.test"
    # The page never names the imported file the offer came from.
    assert ".txt" not in page.locator("main").inner_text()
    page.context.close()

    context = browser.new_context(
        viewport={"width": 375, "height": SCREEN}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + board.get_absolute_url())
    # Without JavaScript: no button that would do nothing, the address as text.
    assert page.locator(".apply-address button").is_hidden()
    assert page.locator(".apply-address__email").inner_text() == "stages@lyon.test"
    context.close()


def test_the_sort_control_shows_its_whole_choice_and_the_start_chip_a_month(
    live_server, browser, board
):
    for width in (320, 375, 1280):
        page = new_page(browser, width)
        page.goto(live_server.url + "/?debut=2026-09&q=concertation")
        select = page.locator("#id_sort")
        for value in ("date-limite", "recentes", "pertinence"):
            select.select_option(value)
            # The chosen option's text, measured in the select's own font, fits inside it.
            fits = page.evaluate(
                """() => {
                  const select = document.getElementById("id_sort");
                  const style = getComputedStyle(select);
                  const canvas = document.createElement("canvas").getContext("2d");
                  canvas.font = style.font;
                  const text = select.options[select.selectedIndex].text;
                  const room = select.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight) - 16;
                  return [canvas.measureText(text).width, room];
                }"""
            )
            assert fits[0] <= fits[1], (width, value, fits)
        chips = page.locator(".active-filters .chip").all_inner_texts()
        assert any("septembre 2026" in chip for chip in chips), chips
        assert not any("2026-09" in chip for chip in chips)
        page.context.close()


def test_the_offer_page_says_until_when_applications_are_open(live_server, browser, board):
    page = phone_page(browser)
    page.goto(live_server.url + board.get_absolute_url())
    status = page.locator(".offer__status").inner_text()
    assert status.startswith("Candidatures ouvertes jusqu'au")
    assert "(il reste 10 jours)" in status
    assert "plus que" not in status
    assert TITLE in page.locator("h1").inner_text()
