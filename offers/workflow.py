"""The review workflow: every change of an offer's status goes through here.

Each transition checks who acts and from which status, writes the status, one audit row and its
queued e-mails in the same transaction: a rolled-back change never mails anyone, and a committed
one always does, however long the mail server takes to accept.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from organisations.roles import is_member, is_moderator, verify_organisation

from . import notifications, review, review_cycle
from .models import Offer, OfferStatus, OfferTransition

S = OfferStatus


class TransitionError(Exception):
    """A transition refused: the message is shown to the user as is."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    moderators_only: bool


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", "Soumettre à modération", frozenset({S.DRAFT, S.REJECTED}), False),
        Transition("publish", "Publier", frozenset({S.SUBMITTED}), True),
        Transition("reject", "Refuser", frozenset({S.SUBMITTED}), True),
        Transition("archive", "Archiver", frozenset({S.PUBLISHED}), True),
        # A publisher takes back their own offer: out of the queue, or offline.
        Transition("withdraw", "Retirer", frozenset({S.SUBMITTED, S.PUBLISHED}), False),
    ]
}


def allowed_transitions(offer: Offer, user) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if _refusal(offer, user, t) is None]


def _approves_modifications(offer: Offer, transition: Transition) -> bool:
    # Publishing an offer already online but edited since means: the moderator read the edit.
    return (
        transition.name == "publish"
        and offer.status == S.PUBLISHED
        and offer.modified_since_approval
    )


def _moderator_submits_from_source(offer: Offer, user, transition: Transition) -> bool:
    # An offer read from a source the board follows (sources/) has no publisher on the board to
    # submit it: the moderator who reviewed the draft does.
    return transition.name == "submit" and bool(offer.source_url) and is_moderator(user)


def _refusal(offer: Offer, user, transition: Transition) -> str | None:
    if transition.moderators_only:
        if not is_moderator(user):
            return "Seule l'équipe de modération peut faire cela."
    elif not (
        is_member(user, offer.organisation_id)
        or user.is_superuser
        or _moderator_submits_from_source(offer, user, transition)
    ):
        return "Seuls les membres de l'organisation peuvent faire cela."
    if offer.status not in transition.sources and not _approves_modifications(offer, transition):
        return (
            f"« {transition.label} » est impossible pour une offre au statut "
            f"« {offer.get_status_display()} »."
        )
    return None


@transaction.atomic
def apply(offer: Offer, name: str, *, by, reason: str = "") -> OfferTransition:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError("Action inconnue.")
    # Lock the row: two moderators clicking at once must not both act on the same status.
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    refusal = _refusal(locked, by, transition)
    if refusal:
        raise TransitionError(refusal)
    if name == "submit" and review_cycle.over_submission_limit(by):
        raise TransitionError(
            "Trop de soumissions en une heure : réessayez plus tard, ou écrivez à la modération."
        )
    reason = reason.strip()
    if name == "submit":
        missing = review.missing_for_submission(locked)
        if missing:
            raise TransitionError(
                "L'offre ne peut pas encore être soumise. Il manque : " + " ; ".join(missing) + "."
            )
    if name == "reject" and not reason:
        raise TransitionError("Un refus doit être motivé : indiquez la raison.")

    now = timezone.now()
    source = locked.status
    target = {
        "submit": S.SUBMITTED,
        "publish": S.PUBLISHED,
        "reject": S.REJECTED,
        "archive": S.ARCHIVED,
        "withdraw": S.DRAFT if source == S.SUBMITTED else S.ARCHIVED,
    }[name]
    # A new version: an editor who read the offer before this decision cannot save over it.
    fields = {"status": target, "version": locked.version + 1}
    if name == "submit":
        fields["submitted_at"] = now
    if name == "publish":
        fields["modified_since_approval"] = False
        if source != S.PUBLISHED:
            fields["published_at"] = now
    for field, value in fields.items():
        setattr(locked, field, value)
        setattr(offer, field, value)
    locked.save(update_fields=list(fields))
    offer.updated_at = locked.updated_at
    if name == "publish":
        # A new organisation is checked with its first offer: approving one approves both.
        verify_organisation(locked.organisation)

    record = OfferTransition.objects.create(
        offer=locked,
        actor=by,
        actor_name=by.get_username(),
        from_status=source,
        to_status=target,
        reason=reason,
        snapshot=review.snapshot(locked),
        created_at=now,
    )
    # Queued in this transaction (mail/outbox.py): sent once it commits, retried if the mail
    # server fails, and never a reason for the change itself to fail.
    notifications.send_for(record, name)
    return record


def mark_modified_by_publisher(offer: Offer, user) -> None:
    """A publisher edited a published offer: it stays online, and moderators get a flag."""
    if offer.status == S.PUBLISHED and not is_moderator(user):
        Offer.objects.filter(pk=offer.pk).update(modified_since_approval=True)
        offer.modified_since_approval = True


def mark_offers_modified_by(offers, user) -> int:
    """A contact or a deadline that published offers show was changed by a publisher: each of
    those offers gets the flag, as if its own page had been edited. Returns how many."""
    if is_moderator(user):
        return 0
    return offers.filter(status=S.PUBLISHED).update(modified_since_approval=True)


# The name in the audit trail of what the board does by itself (the scheduled jobs).
SYSTEM_ACTOR = "Participe"


@transaction.atomic
def archive_as_system(offer_id: int, reason: str) -> OfferTransition | None:
    """Archive a published offer on the board's own authority (no user acts); None if it is no
    longer published, so that a job run twice archives once."""
    locked = Offer.objects.select_for_update().filter(pk=offer_id, status=S.PUBLISHED).first()
    if locked is None:
        return None
    locked.status = S.ARCHIVED
    # A new version, as for every decision: an editor's open form cannot save over it.
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    return OfferTransition.objects.create(
        offer=locked,
        actor=None,
        actor_name=SYSTEM_ACTOR,
        from_status=S.PUBLISHED,
        to_status=S.ARCHIVED,
        reason=reason,
        created_at=timezone.now(),
    )
