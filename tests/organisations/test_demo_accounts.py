"""`manage.py demo_accounts`: two working accounts in development, nothing in production."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from organisations.models import Membership
from organisations.roles import is_moderator

pytestmark = pytest.mark.django_db


def can_log_in(username, password):
    # The login throttle (django-axes) needs the request an admin login comes with.
    request = RequestFactory().post("/admin/login/")
    return authenticate(request=request, username=username, password=password)


def run():
    out = io.StringIO()
    call_command("demo_accounts", stdout=out, stderr=io.StringIO())
    return [line.split(" ") for line in out.getvalue().splitlines()]


def test_it_creates_a_moderator_and_a_publisher_of_a_seed_organisation(seed, settings):
    settings.DEBUG = True
    lines = run()
    assert [(role, username) for role, username, _ in lines] == [
        ("moderator", "moderatrice"),
        ("publisher", "publieur"),
    ]
    accounts = {role: can_log_in(u, p) for role, u, p in lines}
    assert all(user is not None and user.is_staff for user in accounts.values())
    assert is_moderator(accounts["moderator"]) and not is_moderator(accounts["publisher"])
    membership = Membership.objects.get(user=accounts["publisher"])
    assert membership.organisation.slug == "kimiyo"


def test_running_it_twice_resets_the_passwords_without_duplicating(seed, settings):
    settings.DEBUG = True
    run()
    lines = run()
    assert Membership.objects.count() == 1
    assert all(can_log_in(u, p) for _, u, p in lines)


def test_it_refuses_to_run_without_debug(seed, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("demo_accounts", stdout=io.StringIO())
    assert not Membership.objects.exists()
