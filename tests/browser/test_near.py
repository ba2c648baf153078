"""Near a town on a phone, in Chromium: the `lieu` field's suggestions, the distances, the
remote group, and the same search without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from offers.models import RemoteWork
from tests.browser.test_student_experience import AXE_TAGS, new_page
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def around_lyon():
    OfferFactory(title="Stage à Villeurbanne", city="Villeurbanne", postal_code="69100")
    OfferFactory(title="Stage à Vienne", city="Vienne", postal_code="38200")
    OfferFactory(title="Stage à Grenoble", city="Grenoble", postal_code="38000")
    OfferFactory(
        title="Stage à distance", city="Brest", postal_code="29200", remote=RemoteWork.FULL
    )


def test_near_a_town_on_a_phone(live_server, browser, around_lyon):
    page = new_page(browser, PHONE["width"])
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.click("#filtres > summary")
    field = page.locator("#id_lieu")
    assert field.is_visible()
    # Inside the phone's width, with its label.
    box = field.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.locator("label[for=id_lieu]").inner_text() == "Près de"

    # Suggestions as one types, in the field's datalist.
    field.press_sequentially("Villeur", delay=30)
    first = page.locator("#id_lieu_communes option").first
    expect(first).to_have_attribute("value", "Villeurbanne (69)", timeout=5_000)
    field.fill("Villeurbanne (69)")
    page.locator("#filtres .filters__apply button").first.click()
    page.wait_for_url("**/?*lieu=*")
    # The default radius adds nothing to the address.
    assert "rayon" not in page.url

    # The form sent the sort shown (by deadline): the near ones, then the remote group.
    titles = page.locator(".offer-card__title").all_inner_texts()
    assert sorted(titles[:2]) == ["Stage à Vienne", "Stage à Villeurbanne"]
    assert titles[2:] == ["Stage à distance"]
    # Sorted by distance: the nearest first.
    page.select_option("#id_sort", "distance")
    page.click(".results__sort button")
    page.wait_for_url("**/?*sort=distance*")
    titles = page.locator(".offer-card__title").all_inner_texts()
    assert titles == ["Stage à Villeurbanne", "Stage à Vienne", "Stage à distance"]
    distances = page.locator(".offer-distance").all_inner_texts()
    assert distances == ["moins d'1 km", "27\u00a0km"]
    assert page.locator("h3.offer-group").inner_text() == "Entièrement à distance"
    assert "moins de 30 km de Villeurbanne (69)" in page.locator(".near-notice").inner_text()
    # The first result on the first screen, nothing wider than the phone.
    assert page.locator(".offer-list > li").first.bounding_box()["y"] < PHONE["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    assert page.external_requests == []
    page.context.close()


def test_near_a_postal_code_without_javascript(live_server, browser, around_lyon):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.click("#filtres > summary")
    page.fill("#id_lieu", "69001")
    page.select_option("#id_rayon", "10")
    page.locator("#filtres .filters__apply button").first.click()
    page.wait_for_url("**/?*lieu=69001*")
    titles = page.locator(".offer-card__title").all_inner_texts()
    assert titles == ["Stage à Villeurbanne", "Stage à distance"]
    assert page.locator("#id_rayon").input_value() == "10"
    assert page.locator("#id_lieu").input_value() == "69001"
    context.close()
