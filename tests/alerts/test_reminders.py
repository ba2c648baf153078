"""Deadline reminders for saved offers: the status endpoint and the signed calendar."""

import datetime
import html
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from icalendar import Calendar

from alerts import reminders, tokens
from offers.models import DeadlineKind
from tests.factories import ArchivedOfferFactory, DeadlineFactory, OfferFactory

pytestmark = pytest.mark.django_db

STATUS = "/alertes/offres-sauvegardees.json"


@pytest.fixture
def offer():
    offer = OfferFactory(title="Stage concertation", city="Rennes")
    DeadlineFactory(offer=offer, date=datetime.date(2027, 1, 15))
    DeadlineFactory(offer=offer, kind=DeadlineKind.INTERVIEWS, date=datetime.date(2027, 1, 25))
    return offer


def status(client, *slugs):
    response = client.get(STATUS, {"offres": ",".join(slugs)})
    return response.status_code, response.json()


def test_status_says_which_saved_offers_are_online(client, offer):
    gone = ArchivedOfferFactory()
    code, answer = status(client, offer.slug, gone.slug, "never-existed")
    assert code == 200
    assert answer["offers"][gone.slug] == {"online": False}
    assert answer["offers"]["never-existed"] == {"online": False}
    online = answer["offers"][offer.slug]
    assert online["online"] is True
    assert online["ics"] == reverse("offers:detail-ics", args=[offer.slug])
    google = urlsplit(online["google"])
    assert (google.scheme, google.netloc) == ("https", "calendar.google.com")
    query = parse_qs(google.query)
    assert query["dates"] == ["20270115/20270116"]
    assert query["text"] == ["Date limite de candidature : Stage concertation"]
    https, webcal = answer["calendar"]["https"], answer["calendar"]["webcal"]
    assert https.startswith("http://testserver/alertes/rappels/")
    assert webcal == "webcal://" + https.split("://", 1)[1]


def test_an_offer_without_a_dated_deadline_has_no_google_link(client):
    undated = OfferFactory()
    assert status(client, undated.slug)[1]["offers"][undated.slug]["google"] is None


def test_nothing_online_means_no_calendar(client):
    assert status(client, ArchivedOfferFactory().slug)[1]["calendar"] is None
    assert status(client)[1] == {"offers": {}, "calendar": None}


def test_status_is_bounded(client):
    slugs = [f"offre-{number}" for number in range(reminders.MAX_SAVED + 1)]
    code, answer = status(client, *slugs)
    assert code == 400
    assert "100 au plus" in answer["error"]


def calendar_of(client, answer) -> Calendar:
    path = urlsplit(answer["calendar"]["https"]).path
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_calendar_holds_the_deadlines_with_alarms(client, offer):
    other = OfferFactory(title="Service civique médiation")
    DeadlineFactory(offer=other, date=datetime.date(2027, 2, 1))
    gone = ArchivedOfferFactory(title="Offre retirée")
    DeadlineFactory(offer=gone, date=datetime.date(2027, 2, 2))
    calendar = calendar_of(client, status(client, offer.slug, other.slug, gone.slug)[1])
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        "Date limite de candidature : Stage concertation",
        "Entretiens : Stage concertation",
        "Date limite de candidature : Service civique médiation",
    }
    deadline = events["Date limite de candidature : Stage concertation"]
    assert deadline.decoded("dtstart") == datetime.date(2027, 1, 15)
    triggers = sorted(alarm.decoded("trigger") for alarm in deadline.walk("VALARM"))
    assert triggers == [datetime.timedelta(days=-7), datetime.timedelta(days=-1)]
    assert all(str(alarm["action"]) == "DISPLAY" for alarm in deadline.walk("VALARM"))
    assert not events["Entretiens : Stage concertation"].walk("VALARM")


def test_the_calendar_follows_the_offers(client, offer):
    answer = status(client, offer.slug)[1]
    offer.status = "archived"
    offer.save()
    assert calendar_of(client, answer).walk("VEVENT") == []


@pytest.mark.parametrize(
    "token",
    [
        "nope",
        tokens.make([1, 2], "another.salt"),
        tokens.make("not a list", tokens.REMINDERS_SALT),
        tokens.make(list(range(reminders.MAX_SAVED + 1)), tokens.REMINDERS_SALT),
    ],
    # Named, not by the tokens: they hold the time they were signed, and two xdist workers
    # collecting in different seconds would disagree on the tests' names.
    ids=["garbage", "another-salt", "not-a-list", "too-many"],
)
def test_a_bad_calendar_link_gets_a_message(client, token):
    response = client.get(reverse("alerts:reminders", args=[token]))
    assert response.status_code == 400
    assert "adresse de calendrier n'est pas valide" in html.unescape(response.content.decode())


def test_a_tampered_calendar_link_gets_a_message(client, offer):
    path = urlsplit(status(client, offer.slug)[1]["calendar"]["https"]).path
    token = path.removeprefix("/alertes/rappels/").removesuffix(".ics")
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(reverse("alerts:reminders", args=[forged])).status_code == 400


# The saved page shows each offer's deadline and whether it takes applications, and offers
# reminders only for a deadline still to come.


def test_status_says_until_when_and_whether_applications_are_open(client, offer):
    answer = status(client, offer.slug)[1]["offers"][offer.slug]
    assert answer["open"] is True
    assert answer["status"] == "Candidatures ouvertes"
    assert answer["deadline"] == "2027-01-15"
    assert answer["deadline_text"].startswith("Date limite de candidature\u00a0: 15 janvier 2027 (")


def test_a_past_deadline_gets_no_reminder(client):
    past = OfferFactory(title="Stage d'hier", published_at=None)
    DeadlineFactory(offer=past, date=datetime.date(2023, 3, 1))
    code, answer = status(client, past.slug)
    state = answer["offers"][past.slug]
    assert (state["open"], state["status"]) == (False, "Candidatures closes")
    assert state["deadline_text"] == "Date limite de candidature\u00a0: 1er mars 2023"
    assert state["google"] is None and state["ics"] is None
    assert answer["calendar"] is None


def test_the_calendar_holds_only_the_offers_still_to_come(client, offer):
    past = OfferFactory(title="Stage d'hier", published_at=None)
    DeadlineFactory(offer=past, date=datetime.date(2023, 3, 1))
    answer = status(client, offer.slug, past.slug)[1]
    summaries = {str(event["summary"]) for event in calendar_of(client, answer).walk("VEVENT")}
    assert "Date limite de candidature : Stage concertation" in summaries
    assert not any("Stage d'hier" in summary for summary in summaries)


def test_an_old_calendar_link_rings_no_alarm_for_a_deadline_gone_by(client):
    past = OfferFactory(title="Stage d'hier", published_at=None)
    DeadlineFactory(offer=past, date=datetime.date(2023, 3, 1))
    token = tokens.make([past.pk], tokens.REMINDERS_SALT)
    response = client.get(reverse("alerts:reminders", args=[token]))
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert events and not any(event.walk("VALARM") for event in events)
