from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
SEED_FIXTURES = sorted(str(path) for path in FIXTURES_DIR.glob("*.yaml"))
# The source postings the seed fixtures were written from, kept with them.
POSTINGS_DIR = FIXTURES_DIR / "postings"


@pytest.fixture
def seed(db):
    """The board's seed content, loaded exactly as `make run` loads it."""
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page: the database is rolled back, the cache is not."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


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
