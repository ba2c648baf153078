"""iCalendar files: one per offer, and one for any search (the list's own filters)."""

import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from . import board
from .models import Deadline, DeadlineKind, Offer

# Enough for any real search; a calendar app would choke on more.
CALENDAR_SIZE = 500


def offer_events(offer, request) -> list[Event]:
    url = request.build_absolute_uri(offer.get_absolute_url())
    host = request.get_host().split(":")[0] or "participe"
    events = []
    kinds = set()
    for deadline in offer.deadlines.all():
        if deadline.date is None:
            continue
        kinds.add(deadline.kind)
        events.append(
            _event(
                uid=f"deadline-{deadline.pk}@{host}",
                summary=f"{deadline.get_kind_display()} : {offer.title}",
                start=deadline.date,
                end=deadline.end_date or deadline.date,
                url=url,
                description=_description(offer, deadline.wording, url),
                sequence=offer.version,
                cancelled=cancelled(offer, deadline.kind),
            )
        )
    if offer.start_date and DeadlineKind.START not in kinds:
        events.append(
            _event(
                uid=f"offer-start-{offer.pk}@{host}",
                summary=f"Début : {offer.title}",
                start=offer.start_date,
                end=offer.start_date,
                url=url,
                description=_description(offer, offer.start_wording, url),
                sequence=offer.version,
                cancelled=cancelled(offer, DeadlineKind.START),
            )
        )
    return events


def cancelled(offer, kind: str) -> str | None:
    """Why the event no longer happens for students, or None: a filled offer cancels all its
    dates, applications closed by the organisation their deadline. The event stays in the
    calendar, STATUS:CANCELLED with a higher SEQUENCE (RFC 5545), so that a subscribed
    calendar shows it cancelled rather than silently dropping it."""
    if offer.filled_on is not None:
        return "offre pourvue"
    if offer.applications_closed_on is not None and kind == DeadlineKind.APPLICATION:
        return "candidatures closes par l'organisation"
    return None


def _description(offer, wording: str, url: str) -> str:
    lines = [f"{offer.get_kind_display()} chez {offer.organisation.name}"]
    if wording:
        lines.append(f"« {wording} »")
    lines.append(url)
    return "\n".join(lines)


def _event(*, uid, summary, start, end, url, description, sequence=0, cancelled=None) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    # The offer's version: it moves on with every change of its dates (offers/editing.py).
    event.add("sequence", sequence)
    if cancelled:
        event.add("status", "CANCELLED")
        summary = f"Annulé ({cancelled}) : {summary}"
        description = f"Annulé : {cancelled}.\n{description}"
    event.add("summary", summary)
    # All-day events: DTEND is the day after the last one.
    event.add("dtstart", start)
    event.add("dtend", end + datetime.timedelta(days=1))
    event.add("url", url)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_response(
    name: str, offers, request, filename: str, events=offer_events
) -> HttpResponse:
    """events(offer, request): the offer's events (alerts.reminders adds alarms to them)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Participe//Offres de stage//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for offer in offers:
        for event in events(offer, request):
            calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def with_deadlines(queryset):
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.order_by("date", "kind"))
    )


@require_safe
def offer_calendar(request, slug):
    offer = get_object_or_404(with_deadlines(Offer.objects.visible()), slug=slug)
    return calendar_response(f"Participe : {offer.title}", [offer], request, f"{offer.slug}.ics")


@require_safe
def search_calendar(request):
    offers = with_deadlines(board.ordered(board.read(request.GET)))[:CALENDAR_SIZE]
    return calendar_response("Participe : échéances des offres", offers, request, "participe.ics")
