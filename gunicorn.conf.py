"""gunicorn settings, from the environment like everything else (read by gunicorn at start)."""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
# Sync workers, one request each: only then is `timeout` a bound on a single request (a threaded
# worker keeps signalling it is alive while one of its requests hangs). Concurrency comes from
# the number of workers; the database's statement and connect timeouts (config/settings.py)
# end slow queries well before this limit, so the student gets the 503 page, not a reset.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Request line and headers are bounded: a huge URL gets a 4xx from gunicorn, not a worker hog.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
# The container's file system may be read-only: heartbeat files go to memory.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_worker_init(worker):
    """Build the board index and read the search's equivalences before the first request: a
    fresh worker's first search then costs what the others' do (offers.caches)."""
    from django.apps import apps

    if not apps.ready:  # an application other than the site (a test's own)
        return
    from django.db import connections

    from offers import board_index

    # Not the communes (offers.communes, about 40 MB, half a second): read by a worker's first
    # search near a town or first offer saved. Read here, a worker uploading the heaviest
    # document the importer accepts goes over its memory bound (tests/hardening).
    try:
        board_index.current()
    except Exception:  # noqa: BLE001 - a database not ready yet: the first request builds it
        worker.log.warning("The board index will be built by the first request.")
    finally:
        connections.close_all()
