"""Settings for the test suite: the real settings, made fast and quiet where it does not matter."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-secret-key-not-for-production-0123456789")

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files come from the source folders: the suite needs no collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Live-server threads must not keep connections open past their request: the test database is
# dropped at the end, and PostgreSQL refuses while a session lingers.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# The test client speaks plain HTTP; the production redirect is tested in a subprocess.
SECURE_SSL_REDIRECT = False
# Tasks run at once after the commit, as under `make run`; the tests of the worker and its
# retries switch to the database backend themselves.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Every test client is 127.0.0.1, and a test may walk every page of a search: the search budget
# is off but in its own tests (tests/offers/test_search_budget.py).
SEARCHES_PER_MINUTE = 0
# A change shows on the next request, stored pages included: the tests of the page cache set
# the delay that lets a stored page be found without a query themselves.
BOARD_VERSION_SECONDS = 0
