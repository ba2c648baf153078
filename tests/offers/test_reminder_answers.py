"""The deadline reminder's one-click answers, from a real SMTP server to the offer's pages:
"Prolonger de 30 jours", "Clore les candidatures", "Offre pourvue" (offers/freshness.py)."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client, TestCase
from django.urls import reverse
from icalendar import Calendar

from alerts import tokens
from offers import board_index, freshness, jobs
from offers.facets import Clock
from offers.models import Deadline, DeadlineKind, DeadlineReminder, Offer, ReminderAction
from tests.factories import DeadlineFactory, OfferFactory, OrganisationFactory, publisher
from tests.html_checker import nu_errors

# The alerts' real SMTP server on a free port; the links the e-mails carry start with SITE_URL.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]
PARIS = datetime.timezone(datetime.timedelta(hours=1))
NOW = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=PARIS)
TODAY = NOW.date()
IN_7_DAYS = TODAY + datetime.timedelta(days=7)
LIST_URL = reverse("offers:list")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def offer():
    organisation = OrganisationFactory(name="Ville de Rennes")
    publisher(organisation, username="autrice", email="autrice@example.org")
    offer = OfferFactory(
        organisation=organisation,
        title="Stage concertation",
        published_at=NOW - datetime.timedelta(days=20),
    )
    DeadlineFactory(offer=offer, date=IN_7_DAYS, wording="avant le 17 décembre")
    return offer


def remind_and_read_links(smtp) -> dict[str, str]:
    """Run the scheduled job, and read the three links of the e-mail the server received."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind_deadlines", verbosity=0)
    [message] = smtp.messages
    assert message["To"] == "autrice@example.org"
    subject = message["Subject"].strip()
    assert subject == "Plus que 7 jours de candidature pour «\u00a0Stage concertation\u00a0»"
    text = message.get_body(preferencelist=("plain",)).get_content()
    urls = re.findall(r"https://participe\.example(/rappel/\S+)", text)
    assert len(urls) == 3
    labels = ["Prolonger de 30 jours", "Clore les candidatures", "Offre pourvue"]
    for label in labels:
        assert label in text
    # In the order of their labels: prolong, close, filled.
    return dict(zip(ReminderAction.values, (urlsplit(url).path for url in urls), strict=True))


def confirmation(browser: Client, path: str) -> tuple[BeautifulSoup, str]:
    response = browser.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = BeautifulSoup(response.content, "html.parser")
    field = page.select_one("form.reminder-answer input[name=csrfmiddlewaretoken]")
    return page, field["value"] if field else ""


def press(browser: Client, path: str) -> BeautifulSoup:
    page, token = confirmation(browser, path)
    [button] = page.select("form.reminder-answer button[type=submit]")
    response = browser.post(path, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def used_again(browser: Client, path: str) -> str:
    """A link used a second time: its page has no button and says why, as does a replayed
    POST (a double click, a back button); the notice, the same both ways, is returned."""
    page, _ = confirmation(browser, path)
    assert not page.select("form.reminder-answer")
    csrf = browser.cookies[django_settings.CSRF_COOKIE_NAME].value
    response = browser.post(path, {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 200
    replayed = notice(BeautifulSoup(response.content, "html.parser"))
    assert replayed == notice(page)
    return replayed


def notice(page: BeautifulSoup) -> str:
    return " ".join(page.select_one(".notice").get_text().split())


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def deadline_of(offer) -> Deadline:
    return Deadline.objects.get(offer=offer, kind=DeadlineKind.APPLICATION)


def test_prolong_moves_the_deadline_30_days_once(smtp, clock, offer):
    links = remind_and_read_links(smtp)
    browser = Client(enforce_csrf_checks=True)
    version = offer.version

    # Opening the link (a prefetcher, a mail scanner) changes nothing; the page has one button.
    page, _ = confirmation(browser, links["prolonger"])
    assert page.select_one("h1").get_text() == "Prolonger de 30 jours"
    assert "du 17 décembre 2026 au 16 janvier 2027" in page.get_text()
    assert len(page.select("form.reminder-answer button")) == 1
    assert deadline_of(offer).date == IN_7_DAYS

    done = press(browser, links["prolonger"])
    assert "C'est fait" in notice(done) and "16 janvier 2027" in notice(done)
    deadline = deadline_of(offer)
    assert deadline.date == datetime.date(2027, 1, 16)
    offer.refresh_from_db()
    # The host's decision: a stated fact, no new moderation; a new version for editors.
    assert offer.status == "published" and not offer.modified_since_approval
    assert offer.version == version + 1
    reminder = DeadlineReminder.objects.get()
    assert reminder.action == ReminderAction.PROLONG
    assert (reminder.previous_deadline, reminder.previous_wording) == (
        IN_7_DAYS,
        "avant le 17 décembre",
    )
    assert reminder.acted_by.username == "autrice"

    assert used_again(browser, links["prolonger"]).startswith("C'était déjà fait")
    assert deadline_of(offer).date == datetime.date(2027, 1, 16)
    # The other answers of that reminder say what was done, and change nothing either.
    assert "déjà reçu une réponse" in used_again(browser, links["clore"])
    assert deadline_of(offer).date == datetime.date(2027, 1, 16)
    # The job reminds of the new date, not the old one.
    assert jobs.remind_deadlines(TODAY) == 0


def test_close_ends_applications_today_once(smtp, clock, offer, client):
    links = remind_and_read_links(smtp)
    browser = Client(enforce_csrf_checks=True)
    confirmation(browser, links["clore"])
    assert Offer.objects.open().filter(pk=offer.pk).exists()

    done = press(browser, links["clore"])
    assert "C'est fait" in notice(done)
    offer.refresh_from_db()
    assert offer.applications_closed_on == TODAY and offer.filled_on is None
    assert deadline_of(offer).date == TODAY - datetime.timedelta(days=1)
    assert not Offer.objects.open().filter(pk=offer.pk).exists()
    page = text_of(client.get(offer.get_absolute_url()))
    assert "Les candidatures sont closes." in page
    assert "L'organisation les a closes le" in page

    assert used_again(browser, links["clore"]).startswith("C'était déjà fait")
    assert DeadlineReminder.objects.get().action == ReminderAction.CLOSE


def test_filled_offer_leaves_the_open_results_and_its_calendar_event_is_cancelled(
    smtp, clock, offer, client
):
    links = remind_and_read_links(smtp)

    def open_results():
        response = client.get(LIST_URL, {"status": "ouvertes"})
        return (
            offer.title in response.content.decode(),
            response.context["paginator"].count,
            response.context["view"].results.facets["status"]["ouvertes"],
            board_index.current().is_open_id(offer.pk, Clock.current()),
        )

    # A student saved the offer and subscribed to its reminders' calendar.
    token = tokens.make([offer.pk], tokens.REMINDERS_SALT)
    calendar_url = reverse("alerts:reminders", args=[token])
    before = Calendar.from_ical(client.get(calendar_url).content)
    [event] = before.walk("VEVENT")
    assert event.get("status") is None and event.walk("VALARM")
    assert open_results() == (True, 1, 1, True)

    browser = Client(enforce_csrf_checks=True)
    done = press(browser, links["pourvue"])
    assert "marquée comme pourvue" in notice(done)

    assert open_results() == (False, 0, 0, False)
    page = text_of(client.get(offer.get_absolute_url()))
    assert "Offre pourvue" in page
    for url in (calendar_url, reverse("offers:detail-ics", args=[offer.slug])):
        [cancelled] = Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert cancelled["status"] == "CANCELLED"
        assert cancelled["uid"] == event["uid"]
        assert cancelled["sequence"] > event["sequence"]
        assert str(cancelled["summary"]).startswith("Annulé (offre pourvue)")
        assert not cancelled.walk("VALARM")

    assert used_again(browser, links["pourvue"]).startswith("C'était déjà fait")
    offer.refresh_from_db()
    assert offer.filled_on == TODAY


def test_closed_then_filled_from_the_same_reminder(smtp, clock, offer):
    links = remind_and_read_links(smtp)
    browser = Client(enforce_csrf_checks=True)
    press(browser, links["clore"])
    done = press(browser, links["pourvue"])
    assert "marquée comme pourvue" in notice(done)
    offer.refresh_from_db()
    assert (offer.applications_closed_on, offer.filled_on) == (TODAY, TODAY)
    reminder = DeadlineReminder.objects.get()
    # The deadline as the posting gave it, kept from the first answer.
    assert reminder.previous_deadline == IN_7_DAYS
    assert "déjà reçu une réponse" in used_again(browser, links["prolonger"])


def test_expired_and_forged_links_say_so_and_change_nothing(smtp, offer):
    with time_machine.travel(NOW, tick=False):
        links = remind_and_read_links(smtp)
    browser = Client()
    path = links["prolonger"]
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = path.replace(token, token[:-3] + ("abc" if not token.endswith("abc") else "xyz"))
    for method in (browser.get, browser.post):
        response = method(forged)
        assert response.status_code == 400
        assert "Ce lien n'est pas valide" in text_of(response)
    # Another reminder's token (another salt) is no answer either.
    alert = "/rappel/" + tokens.make({"r": 1, "u": 1, "a": "clore"}, tokens.REMINDERS_SALT) + "/"
    assert browser.post(alert).status_code == 400

    with time_machine.travel(NOW + freshness.LINK_LIFETIME + datetime.timedelta(hours=1)):
        for method in (browser.get, browser.post):
            response = method(path)
            assert response.status_code == 410
            assert "Ce lien a expiré" in text_of(response)
    assert deadline_of(offer).date == IN_7_DAYS
    assert DeadlineReminder.objects.get().action == ""


def test_a_former_member_s_link_does_nothing(smtp, clock, offer):
    links = remind_and_read_links(smtp)
    offer.organisation.memberships.all().delete()
    page = press_or_read(links["clore"])
    assert "n'est plus membre" in notice(page)
    assert deadline_of(offer).date == IN_7_DAYS


def press_or_read(path: str) -> BeautifulSoup:
    response = Client().post(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_deadline_changed_since_the_reminder_is_not_overwritten(smtp, clock, offer):
    links = remind_and_read_links(smtp)
    deadline = deadline_of(offer)
    deadline.date = IN_7_DAYS + datetime.timedelta(days=3)
    deadline.save()
    page = press_or_read(links["prolonger"])
    assert "La date limite de candidature a changé" in notice(page)
    assert deadline_of(offer).date == IN_7_DAYS + datetime.timedelta(days=3)


def test_an_undated_offer_is_prolonged_from_the_60_day_rule(smtp, clock):
    organisation = OrganisationFactory()
    publisher(organisation, email="autrice@example.org")
    offer = OfferFactory(
        organisation=organisation,
        title="Stage concertation",
        published_at=NOW - datetime.timedelta(days=53),
    )
    links = remind_and_read_links(smtp)
    assert "C'est fait" in notice(press_or_read(links["prolonger"]))
    assert deadline_of(offer).date == offer.applications_open_until()
    assert offer.applications_open_until() == IN_7_DAYS + freshness.PROLONG_BY


def test_a_reminder_is_written_once_per_offer_kind_and_date(clock, offer):
    assert jobs.remind_deadlines(TODAY) == 1
    assert jobs.remind_deadlines(TODAY) == 0
    with pytest.raises(IntegrityError):
        DeadlineReminder.objects.create(offer=offer, kind="j-7", closes_on=IN_7_DAYS)


def test_the_answer_pages_are_valid_html(clock, offer, client, tmp_path):
    member = offer.organisation.memberships.get().user
    reminder = DeadlineReminder.objects.create(offer=offer, kind="j-7", closes_on=IN_7_DAYS)
    path = reverse("offers:reminder-answer", args=[freshness.make_token(reminder, member, "clore")])
    pages = {"confirm": client.get(path), "done": client.post(path), "again": client.get(path)}
    pages["bad"] = client.get(path[:-5] + "xyz/")
    files = []
    for name, response in pages.items():
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    errors = nu_errors(files)
    assert errors == [], "\n".join(errors)


def test_the_week_before_s_links_after_the_last_day_s_answer(offer):
    member = offer.organisation.memberships.get().user
    with time_machine.travel(NOW, tick=False):
        assert jobs.remind_deadlines() == 1
    with time_machine.travel(NOW + datetime.timedelta(days=7), tick=False):
        assert jobs.remind_deadlines() == 1
        week_before, last_day = DeadlineReminder.objects.order_by("sent_at")
        assert (week_before.kind, last_day.kind) == ("j-7", "jour-j")

        def path(reminder, action):
            token = freshness.make_token(reminder, member, action)
            return reverse("offers:reminder-answer", args=[token])

        assert "C'est fait" in notice(press_or_read(path(last_day, "clore")))
        # The week before's links: the offer is closed, by the other reminder's answer.
        page = press_or_read(path(week_before, "prolonger"))
        assert page.select_one("h1").get_text() == "Candidatures closes"
        assert deadline_of(offer).date == IN_7_DAYS - datetime.timedelta(days=1)
        assert "marquée comme pourvue" in notice(press_or_read(path(week_before, "pourvue")))
        page = press_or_read(path(last_day, "prolonger"))
        assert page.select_one("h1").get_text() == "Ce rappel a déjà reçu une réponse"
