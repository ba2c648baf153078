"""The benchmark's wiring: its pages exist and answer, its trivial view stays out of production."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from bench.pages import PAGES
from organisations.roles import make_moderator

pytestmark = pytest.mark.django_db


def test_the_floor_view_is_off_unless_the_benchmark_turns_it_on(client):
    assert client.get("/bench/floor/").status_code == 404


def test_every_benchmarked_page_answers_on_a_synthetic_board(settings):
    settings.PAGE_SIZE = 1
    call_command("seed_synthetic", offers=1_200, verbosity=0)
    moderator = User.objects.create_user("moderatrice")
    make_moderator(moderator)
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(moderator)
    answered = []
    for page in PAGES:
        url = page.url()
        if url is None:
            continue
        response = (signed_in if page.moderator else anonymous).get(url)
        assert response.status_code == 200, page.name
        answered.append(page.name)
    # Every page is on this branch now: none may be skipped.
    assert answered == [page.name for page in PAGES]
