"""Drops the cached public pages whenever something they show changes.

Cache invalidation is not a state change of the board, so a signal is the right place: it
catches the admin, fixtures (raw saves included: loaddata changes pages too) and the shell.
Bulk writes send no signals; their callers call caches.invalidate() themselves.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from organisations.models import Contact, Organisation

from . import caches
from .models import Deadline, Offer, SearchEquivalence


def content_changed(sender, **kwargs):
    caches.invalidate()
    # Again once the change is committed: a visitor who came in between read the old rows and
    # stored the old page under the generation just started; only this one retires it.
    transaction.on_commit(caches.invalidate)


def locate_raw_offer(sender, instance, raw=False, **kwargs):
    """Offer.save() derives the position from the town; loaddata saves raw, without save():
    the seed offers would be near no town. Deriving a column changes nothing else."""
    if raw:
        instance.locate()


def connect() -> None:
    pre_save.connect(locate_raw_offer, sender=Offer, dispatch_uid="offer-position-raw")
    # Equivalences change what a search finds (offers.vocabulary).
    for model in (Offer, Deadline, Organisation, Contact, SearchEquivalence):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"page-cache-delete-{model}"
        )
    m2m_changed.connect(
        content_changed, sender=Offer.contacts.through, dispatch_uid="page-cache-contacts"
    )
