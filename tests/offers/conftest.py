"""The people of the moderation tests: an organisation, a publisher of it, a moderator.
A test file that needs them otherwise (signed in, another name) defines its own."""

import pytest

from tests.alerts.conftest import site_url  # noqa: F401  (a fixture)
from tests.factories import OrganisationFactory, moderator, publisher


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def author(organisation):
    return publisher(organisation, username="autrice")


@pytest.fixture
def moderatrice():
    return moderator(username="moderatrice", email="moderation@participe.test")
