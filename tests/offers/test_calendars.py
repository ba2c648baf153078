"""iCalendar per offer and per search, parsed back with icalendar."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from offers.models import DeadlineKind
from tests.factories import DeadlineFactory, DraftOfferFactory, OfferFactory

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def offer(db):
    offer = OfferFactory(title="Stage concertation", start_date=datetime.date(2027, 3, 1))
    DeadlineFactory(offer=offer, date=datetime.date(2027, 1, 15), wording="avant le 15/01/2027")
    DeadlineFactory(
        offer=offer,
        kind=DeadlineKind.INTERVIEWS,
        date=datetime.date(2027, 1, 25),
        end_date=datetime.date(2027, 1, 27),
        wording="entretiens fin janvier",
    )
    DeadlineFactory(offer=offer, kind=DeadlineKind.OTHER, date=None, wording="au printemps")
    return offer


def test_offer_calendar_has_deadline_interviews_and_start(client, offer):
    calendar = parse(client.get(reverse("offers:detail-ics", args=[offer.slug])))
    assert calendar["version"] == "2.0"
    found = events(calendar)
    assert set(found) == {
        "Date limite de candidature : Stage concertation",
        "Entretiens : Stage concertation",
        "Début : Stage concertation",
    }
    deadline = found["Date limite de candidature : Stage concertation"]
    assert deadline.decoded("dtstart") == datetime.date(2027, 1, 15)
    assert deadline.decoded("dtend") == datetime.date(2027, 1, 16)
    interviews = found["Entretiens : Stage concertation"]
    assert interviews.decoded("dtend") == datetime.date(2027, 1, 28)
    assert str(deadline["url"]).endswith(offer.get_absolute_url())
    uids = [str(event["uid"]) for event in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_unpublished_offer_has_no_calendar(client):
    draft = DraftOfferFactory()
    assert client.get(reverse("offers:detail-ics", args=[draft.slug])).status_code == 404


def test_search_calendar_follows_the_filters(client, offer):
    other = OfferFactory(title="Médiation scientifique", department_code="13")
    DeadlineFactory(offer=other, date=datetime.date(2027, 2, 1))
    everything = events(parse(client.get(reverse("offers:search-ics"))))
    assert "Date limite de candidature : Médiation scientifique" in everything
    assert "Entretiens : Stage concertation" in everything
    filtered = events(parse(client.get(reverse("offers:search-ics"), {"departement": "13"})))
    assert set(filtered) == {"Date limite de candidature : Médiation scientifique"}


@pytest.mark.parametrize(
    "params", [{"q": "x" * 10_000}, {"q": "a\x00b"}, {"region": "zz"}, {"q": "-(("}]
)
def test_bad_input_still_gives_a_valid_calendar(client, offer, params):
    parse(client.get(reverse("offers:search-ics"), params))


def test_offer_page_links_its_calendar(client, offer):
    content = client.get(offer.get_absolute_url()).content.decode()
    assert reverse("offers:detail-ics", args=[offer.slug]) in content
