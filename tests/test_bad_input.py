"""Every page built from a search answers bad input without a server error."""

import pytest
from django.urls import reverse

from tests.factories import DeadlineFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "offers:list",
    "offers:feed-rss",
    "offers:feed-atom",
    "offers:search-ics",
    "offers:export-csv",
    "offers:export-json",
]
NASTY = [
    {"q": "x" * 10_000},
    {"q": "démocratie\x00"},
    {"q": "\x00" * 50},
    {"q": '"unterminated -"- OR or -- !:* & | <-> ( ) \\'},
    {"q": "\ud7ff\ue000\ue001 <mark>"},
    {"departement": "999"},
    {"departement": "2C"},
    {"departement": "\x00"},
    {"region": "../../etc"},
    {"region": "75"},
    {"stipend": "1e309"},
    {"stipend": "-1"},
    {"bientot": "\x00"},
    {"remote": "peut-être"},
    {"sort": "pertinence"},
    {"sort": "\x00"},
    {"status": ["ouvertes", "closes"]},
    {"q\x00": "x", "kind\x00": "stage"},
]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_nasty_parameters_never_give_a_server_error(client, name):
    DeadlineFactory()
    for params in NASTY:
        response = client.get(reverse(name), params)
        assert response.status_code == 200, (name, params)
