"""In a real browser: an alternance posting imported, reviewed and published shows its kind on
the list and in the filter; a CDD posting's review page says it is a job offer."""

import pytest
from django.urls import reverse

from offers import workflow
from offers.models import Offer, OfferKind
from tests.browser.admin_login import log_in
from tests.factories import OrganisationFactory, moderator, publisher
from tests.offers.test_offer_kinds import ALTERNANCE, CDD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def import_posting(page, live_server, text):
    page.goto(live_server.url + reverse("admin:offers_offer_import"))
    page.fill("#id_text", text)
    page.click("input[name=import]")
    page.wait_for_selector("#import-flags, .messagelist .success")


def test_an_imported_alternance_is_listed_and_filtered_as_one_and_a_cdd_said_a_job(
    live_server, browser, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    organisation = OrganisationFactory(name="Asso Lyon", slug="asso-lyon")
    author = publisher(organisation, username="publieur")
    page = log_in(browser, live_server, "publieur")

    import_posting(page, live_server, ALTERNANCE)
    offer = Offer.objects.get()
    assert offer.kind == OfferKind.ALTERNANCE
    # The review page shows the kind read, beside the words it was read from.
    assert "Alternance" in page.inner_text("#field-kind")
    workflow.apply(offer, "submit", by=author)
    workflow.apply(offer, "publish", by=moderator())

    page.goto(f"{live_server.url}/")
    assert "Alternance" in page.inner_text(f"#offer-{offer.pk}, .badge--alternance")
    label = page.locator("label[for]", has_text="Alternance").first
    assert "(1)" in label.inner_text()
    page.goto(f"{live_server.url}/?kind=alternance")
    assert page.get_by_role("checkbox", name="Alternance (1)").is_checked()
    assert page.locator(".badge--alternance").count() == 1

    import_posting(page, live_server, CDD)
    assert "Offre d'emploi (CDD, CDI, vacation…), pas un stage" in page.inner_text("#import-flags")
    assert Offer.objects.get(title__startswith="Médiateur").kind == ""
    page.context.close()
