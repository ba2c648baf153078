"""A student's side of the board in Chromium: the journey, the keyboard, the languages, axe-core.

The screenshots the README shows are written here, to docs/screenshots/.
"""

import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from playwright.sync_api import expect

from offers import board as seam
from tests.factories import ContactFactory, DeadlineFactory, OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
WIDTHS = {"desktop": 1280, "mobile": 375}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
TITLE = "Chargée de concertation sur le climat"


@pytest.fixture
def board(seed):
    """The 28 seed postings (all closed) and one open offer with a contact and a deadline."""
    organisation = OrganisationFactory(name="Mairie de Lyon", slug="mairie-de-lyon")
    offer = OfferFactory(
        organisation=organisation,
        title=TITLE,
        slug="concertation-climat",
        stipend_amount=Decimal("700"),
        stipend_unit="month",
        description="## Missions\n\n- Animer des ateliers citoyens\n- Rédiger les synthèses",
    )
    offer.contacts.add(ContactFactory(organisation=organisation, email="stages@lyon.test"))
    DeadlineFactory(offer=offer, date=timezone.localdate() + datetime.timedelta(days=10))
    return offer


def new_page(browser, width: int, language: str = "fr-FR"):
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 800 else 812},
        locale=language,
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # The board makes no request to any other site: any attempt fails the test.
    external = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if not request.url.startswith(("http://localhost", "data:"))
            else None
        ),
    )
    page.external_requests = external
    return page


def test_student_journey_list_filter_offer_mail_calendar_save(live_server, browser, board):
    page = new_page(browser, 1280)
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Offres de stage et de service civique"

    # Filter: open stages only, without JavaScript's help (the form is submitted).
    page.check("input[type=checkbox][name=kind][value=stage]")
    page.select_option("#id_status", "ouvertes")
    page.click("form[method=get] button[type=submit] >> text=Afficher les offres")
    page.wait_for_url("**/?*kind=stage*")
    assert page.locator(".results__count").inner_text().strip() == "1 offre"

    page.click(f"text={TITLE}")
    page.wait_for_url("**/offres/concertation-climat/")
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator('a[href="mailto:stages@lyon.test"]').is_visible()

    with page.expect_download() as download_info:
        page.click("text=Ajouter ces dates à mon agenda (.ics)")
    calendar = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    events = [event for event in calendar.walk("VEVENT")]
    assert events and TITLE in str(events[0]["SUMMARY"])

    # On paper: the offer without the site's header, footer and buttons.
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator("h1").is_visible()
    assert page.locator(".key-facts").is_visible()
    page.emulate_media(media="screen")

    save = page.locator('[data-save-slug="concertation-climat"]')
    assert save.get_attribute("aria-pressed") == "false"
    save.click()
    assert save.get_attribute("aria-pressed") == "true"
    # expect() polls from Playwright's own world: the page's CSP forbids eval'd predicates.
    expect(page.locator("[data-announcer]")).to_contain_text("sauvegardée")

    page.click(".site-nav >> text=Offres sauvegardées")
    page.wait_for_url("**/offres-sauvegardees/")
    # The offer's own link (its calendar links sit in a list of their own).
    saved = page.locator("[data-saved-items] > li > a")
    assert saved.count() == 1 and saved.first.inner_text() == TITLE
    assert page.locator("[data-saved-nojs]").is_hidden()

    page.click("[data-saved-items] button")
    assert page.locator("[data-saved-items] > li > a").count() == 0
    assert page.locator("[data-saved-empty]").is_visible()
    assert page.external_requests == []


def test_filters_with_the_keyboard_alone(live_server, browser, board):
    page = new_page(browser, 1280)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"

    def tab_to(selector: str, limit: int = 40):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                # The focus is visible: an outline drawn around the element.
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", selector
                return
        raise AssertionError(f"{selector} never received the focus")

    tab_to("#id_q")
    page.keyboard.type("concertation")
    tab_to("input[type=checkbox][name=kind][value=stage]")
    page.keyboard.press("Space")
    tab_to("#id_remote")
    page.keyboard.press("Space")
    assert page.is_checked("#id_remote")
    page.keyboard.press("Space")
    tab_to(".filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?*q=concertation*")
    assert "kind=stage" in page.url
    assert page.is_checked("input[type=checkbox][name=kind][value=stage]")


def test_switching_language_keeps_the_page_and_the_filters(live_server, browser, board):
    page = new_page(browser, 375)
    page.goto(live_server.url + "/?kind=stage&sort=recentes")
    assert page.get_attribute("html", "lang") == "fr"
    page.click(".language-switcher button")
    page.wait_for_load_state()
    assert page.url == live_server.url + "/?kind=stage&sort=recentes"
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Internship and civic service offers"
    assert page.is_checked("input[type=checkbox][name=kind][value=stage]")
    # The posting's own words stay French, and say so.
    assert page.locator(".offer-card__title").first.get_attribute("lang") == "fr"
    page.click(".language-switcher button")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "fr"


def test_axe_finds_no_violation_on_any_public_page_at_both_widths(live_server, browser, board):
    pages = {
        "list": "/",
        "filtered": "/?kind=stage&region=84&status=toutes&remote=on",
        "offer": board.get_absolute_url(),
        "organisation": board.organisation.get_absolute_url(),
        "saved": "/offres-sauvegardees/",
        "404": "/offres/nulle-part/",
        "accessibility": "/accessibilite/",
    }
    axe = Axe()
    report = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for device, width in WIDTHS.items():
        page = new_page(browser, width)
        # One saved offer, so that the saved page shows its list.
        page.goto(live_server.url + board.get_absolute_url())
        page.click('[data-save-slug="concertation-climat"]')
        for name, path in pages.items():
            page.goto(live_server.url + path)
            page.wait_for_load_state("load")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                report.append(f"{name} at {width}px:\n{results.generate_report()}")
            if name in {"list", "offer", "saved"}:
                page.screenshot(path=SCREENSHOTS / f"{name}-{device}.png")
        assert page.external_requests == []
        page.context.close()
    # The English interface too, on the pages whose text changes most.
    page = new_page(browser, WIDTHS["mobile"])
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for name in ("filtered", "offer", "saved"):
        page.goto(live_server.url + pages[name])
        assert page.get_attribute("html", "lang") == "en"
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if results.violations_count:
            report.append(f"{name} in English:\n{results.generate_report()}")
    page.context.close()
    assert report == [], "\n".join(report)


# Issue 16, the students' items 1, 2 and 6, at both widths.


def phone_page(browser, width: int = 375, height: int = 740):
    page = new_page(browser, width)
    page.set_viewport_size({"width": width, "height": height})
    return page


def empty_parameters(url: str) -> list[str]:
    query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    return [name for name, value in query if not value]


def test_after_a_search_the_first_result_is_on_a_phones_first_screen(live_server, browser, board):
    page = phone_page(browser)
    page.goto(live_server.url + board.get_absolute_url())
    # A compact header (it was 270 px high): two rows, the search beside the site's name.
    assert page.locator(".site-header").bounding_box()["height"] < 110
    page.fill("#site-search-q", "concertation")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/?q=concertation")
    assert empty_parameters(page.url) == []
    first = page.locator(".offer-list > li").first
    assert first.bounding_box()["y"] < 740
    assert first.is_visible() and TITLE in first.inner_text()
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The filters wait folded, with their count; the number of results and the sort are shown.
    filters = page.locator("details#filtres")
    assert filters.get_attribute("open") is None
    assert page.locator("#filtres > summary").inner_text().startswith("Filtrer (0)")
    found = seam.matching(seam.read(QueryDict("q=concertation"))).count()
    assert found > 1
    assert page.locator(".results__count").inner_text().strip() == f"{found} offres"
    assert page.locator("#id_sort").is_visible()

    # Unfolded, the filters apply from a button at their top, without scrolling to the end.
    page.click("#filtres > summary")
    page.check("#filtres input[type=checkbox][name=kind][value=stage]")
    apply = page.locator("#filtres .filters__apply button").first
    assert apply.bounding_box()["y"] < 740
    apply.click()
    page.wait_for_url("**/?*kind=stage*")
    assert empty_parameters(page.url) == []
    assert "q=concertation" in page.url
    assert page.locator("#filtres > summary").inner_text().startswith("Filtrer (1)")
    assert page.locator(".offer-list > li").first.bounding_box()["y"] < 740
    page.screenshot(path=SCREENSHOTS / "search-mobile.png")

    # The skip link, second stop of the keyboard, lands on the results.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#resultats"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "resultats"
    assert page.external_requests == []


def test_the_header_search_keeps_the_filters_on_a_wide_screen(live_server, browser, board):
    page = new_page(browser, 1280)
    page.goto(live_server.url + "/?kind=stage&q=climat&region=")
    # Beside the results, the filters are open.
    assert page.locator("details#filtres").get_attribute("open") is not None
    page.fill("#site-search-q", "concertation")
    page.click(".site-search button")
    page.wait_for_url("**/?*q=concertation*")
    assert "kind=stage" in page.url and "climat" not in page.url
    assert empty_parameters(page.url) == []
    assert page.is_checked("#filtres input[type=checkbox][name=kind][value=stage]")
    assert page.input_value("#id_q") == "concertation"


def test_postuler_is_near_the_top_and_writes_to_the_contact(live_server, browser, board):
    for width in WIDTHS.values():
        page = phone_page(browser, width, 740 if width < 800 else 900)
        page.goto(live_server.url + board.get_absolute_url())
        apply = page.locator(".offer__header a.apply-button")
        assert apply.inner_text() == "Postuler"
        assert apply.get_attribute("href") == (
            "mailto:stages@lyon.test?subject=Charg%C3%A9e%20de%20concertation%20sur%20le%20climat"
        )
        assert apply.bounding_box()["y"] + apply.bounding_box()["height"] < 740
        assert page.locator(".offer__published").inner_text().startswith("Publiée le")
        # The contacts, one link away.
        page.click(".offer__header a[href='#candidater']")
        contact = page.locator('#candidater a[href="mailto:stages@lyon.test"]')
        assert contact.is_visible()
        box = contact.bounding_box()
        assert 0 <= box["y"] < page.viewport_size["height"]
        page.context.close()


def test_the_header_stays_put_when_the_saved_counter_changes(live_server, browser, board):
    for width in WIDTHS.values():
        page = new_page(browser, width)
        page.goto(live_server.url + board.get_absolute_url())
        header = page.locator(".site-header").bounding_box()
        links = [link.bounding_box() for link in page.locator(".site-nav a").all()]
        page.click('[data-save-slug="concertation-climat"]')
        expect(page.locator("[data-saved-count]").first).to_have_text("(1)")
        assert page.locator(".site-header").bounding_box() == header
        assert [link.bounding_box() for link in page.locator(".site-nav a").all()] == links
        page.context.close()
