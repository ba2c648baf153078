"""The same offer posted twice: by its host, its place, its title and its description.

Two postings are one offer when they come from the same organisation, name no different places,
and either their titles are alike (rapidfuzz) and their descriptions share a good part of their
word shingles, or their descriptions share most of them. Different offers of one host share its
boilerplate (who we are, how to apply) but not their missions: the shingles tell them apart
where the titles ("Stage chargé·e de concertation", "Stage chargé·e de mobilisation") do not.
The thresholds were set on the labelled pairs of tests/sources/test_matching.py.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from offers.importer.text import fold
from offers.models import Offer, OfferStatus

SHINGLE = 3
# One title (case and the host's additions aside), and this share of the description's
# shingles; alike titles, and a larger share.
TITLE_SAME = 0.95
TEXT_WITH_SAME_TITLE = 0.15
TITLE_ALIKE = 0.80
TEXT_WITH_TITLE = 0.20
# Or this share of shingles, whatever the titles (a posting retitled).
TEXT_ALONE = 0.45
# Offers a new posting may be: not those already refused or archived.
OPEN_STATUSES = [OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.PUBLISHED]
# Words a host adds or drops when it reposts, which say nothing of the offer.
_NOISE = re.compile(r"\b(h|f|hf|fh|x|h f|f h|offre|de|d|stage|stagiaire|mission)\b")


@dataclass(frozen=True)
class Posting:
    title: str
    description: str
    city: str = ""
    postal_code: str = ""
    organisation: int | str | None = None


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text or ""))


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    found = words(text)
    if len(found) < size:
        return {" ".join(found)} if found else set()
    return {" ".join(found[i : i + size]) for i in range(len(found) - size + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def title_likeness(a: str, b: str) -> float:
    left = _NOISE.sub(" ", " ".join(words(a)))
    right = _NOISE.sub(" ", " ".join(words(b)))
    return fuzz.token_set_ratio(left, right) / 100


def same_place(a: Posting, b: Posting) -> bool | None:
    """True or False when both say where; None when one of them does not."""
    if a.postal_code and b.postal_code:
        return a.postal_code.strip() == b.postal_code.strip()
    if a.city and b.city:
        return " ".join(words(a.city)) == " ".join(words(b.city))
    return None


def likeness(a: Posting, b: Posting) -> tuple[float, float]:
    text = jaccard(shingles(a.description), shingles(b.description))
    return title_likeness(a.title, b.title), text


def is_same_offer(a: Posting, b: Posting) -> bool:
    if a.organisation is not None and b.organisation is not None:
        if a.organisation != b.organisation:
            return False
    if same_place(a, b) is False:
        return False
    title, text = likeness(a, b)
    return (
        (title >= TITLE_SAME and text >= TEXT_WITH_SAME_TITLE)
        or (title >= TITLE_ALIKE and text >= TEXT_WITH_TITLE)
        or text >= TEXT_ALONE
    )


def posting_of(offer: Offer) -> Posting:
    return Posting(
        title=offer.title,
        description=offer.description,
        city=offer.city,
        postal_code=offer.postal_code,
        organisation=offer.organisation_id,
    )


def find_duplicate(posting: Posting, *, exclude: list[int] = ()) -> Offer | None:
    """The offer on the board that `posting` is, among its organisation's (or its place's, when
    the organisation is not known yet)."""
    candidates = Offer.objects.filter(status__in=OPEN_STATUSES).exclude(pk__in=list(exclude))
    if posting.organisation is not None:
        candidates = candidates.filter(organisation_id=posting.organisation)
    elif posting.postal_code:
        candidates = candidates.filter(postal_code=posting.postal_code)
    elif posting.city:
        candidates = candidates.filter(city__iexact=posting.city)
    else:
        return None
    fields = ("pk", "title", "description", "city", "postal_code", "organisation_id")
    for offer in candidates.only(*fields).order_by("pk")[:500]:
        if is_same_offer(posting, posting_of(offer)):
            return offer
    return None
