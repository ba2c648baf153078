"""Submit / withdraw loops must not mail-bomb the moderators.

A review cycle starts with an offer's first submission and ends with a moderator's decision
(publication or rejection). Moderators are mailed once per offer per cycle: withdrawing an offer
and submitting it again before anyone decided adds nothing new to read. On top of that, one
person may submit at most SUBMISSIONS_PER_HOUR times an hour, across all offers.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from .models import OfferStatus, OfferTransition

S = OfferStatus
DECISIONS = [S.PUBLISHED, S.REJECTED]


def mails_moderators(record: OfferTransition) -> bool:
    """Whether this submission is the first of its review cycle (and so worth a mail)."""
    earlier = OfferTransition.objects.filter(offer_id=record.offer_id, pk__lt=record.pk)
    decision = earlier.filter(to_status__in=DECISIONS).order_by("-pk").first()
    if decision is not None:
        earlier = earlier.filter(pk__gt=decision.pk)
    return not earlier.filter(to_status=S.SUBMITTED).exists()


def over_submission_limit(user) -> bool:
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = OfferTransition.objects.filter(
        actor=user, to_status=S.SUBMITTED, created_at__gte=since
    )
    return recent.count() >= settings.SUBMISSIONS_PER_HOUR
