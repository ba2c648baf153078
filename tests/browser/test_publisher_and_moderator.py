"""The publisher's form and the moderators' queue in Chromium, at 375 and 1280 px, with axe-core.

The admin screenshots the README shows are written here, to docs/screenshots/.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone

from offers import workflow
from offers.models import Offer, OfferStatus
from tests.browser.admin_login import log_in
from tests.factories import (
    ContactFactory,
    DraftOfferFactory,
    OfferFactory,
    OrganisationFactory,
    SubmittedOfferFactory,
    moderator,
    publisher,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
WIDTHS = {"desktop": 1280, "mobile": 375}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]


def scrolls_sideways(page, selector="html") -> bool:
    return page.eval_on_selector(selector, "e => e.scrollWidth > e.clientWidth + 1")


@pytest.fixture
def kimiyo():
    organisation = OrganisationFactory(name="Kimiyo", slug="kimiyo")
    ContactFactory(organisation=organisation, name="Renaud Sorot", email="renaud@kimiyo.test")
    publisher(organisation, username="publieur")
    moderator(username="moderatrice")
    return organisation


@pytest.mark.parametrize("device", WIDTHS)
def test_a_publisher_posts_an_offer_in_their_own_words(live_server, browser, kimiyo, device):
    page = log_in(browser, live_server, "publieur", WIDTHS[device])
    page.goto(f"{live_server.url}/admin/offers/offer/add/")
    # The form reads like a posting, with no slug to invent.
    legends = page.locator("fieldset h2").all_text_contents()
    assert [t.strip() for t in legends[:7]] == [
        "L'offre",
        "Dates et durée",
        "Lieu",
        "Conditions",
        "Candidature",
        "Préciser avec les mots de l'annonce",
        "Description",
    ]
    assert page.locator("#id_slug").count() == 0
    assert page.locator("#id_country option").first.inner_text() == "France"
    # The organisation is filled in for a publisher of one organisation.
    assert page.input_value("#id_organisation") == str(kimiyo.pk)

    page.fill("#id_title", "Stage")
    page.fill("#id_city", "Marseille")
    page.fill("#id_stipend_amount", "4,50")
    page.select_option("#id_stipend_unit", "hour")
    page.fill("#id_description", "Animer des ateliers de concertation.")
    # A new contact typed in the offer; the organisation is the offer's.
    page.fill("#id_Offer_contacts-0-name", "Sandra Hernandez")
    page.fill("#id_Offer_contacts-0-email", "sandra@kimiyo.test")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=SCREENSHOTS / f"admin-offer-form-{device}.png")
    button = page.locator("input[name=_submit]")
    assert button.get_attribute("value") == "Enregistrer et soumettre à modération"
    button.click()
    page.wait_for_selector(".messagelist .success")
    assert "soumise à modération" in page.inner_text(".messagelist")

    offer = Offer.objects.get(title="Stage")
    assert offer.status == OfferStatus.SUBMITTED and offer.slug == "stage"
    assert offer.stipend_amount == Decimal("4.50")
    [contact] = offer.contacts.all()
    assert (contact.email, contact.organisation_id) == ("sandra@kimiyo.test", kimiyo.pk)

    # The same title again: its own address. Too much money per hour: refused, with a reason.
    page.goto(f"{live_server.url}/admin/offers/offer/add/")
    page.fill("#id_title", "Stage")
    page.fill("#id_stipend_amount", "450")
    page.select_option("#id_stipend_unit", "hour")
    page.click("input[name=_continue]")
    page.wait_for_selector(".errornote")
    assert "Montant improbable" in page.inner_text(".field-stipend_amount")
    page.fill("#id_stipend_amount", "4,50")
    page.click("input[name=_submit]")
    page.wait_for_selector(".messagelist .error")
    # Saved as a draft, and told what is missing before it can go to the moderators.
    assert "Il manque" in page.inner_text(".messagelist")
    assert "une description" in page.inner_text(".missing-for-submission")
    assert Offer.objects.get(title="Stage", status=OfferStatus.DRAFT).slug == "stage-2"
    page.context.close()


def test_the_queue_fits_a_laptop_screen(live_server, browser, kimiyo):
    long_name = OrganisationFactory(name="Communauté d'agglomération du Pays de Saint-Malo")
    for n in range(6):
        SubmittedOfferFactory(
            organisation=long_name if n % 2 else kimiyo,
            title=f"Chargé·e de mission concertation et participation citoyenne {n} "
            "(stage de fin d'études, master 2 science politique ou urbanisme)",
            submitted_at=timezone.now(),
        )
    OfferFactory(organisation=kimiyo, modified_since_approval=True, title="Modifiée en ligne")
    rejected = DraftOfferFactory(organisation=kimiyo, title="Refusée puis corrigée")
    author = kimiyo.memberships.get().user
    mod = moderator(username="moderatrice")
    workflow.apply(rejected, "submit", by=author)
    workflow.apply(rejected, "reject", by=mod, reason="Précisez la durée.")
    workflow.apply(rejected, "submit", by=author)

    page = log_in(browser, live_server, "moderatrice", WIDTHS["desktop"])
    # The admin's home says how many offers wait.
    assert "7 offres attendent une modération" in page.inner_text(".moderation-queue-count")
    page.click(".moderation-queue-count a")
    page.wait_for_selector("#result_list")
    headers = [h.strip() for h in page.locator("#result_list thead th").all_text_contents()]
    assert headers[1:] == ["Intitulé", "Organisation", "Statut", "Soumise le", "Signaux"]
    assert not scrolls_sideways(page) and not scrolls_sideways(page, "#changelist .results")
    for column in ("field-status", "field-submitted_on", "field-flags"):
        box = page.locator(f"#result_list tbody tr:first-child td.{column}").bounding_box()
        assert box["x"] + box["width"] <= WIDTHS["desktop"], column
    assert "déjà refusée" in page.inner_text("#result_list")
    page.screenshot(path=SCREENSHOTS / "admin-queue-desktop.png")
    page.context.close()

    # On a phone, the queue's first column is the title, readable without zooming out.
    page = log_in(browser, live_server, "moderatrice", WIDTHS["mobile"])
    page.goto(f"{live_server.url}/admin/offers/offer/?status__exact=submitted")
    title = page.locator("#result_list tbody tr:first-child th.field-title").bounding_box()
    assert title["x"] < WIDTHS["mobile"]
    page.context.close()


def test_axe_finds_no_violation_on_the_admin_pages_a_publisher_uses(live_server, browser, kimiyo):
    offer = DraftOfferFactory(organisation=kimiyo, title="Médiation scientifique")
    offer.contacts.set(kimiyo.contacts.all())
    pages = {
        "home": "/admin/",
        "changelist": "/admin/offers/offer/",
        "add": "/admin/offers/offer/add/",
        "change": f"/admin/offers/offer/{offer.pk}/change/",
    }
    axe = Axe()
    report = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS.values():
        page = log_in(browser, live_server, "publieur", width)
        for name, path in pages.items():
            page.goto(live_server.url + path)
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                report.append(f"{name} at {width}px:\n{results.generate_report()}")
        page.context.close()
    # The moderators' pages: a published offer and what archiving it would do.
    page = log_in(browser, live_server, "moderatrice", WIDTHS["desktop"])
    OfferFactory(organisation=kimiyo, title="En ligne", slug="en-ligne")
    online = Offer.objects.get(slug="en-ligne")
    for path in (
        "/admin/offers/offer/",
        f"/admin/offers/offer/{online.pk}/change/",
        f"/admin/offers/offer/{online.pk}/confirmer/archive/",
    ):
        page.goto(live_server.url + path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if results.violations_count:
            report.append(f"{path} (moderator):\n{results.generate_report()}")
    page.context.close()
    assert report == [], "\n".join(report)
