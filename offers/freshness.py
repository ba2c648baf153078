"""Offers that stay true: the deadline reminder's one-click answers.

7 days before an offer's applications close and on the last day, its organisation's members get
an e-mail (offers.jobs.remind) with three signed links: "Prolonger de 30 jours", "Clore les
candidatures", "Offre pourvue". A link opens a page with one button; only the button's POST
changes anything, so a mail scanner or a link prefetcher that follows it changes nothing. Each
link names its reminder, its member and its answer; it works without signing in and expires
after LINK_LIFETIME. A reminder takes one answer: any link of it used again says what was done.

Prolonging and closing are the host's own decisions about its offer, stated facts rather than
content to review: they do not send the offer back to moderation. Closing (and filling) moves
the application deadline to the day before, so the one definition of "open"
(OfferQuerySet.open_q, the board index's mask) needs no second rule.
"""

import dataclasses
import datetime

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import formats, timezone

from .models import Deadline, DeadlineKind, DeadlineReminder, Offer, OfferStatus, ReminderAction

SALT = "offers.reminder-action"
LINK_LIFETIME = datetime.timedelta(days=30)
PROLONG_BY = datetime.timedelta(days=30)


class BadLink(Exception):
    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


@dataclasses.dataclass(frozen=True)
class Link:
    reminder_id: int
    user_id: int
    action: str


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What the page says: `done` if this request did it, else why nothing changed."""

    done: bool
    title: str
    message: str


def make_token(reminder: DeadlineReminder, user, action: str) -> str:
    return signing.dumps({"r": reminder.pk, "u": user.pk, "a": action}, salt=SALT)


def read_token(token: str) -> Link:
    try:
        value = signing.loads(token, salt=SALT, max_age=LINK_LIFETIME)
    except signing.SignatureExpired as exc:
        raise BadLink(expired=True) from exc
    except signing.BadSignature as exc:
        raise BadLink() from exc
    if not (
        isinstance(value, dict)
        and isinstance(value.get("r"), int)
        and isinstance(value.get("u"), int)
        and value.get("a") in ReminderAction.values
    ):
        raise BadLink()
    return Link(value["r"], value["u"], value["a"])


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def what_was_done(reminder: DeadlineReminder) -> str:
    offer = reminder.offer
    when = _day(timezone.localdate(reminder.acted_at))
    if reminder.action == ReminderAction.PROLONG:
        until = _day(reminder.closes_on + PROLONG_BY)
        return f"le {when}, l'offre a été prolongée : candidatures jusqu'au {until}."
    if reminder.action == ReminderAction.CLOSE:
        return f"le {when}, les candidatures à « {offer.title} » ont été closes."
    return f"le {when}, « {offer.title} » a été marquée comme pourvue."


def refusal(reminder: DeadlineReminder, link: Link, today: datetime.date) -> Outcome | None:
    """Why this link's answer cannot be given (any more), or None if it can."""
    offer = reminder.offer
    # Closed first, then filled: the one change of answer that adds to the first.
    upgrade = is_upgrade(reminder, link)
    if reminder.action and not upgrade:
        if reminder.action == link.action:
            return Outcome(
                False, "C'est déjà fait", "C'était déjà fait : " + what_was_done(reminder)
            )
        return Outcome(
            False,
            "Ce rappel a déjà reçu une réponse",
            "Ce rappel a déjà reçu une réponse : "
            + what_was_done(reminder)
            + " Rien d'autre n'a été changé ; pour une autre modification, passez par "
            "l'administration.",
        )
    user = get_user_model().objects.filter(pk=link.user_id, is_active=True).first()
    if user is None or not offer.organisation.memberships.filter(user=user).exists():
        return Outcome(
            False,
            "Lien sans effet",
            "Ce lien a été envoyé à une personne qui n'est plus membre de l'organisation : il "
            "ne permet plus d'agir sur l'offre. Rien n'a été changé.",
        )
    if offer.status != OfferStatus.PUBLISHED:
        return Outcome(
            False,
            "L'offre n'est plus en ligne",
            f"« {offer.title} » n'est plus en ligne ({offer.get_status_display().lower()}) : "
            "rien n'a été changé.",
        )
    if offer.filled_on is not None:
        return Outcome(
            False,
            "C'est déjà fait" if link.action == ReminderAction.FILLED else "Offre pourvue",
            f"« {offer.title} » est marquée comme pourvue depuis le {_day(offer.filled_on)} : "
            "rien n'a été changé.",
        )
    if link.action != ReminderAction.FILLED and offer.applications_closed_on is not None:
        return Outcome(
            False,
            "C'est déjà fait" if link.action == ReminderAction.CLOSE else "Candidatures closes",
            f"Les candidatures à « {offer.title} » ont été closes le "
            f"{_day(offer.applications_closed_on)} : rien n'a été changé.",
        )
    # Once the organisation has closed applications (with any reminder's link), its deadline
    # is no longer the reminded one: filling the offer still is its to say.
    closed_then_filled = link.action == ReminderAction.FILLED and offer.applications_closed_on
    if not closed_then_filled and offer.applications_open_until() != reminder.closes_on:
        until = offer.applications_open_until()
        return Outcome(
            False,
            "La date limite a changé",
            f"La date limite de candidature a changé depuis ce rappel (désormais le "
            f"{_day(until)}) : rien n'a été changé. Pour la modifier, passez par "
            "l'administration.",
        )
    return None


def is_upgrade(reminder: DeadlineReminder, link: Link) -> bool:
    return (
        reminder.action == ReminderAction.CLOSE
        and link.action == ReminderAction.FILLED
        and reminder.offer.filled_on is None
    )


def describe(action: str, reminder: DeadlineReminder, today: datetime.date) -> str:
    """What the button will do, said on the confirmation page."""
    offer = reminder.offer
    if action == ReminderAction.PROLONG:
        return (
            f"La date limite de candidature de « {offer.title} » passera du "
            f"{_day(reminder.closes_on)} au {_day(reminder.closes_on + PROLONG_BY)}. L'offre "
            "reste en ligne, sans nouvelle modération."
        )
    if action == ReminderAction.CLOSE:
        return (
            f"Les candidatures à « {offer.title} » seront closes aujourd'hui : l'offre restera "
            "visible, marquée close, puis quittera le site 30 jours plus tard."
        )
    return (
        f"« {offer.title} » sera marquée comme pourvue : sa page le dira, elle ne figurera plus "
        "parmi les offres ouvertes, et les rappels que des étudiantes et étudiants ont mis "
        "dans leur agenda seront annulés."
    )


def answer(link: Link, today: datetime.date | None = None) -> Outcome | None:
    """Give the link's answer, once: None if its reminder no longer exists."""
    today = today or timezone.localdate()
    with transaction.atomic():
        reminder = DeadlineReminder.objects.select_for_update().filter(pk=link.reminder_id).first()
        if reminder is None:
            return None
        # The offer locked too: another reminder's link, or an editor, waits for this answer.
        reminder.offer = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=reminder.offer_id)
        )
        refused = refusal(reminder, link, today)
        if refused is not None:
            return refused
        apply(reminder, link, today)
    return Outcome(True, "C'est fait", "C'est fait : " + what_was_done(reminder))


def apply(reminder: DeadlineReminder, link: Link, today: datetime.date) -> None:
    offer = reminder.offer
    deadline = Deadline.objects.filter(offer=offer, kind=DeadlineKind.APPLICATION).first()
    if offer.applications_closed_on is None:  # the deadline as it was before any answer
        reminder.previous_deadline = deadline.date if deadline else None
        reminder.previous_wording = deadline.wording if deadline else ""
    offer_fields = ["version"]
    if link.action == ReminderAction.PROLONG:
        move_deadline(offer, deadline, reminder.closes_on + PROLONG_BY)
    else:
        if offer.applications_open_on(today):
            # Open until yesterday: closed from today on, for every reader of "open".
            move_deadline(offer, deadline, today - datetime.timedelta(days=1))
        if offer.applications_closed_on is None:
            offer.applications_closed_on = today
            offer_fields.append("applications_closed_on")
        if link.action == ReminderAction.FILLED:
            offer.filled_on = today
            offer_fields.append("filled_on")
    # A new version: an editor whose form was read before is told, not obeyed (offers/editing).
    offer.version += 1
    offer.save(update_fields=offer_fields)
    reminder.action = link.action
    reminder.acted_at = timezone.now()
    reminder.acted_by_id = link.user_id
    reminder.save(
        update_fields=["action", "acted_at", "acted_by", "previous_deadline", "previous_wording"]
    )


def move_deadline(offer: Offer, deadline: Deadline | None, day: datetime.date) -> None:
    # The posting's words no longer hold once the host has moved the date (they are kept on
    # the reminder); saved one by one, so the cached pages follow (offers/signals.py).
    if deadline is None:
        Deadline.objects.create(offer=offer, kind=DeadlineKind.APPLICATION, date=day)
        return
    deadline.date = day
    deadline.end_date = None
    deadline.wording = ""
    deadline.save(update_fields=["date", "end_date", "wording"])
