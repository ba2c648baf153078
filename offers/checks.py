"""What looks wrong in an offer, for moderators: warnings, never a refusal."""

import difflib
import functools
import unicodedata
from collections import Counter

from django.utils import formats, timezone

from .models import Offer, OfferKind, OfferStatus
from .review import missing_for_submission
from .stipends import hourly_equivalent, legal_minimum_hourly, reference_year

MAX_STAGE_MONTHS = 6
STIPEND_REQUIRED_OVER_MONTHS = 2
DUPLICATE_TITLE_SIMILARITY = 0.85
WAITING = {OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.REJECTED}


def offer_warnings(offer: Offer) -> list[str]:
    warnings = []
    deadline = offer.application_deadline_milestone if offer.pk else None
    deadline_date = deadline.date if deadline else None

    late = deadline_passed(offer, deadline_date)
    if late:
        warnings.append(f"La date limite de candidature ({_date(deadline_date)}) précède {late}.")

    months = _longest_duration(offer)
    if offer.kind == OfferKind.STAGE and months is not None and months > MAX_STAGE_MONTHS:
        warnings.append(
            f"Un stage ne peut pas dépasser {MAX_STAGE_MONTHS} mois ; celui-ci en annonce {months}."
        )

    warnings += _stipend_warnings(offer, months, deadline_date)

    new_organisation = new_organisation_warning(offer)
    if new_organisation:
        warnings.append(new_organisation)

    duplicate = probable_duplicate(offer)
    if duplicate is not None:
        warnings.append(
            f"Doublon probable : « {duplicate.title} » ({duplicate.get_status_display().lower()}),"
            f" de la même organisation."
        )
    return warnings


def deadline_passed(offer: Offer, deadline_date) -> str | None:
    """What the application deadline (its date) comes before: its publication, or today for an
    offer not published yet; None if it does not."""
    if offer.published_at:
        reference, when = timezone.localdate(offer.published_at), "sa publication"
    elif offer.status in WAITING:
        # Not published yet: today is the earliest it can be.
        reference, when = timezone.localdate(), "aujourd'hui (date de publication au plus tôt)"
    else:
        return None  # online or archived without a known date: nothing to compare
    if deadline_date and deadline_date < reference:
        return when
    return None


def queue_signals(offer: Offer, other_titles=None) -> list[str]:
    """The moderation queue's short words for what offer_warnings() and
    missing_for_submission() say at length, for an offer that waits for a moderator.
    `other_titles`: those of the organisation's other offers, when the caller read them."""
    if not (offer.status in WAITING or offer.modified_since_approval):
        return []
    found = []
    # The database's copy of the application deadline's date (a trigger keeps it): a page of
    # the queue reads no deadline rows.
    if deadline_passed(offer, offer.application_closes_on):
        found.append("date limite passée")
    if other_titles is None:
        other_titles = _others(offer).values_list("title", flat=True)
    title = _letters(offer.title)
    if any(_similar(title, _letters(other)) for other in other_titles):
        found.append("doublon probable")
    if offer.status in WAITING:
        missing = len(missing_for_submission(offer))
        if missing:
            found.append(
                "1 information manquante" if missing == 1 else f"{missing} informations manquantes"
            )
    return found


def _stipend_warnings(offer, months, deadline_date) -> list[str]:
    if offer.kind != OfferKind.STAGE or offer.stipend_amount is None:
        return []
    if months is None or months <= STIPEND_REQUIRED_OVER_MONTHS:
        return []
    year = reference_year(offer, deadline_date)
    minimum = legal_minimum_hourly(year) if year is not None else None
    hourly = hourly_equivalent(offer)
    if minimum is None or hourly is None:
        return []
    if hourly >= minimum:
        return []
    return [
        f"Gratification sous le minimum légal de {year} ({_money(minimum)} € de l'heure) "
        f"pour un stage de plus de {STIPEND_REQUIRED_OVER_MONTHS} mois : "
        f"{_money(offer.stipend_amount)} € {offer.get_stipend_unit_display()}."
    ]


def probable_duplicate(offer: Offer) -> Offer | None:
    """Another offer of the same organisation with nearly the same title."""
    if not offer.organisation_id or not offer.title:
        return None
    title = _letters(offer.title)
    for other in _others(offer).only("pk", "title", "status"):
        if _similar(title, _letters(other.title)):
            return other
    return None


def other_offers_of_its_organisation(offer_id, organisation_id):
    """The offers a probable duplicate is looked for among (OuterRefs welcome)."""
    return Offer.objects.filter(organisation_id=organisation_id).exclude(pk=offer_id)


def _others(offer: Offer):
    return other_offers_of_its_organisation(offer.pk, offer.organisation_id)


def _similar(a: tuple[str, Counter], b: tuple[str, Counter]) -> bool:
    """difflib's ratio of two normalised titles reaches the threshold. A page of the queue
    compares each waiting offer with every offer of its organisation, and most titles differ at a
    glance: difflib's own upper bounds first (its real_quick_ratio and quick_ratio, computed from
    lengths and letter counts kept per title), the full comparison for the few left."""
    (text_a, letters_a), (text_b, letters_b) = a, b
    if text_a == text_b:
        return True  # difflib's ratio is 1 (the same title posted again is the common case)
    total = len(text_a) + len(text_b)
    threshold = DUPLICATE_TITLE_SIMILARITY * total / 2
    if min(len(text_a), len(text_b)) < threshold:
        return False
    if (letters_a & letters_b).total() < threshold:
        return False
    return difflib.SequenceMatcher(None, text_a, text_b).ratio() >= DUPLICATE_TITLE_SIMILARITY


def _longest_duration(offer) -> int | None:
    values = [v for v in (offer.duration_min_months, offer.duration_max_months) if v is not None]
    return max(values) if values else None


@functools.lru_cache(maxsize=4096)
def _letters(title: str) -> tuple[str, Counter]:
    """A title folded (case, accents, punctuation) and its letters counted: the same titles come
    back page after page of the queue."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = " ".join("".join(c if c.isalnum() else " " for c in letters).split())
    return folded, Counter(folded)


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


def _money(value) -> str:
    return formats.number_format(value, decimal_pos=2, use_l10n=True)


def new_organisation_warning(offer: Offer) -> str:
    """For moderators: the offer's organisation was proposed with it and is checked with it."""
    if not offer.organisation_id or offer.organisation.verified:
        return ""
    return (
        f"Nouvelle organisation, pas encore vérifiée : « {offer.organisation.name} »"
        f" ({_identity(offer.organisation)}). Publier cette offre la valide, et la personne"
        " qui l'a proposée en devient membre publieur."
    )


def _identity(organisation) -> str:
    facts = [organisation.city, organisation.website, organisation.registration_number]
    return ", ".join(fact for fact in facts if fact) or "ni ville, ni site, ni numéro"
