"""A real browser under the production CSP: the board and the admin work, nothing is refused."""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model

from tests.factories import OfferFactory

CHROMIUM = os.environ.get("PARTICIPE_CHROMIUM", "/usr/bin/chromium")
pytestmark = [
    pytest.mark.skipif(
        not shutil.which(CHROMIUM), reason=f"no Chromium at {CHROMIUM} (make test installs it)"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Playwright's sync API runs an event loop in this thread; the ORM calls here are plain sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.csp_violations = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and page.csp_violations.append(message.text)
            ),
        )
        page.set_default_timeout(10_000)
        yield page
        browser.close()


def test_public_pages_render_with_their_stylesheet_and_no_csp_violation(live_server, page):
    offer = OfferFactory(title="Médiatrice scientifique", description="## Missions\n\n**Animer**")
    page.goto(live_server.url + "/")
    assert page.locator("text=Médiatrice scientifique").count() >= 1
    # The stylesheet applied: a style-src mistake would leave the page unstyled.
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 0
    page.goto(live_server.url + offer.get_absolute_url())
    assert page.locator(".prose strong").inner_text() == "Animer"
    assert page.csp_violations == []


def test_the_admin_works_under_the_csp(live_server, page):
    get_user_model().objects.create_superuser("moderatrice", "m@example.org", "x-Pass-123")
    organisation = OfferFactory().organisation

    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "moderatrice")
    page.fill("#id_password", "x-Pass-123")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + "/admin/offers/offer/add/")
    # inlines.js adds a contact row: the admin's scripts run.
    page.click("#Offer_contacts-group .add-row a")
    page.fill("#id_Offer_contacts-1-name", "Renaud Sorot")
    assert page.input_value("#id_Offer_contacts-1-name") == "Renaud Sorot"
    # The organisation autocomplete (jQuery, select2, a fetch to the admin) works too.
    page.click("#id_organisation + .select2")
    page.fill(".select2-search__field", organisation.name[:12])
    option = page.locator(".select2-results__option", has_text=organisation.name)
    option.first.wait_for()
    option.first.click()
    assert page.input_value("#id_organisation") == str(organisation.pk)
    assert page.csp_violations == []
