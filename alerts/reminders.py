"""Deadline reminders for the offers saved in a browser, without an account.

The saved offers live in the browser (localStorage, static/js/participe.js); the page sends
their slugs here and gets back which are still online, whether each takes applications and
until when, per offer a Google Calendar link, and one calendar URL that carries the ids of the
offers whose deadline is still to come, signed (nothing is stored). A deadline gone by gets no
reminder: there is nothing left to be reminded of.
"""

import datetime
from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Alarm

from config.message_page import message_page
from offers import typography, words
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


def coming_deadline(offer, today: datetime.date) -> datetime.date | None:
    """The application deadline's date when it is today or later, else None."""
    deadline = offer.application_deadline_milestone
    if deadline is None or deadline.date is None or deadline.date < today:
        return None
    return deadline.date


def google_calendar_url(offer, url: str, today: datetime.date | None = None) -> str | None:
    """A prefilled "new event" for the application deadline (all day), or None without one
    still to come."""
    if coming_deadline(offer, today or timezone.localdate()) is None:
        return None
    deadline = offer.application_deadline_milestone
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
    today = timezone.localdate()
    offers = {}
    for slug in slugs:
        offer = online.get(slug)
        if offer is None:
            offers[slug] = {"online": False}
            continue
        url = request.build_absolute_uri(offer.get_absolute_url())
        coming = coming_deadline(offer, today)
        offers[slug] = {
            "online": True,
            **facts(offer, today),
            "ics": reverse("offers:detail-ics", args=[slug]) if coming else None,
            "google": google_calendar_url(offer, url, today),
        }
    calendar = None
    reminded = sorted(offer.pk for offer in online.values() if coming_deadline(offer, today))
    if reminded:
        token = tokens.make(reminded, tokens.REMINDERS_SALT)
        https = request.build_absolute_uri(reverse("alerts:reminders", args=[token]))
        calendar = {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}
    response = JsonResponse({"offers": offers, "calendar": calendar})
    response["Cache-Control"] = "no-store"
    return response


def facts(offer, today: datetime.date) -> dict:
    """What the saved page shows under each offer, in the page's language: whether it takes
    applications, and its deadline ("Date limite de candidature : 1er mars 2027")."""
    is_open = offer.applications_open_on(today)
    deadline = offer.application_deadline_milestone
    if deadline is not None and deadline.date is not None:
        when = typography.long_date(deadline.date)
        left = (deadline.date - today).days
        if left >= 0:
            when = f"{when} {words.countdown(left)}"
    elif deadline is not None and deadline.wording:
        when = f"« {deadline.wording} »"
    else:
        when = _("non précisée")
    return {
        "open": is_open,
        "status": _("Candidatures ouvertes") if is_open else _("Candidatures closes"),
        "deadline": deadline.date.isoformat() if deadline and deadline.date else None,
        # Shown by the page's script as it is: its non-breaking spaces come from here.
        "deadline_text": typography.french_text(
            words.labelled(_("Date limite de candidature"), when)
        ),
    }


def events_with_reminders(offer, request):
    events = offer_events(offer, request)
    today = timezone.localdate()
    applications = {
        f"deadline-{deadline.pk}@"
        for deadline in offer.deadlines.all()
        if deadline.kind == DeadlineKind.APPLICATION
        and deadline.date is not None
        and deadline.date >= today
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
