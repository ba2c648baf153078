"""Deadline reminders for the offers saved in a browser, without an account.

The saved offers live in the browser (localStorage, static/js/participe.js); the page sends
their slugs here and gets back which are still online, per offer a Google Calendar link, and
one calendar URL that carries the online offers' ids, signed (nothing is stored).
"""

import datetime
from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Alarm

from config.message_page import message_page
from offers.calendars import calendar_response, offer_events, with_deadlines
from offers.models import DeadlineKind, Offer

from . import tokens

# A browser may save any number of offers; one request and one calendar take this many.
MAX_SAVED = 100
# Alarms before each application deadline.
REMINDER_DAYS = (7, 1)
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


def saved_offers(ids_or_slugs: dict):
    return with_deadlines(Offer.objects.visible().filter(**ids_or_slugs)).order_by(
        "application_closes_on", "pk"
    )


def google_calendar_url(offer, url: str) -> str | None:
    """A prefilled "new event" for the application deadline (all day), or None without one."""
    deadline = offer.application_deadline_milestone
    if deadline is None or deadline.date is None:
        return None
    end = deadline.date + datetime.timedelta(days=1)
    query = {
        "action": "TEMPLATE",
        "text": f"{deadline.get_kind_display()} : {offer.title}",
        "dates": f"{deadline.date:%Y%m%d}/{end:%Y%m%d}",
        "details": f"{offer.organisation.name}\n{url}",
        "location": offer.city or offer.place_wording,
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"


@require_safe
def saved_status(request):
    slugs = list(dict.fromkeys(slug for slug in request.GET.get("offres", "").split(",") if slug))
    if len(slugs) > MAX_SAVED:
        message = _("Trop d'offres demandées à la fois (%(max)s au plus).") % {"max": MAX_SAVED}
        return JsonResponse({"error": message}, status=400)
    online = {offer.slug: offer for offer in saved_offers({"slug__in": slugs})}
    offers = {}
    for slug in slugs:
        offer = online.get(slug)
        if offer is None:
            offers[slug] = {"online": False}
            continue
        url = request.build_absolute_uri(offer.get_absolute_url())
        offers[slug] = {
            "online": True,
            "ics": reverse("offers:detail-ics", args=[slug]),
            "google": google_calendar_url(offer, url),
        }
    calendar = None
    if online:
        token = tokens.make(sorted(offer.pk for offer in online.values()), tokens.REMINDERS_SALT)
        https = request.build_absolute_uri(reverse("alerts:reminders", args=[token]))
        calendar = {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}
    response = JsonResponse({"offers": offers, "calendar": calendar})
    response["Cache-Control"] = "no-store"
    return response


def events_with_reminders(offer, request):
    events = offer_events(offer, request)
    applications = {
        f"deadline-{deadline.pk}@"
        for deadline in offer.deadlines.all()
        if deadline.kind == DeadlineKind.APPLICATION and deadline.date is not None
    }
    for event in events:
        if event.get("status") == "CANCELLED":
            continue  # nothing left to be reminded of (a filled offer, applications closed)
        if any(str(event["uid"]).startswith(prefix) for prefix in applications):
            for days in REMINDER_DAYS:
                event.add_component(reminder(offer, days))
    return events


def reminder(offer, days: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", datetime.timedelta(days=-days))
    if days == 1:
        text = _("Demain : date limite de candidature, %(title)s") % {"title": offer.title}
    else:
        text = _("Dans %(days)s jours : date limite de candidature, %(title)s") % {
            "days": days,
            "title": offer.title,
        }
    alarm.add("description", text)
    return alarm


@require_safe
def reminders_calendar(request, token):
    try:
        ids = tokens.read(token, tokens.REMINDERS_SALT)
    except tokens.BadLink:
        ids = None
    if (
        not isinstance(ids, list)
        or len(ids) > MAX_SAVED
        or not all(isinstance(pk, int) for pk in ids)
    ):
        message = _(
            "Cette adresse de calendrier n'est pas valide : elle a peut-être été coupée ou "
            "modifiée. Copiez-la de nouveau depuis la page « Offres sauvegardées »."
        )
        return message_page(request, _("Lien invalide"), message, 400)
    return calendar_response(
        _("Participe : mes offres sauvegardées"),
        saved_offers({"pk__in": ids}),
        request,
        "participe-rappels.ics",
        events=events_with_reminders,
    )
