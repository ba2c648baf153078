"""A source in a real browser: a moderator adds it, runs it from the admin, reviews a draft
beside its original, submits and publishes it; the offer page credits the source."""

import os

import pytest

from offers.models import Offer, OfferStatus
from sources.models import Source
from tests.browser.admin_login import log_in
from tests.factories import moderator
from tests.sources.conftest import local_sources, only_loopback, site  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ORIGINAL = "/offres/stage-charge-de-mission-concertation-citoyenne/"


def test_add_run_review_beside_the_original_publish_credit(live_server, browser, site):  # noqa: F811
    moderator(username="moderatrice")
    page = log_in(browser, live_server, "moderatrice")

    # The moderator adds the institute's job board feed.
    page.goto(f"{live_server.url}/admin/sources/source/add/")
    page.fill("#id_name", "Institut de la participation")
    page.fill("#id_address", site.url("/wordpress_jobs.rss"))
    page.select_option("#id_kind", "feed")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Source.objects.get().skip_review is False

    # Runs it now: three drafts, and the run in the list.
    page.check("#result_list tbody tr:first-child input.action-select")
    page.select_option("select[name=action]", "run_now")
    page.click("button[name=index]")
    page.wait_for_selector("text=Institut de la participation : 3 créée(s)")
    assert "3 créée(s)" in page.inner_text("#result_list")

    # Reviews a draft beside its original: the draft's fields with the posting's words, and the
    # original page, opened from the review.
    offer = Offer.objects.get(source_url=site.url(ORIGINAL))
    assert offer.status == OfferStatus.DRAFT
    page.goto(f"{live_server.url}/admin/offers/offer/{offer.pk}/import/")
    page.wait_for_selector("#import-fields")
    assert "Agence Traverses" in page.inner_text("#import-fields")
    link = page.locator("#import-original a")
    assert link.get_attribute("href") == site.url(ORIGINAL)
    with page.context.expect_page() as opened:
        link.click()
    original = opened.value
    original.wait_for_load_state()
    assert "Chargé·e de mission concertation citoyenne" in original.inner_text("h1")
    original.close()

    # Submits it (no publisher on the board will), then publishes it.
    page.click("button[value=submit]")
    page.wait_for_selector("text=Nouveau statut : Soumise à modération.")
    page.click("button[value=publish]")
    page.wait_for_selector("text=Nouveau statut : Publiée.")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED

    # A student reads the offer; its page credits the source and links to the original.
    student = browser.new_context(locale="fr-FR").new_page()
    student.goto(f"{live_server.url}{offer.get_absolute_url()}")
    credit = student.locator(".offer__source")
    assert "Institut de la participation" in credit.inner_text()
    assert student.locator("#offer-original").get_attribute("href") == site.url(ORIGINAL)
