"""In Chromium, on a phone: subscribing from the list, and the saved offers' reminders."""

import datetime

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Frequency, Subscription
from mail.models import OutgoingEmail
from tests.factories import ArchivedOfferFactory, DeadlineFactory, OfferFactory

from .test_student_experience import AXE_TAGS, new_page

# As the other browser tests: a flush without it would break their serialized rollback.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = 375


def axe_violations(page) -> str:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return results.generate_report() if results.violations_count else ""


def test_subscribe_from_the_list_on_a_phone(live_server, browser):
    OfferFactory(title="Stage à Rennes", postal_code="35000", department_code="35")
    page = new_page(browser, PHONE)
    page.goto(live_server.url + "/?departement=35&page=1")
    page.click("summary >> text=Recevoir ces offres par e-mail")
    email = page.locator("#alert-email")
    expect(email).to_be_visible()
    assert email.get_attribute("type") == "email"
    assert axe_violations(page) == ""
    # Nothing sticks out of a 375 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE

    # The browser itself refuses a malformed address (type=email), and nothing is sent.
    email.fill("pas-une-adresse")
    page.click("button >> text=M'abonner")
    assert page.evaluate("document.querySelector('#alert-email').validity.valid") is False
    assert not Subscription.objects.exists()

    email.fill("lea@example.org")
    page.check("input[name=frequency][value=daily]")
    page.click("button >> text=M'abonner")
    page.wait_for_url("**/alertes/abonnement/envoye/")
    assert page.locator("h1").inner_text() == "Vérifiez votre boîte e-mail"
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.querystring, subscription.frequency) == (
        "lea@example.org",
        "departement=35",
        Frequency.DAILY,
    )
    # Queued with the subscription, sent once the request committed (the outbox's path).
    assert [message.to for message in mail.outbox] == [["lea@example.org"]]
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
    assert page.external_requests == []
    page.context.close()


def test_saved_offers_show_an_offline_offer_and_the_reminders(live_server, browser):
    online = OfferFactory(title="Stage concertation", slug="stage-concertation")
    DeadlineFactory(offer=online, date=timezone.localdate() + datetime.timedelta(days=20))
    gone = ArchivedOfferFactory(title="Stage retiré", slug="stage-retire")
    page = new_page(browser, PHONE)
    page.goto(live_server.url + "/offres-sauvegardees/")
    saved = [
        {
            "slug": offer.slug,
            "title": offer.title,
            "url": offer.get_absolute_url(),
            "organisation": "X",
        }
        for offer in (online, gone)
    ]
    page.evaluate("items => localStorage.setItem('participe.saved', JSON.stringify(items))", saved)
    page.reload()

    offline = page.locator('[data-saved-slug="stage-retire"]')
    expect(offline).to_contain_text("Cette offre n'est plus en ligne")
    assert offline.locator("a").count() == 0, "no link to a 404"
    still = page.locator('[data-saved-slug="stage-concertation"]')
    expect(still.locator("a >> text=Ajouter à Google Agenda")).to_be_visible()
    assert still.locator("a >> text=Échéances (.ics)").get_attribute("href") == (
        "/offres/stage-concertation/calendrier.ics"
    )

    calendar = page.locator("[data-saved-calendar]")
    expect(calendar).to_be_visible()
    https = page.input_value("[data-calendar-https]")
    assert https.startswith(live_server.url + "/alertes/rappels/")
    webcal = calendar.locator("[data-calendar-webcal]").get_attribute("href")
    assert webcal == "webcal://" + https.split("://", 1)[1]
    assert axe_violations(page) == ""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE

    response = page.request.get(https)
    assert response.status == 200
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == [
        "Date limite de candidature : Stage concertation"
    ]
    assert len(events[0].walk("VALARM")) == 2
    assert page.external_requests == []
    page.context.close()
