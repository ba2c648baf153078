"""A gunicorn worker builds the board index before its first request (gunicorn.conf.py)."""

import logging
import runpy
from pathlib import Path

import pytest

from offers import caches
from offers.models import SearchEquivalence
from tests.factories import OfferFactory

CONFIG = Path(__file__).resolve().parent.parent.parent / "gunicorn.conf.py"


class Worker:
    log = logging.getLogger("gunicorn-test")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_has_its_index_and_equivalences_before_its_first_request():
    OfferFactory()
    # An equivalence of its own, whatever the seeded ones are.
    SearchEquivalence.objects.get_or_create(wordings="tiers-lieu\nfab lab")
    caches.board_index.put(None, None)
    caches.equivalence_groups.put(None, None)
    runpy.run_path(str(CONFIG))["post_worker_init"](Worker())
    version = caches.board_version()
    assert caches.board_index.version == version and caches.board_index.value.size == 1
    assert caches.equivalence_groups.version == version and caches.equivalence_groups.value
