from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.hardening.servers import free_port
from tests.mail.smtp import Inbox, smtp_server, smtp_settings

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
SEED_FIXTURES = sorted(str(path) for path in FIXTURES_DIR.glob("*.yaml"))
# The source postings the seed fixtures were written from, kept with them.
POSTINGS_DIR = FIXTURES_DIR / "postings"


@pytest.fixture
def seed(db):
    """The board's seed content, loaded exactly as `make run` loads it."""
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language. A request in English leaves English active in
    its thread (LocaleMiddleware activates, nothing deactivates): without this, a test that ran
    before decides in which language the next one's messages and dates are written."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page: the database is rolled back, the cache is not."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def smtp():
    """A real SMTP server on a free port, and Django's SMTP backend pointed at it: the inbox
    (tests/mail/smtp.py), which refuses while `smtp.refusing` is set."""
    port = free_port()
    with smtp_settings(port, EMAIL_TIMEOUT=5), smtp_server(port, Inbox()) as inbox:
        yield inbox


@pytest.fixture(scope="session", autouse=True)
def no_session_left_on_the_test_database(request, django_db_blocker):
    """The gunicorn and runserver processes some tests start are ended, but PostgreSQL may not
    have closed their sessions yet when the last test of a process ends: the test database could
    then not be dropped. They are closed here, once every test has run (torn down before the
    database, which it sets up first; a run without database tests sets up none)."""
    uses_database = any(
        item.get_closest_marker("django_db") or {"db", "transactional_db"} & set(item.fixturenames)
        for item in request.session.items
    )
    if not uses_database:
        yield
        return
    request.getfixturevalue("django_db_setup")
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def pytest_collection_modifyitems(items):
    # Tests that stop the database run last, so nothing else meets the outage they cause.
    items.sort(key=lambda item: item.get_closest_marker("disruptive") is not None)


@pytest.fixture(autouse=True, scope="session")
def jinja2_pages_report_their_context():
    """response.context for the Jinja2 pages, as Django's test set-up gives it for its own
    templates (django.test.utils.setup_test_environment instruments only those)."""
    restore = report_jinja2_context()
    yield
    restore()


def report_jinja2_context():
    """Make Jinja2 templates send template_rendered; returns what undoes it. Also used by
    scripts that tests run in a subprocess (tests/offers/test_search_words.py)."""
    from django.template.backends.jinja2 import Template
    from django.test.signals import template_rendered

    render = Template.render

    def instrumented(self, context=None, request=None):
        context = {} if context is None else context
        html = render(self, context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html

    Template.render = instrumented

    def restore():
        Template.render = render

    return restore
