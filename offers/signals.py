"""What Django's signals do for the board: derive an offer's position when fixtures save it
raw, and mark where a request starts and ends, so that it reads the board's version once.

Nothing here drops cached pages: PostgreSQL moves the board's version on every write to what a
public page shows, and every cache is keyed by it (offers/caches.py).
"""

from django.core.signals import request_finished, request_started
from django.db.models.signals import pre_save

from . import caches
from .models import Offer


def locate_raw_offer(sender, instance, raw=False, **kwargs):
    """Offer.save() derives the position from the town; loaddata saves raw, without save():
    the seed offers would be near no town. Deriving a column changes nothing else."""
    if raw:
        instance.locate()


def connect() -> None:
    pre_save.connect(locate_raw_offer, sender=Offer, dispatch_uid="offer-position-raw")
    request_started.connect(caches.request_started, dispatch_uid="board-version-request-started")
    request_finished.connect(caches.request_finished, dispatch_uid="board-version-request-ended")
