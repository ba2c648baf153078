import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.test import TestCase


def committed():
    """Run what the enclosed code's commit would run: the outbox hands each queued e-mail to
    the task backend then, which in the tests (as under `make run`) sends it at once.

    Tests run inside a transaction that is never committed; Django's own helper plays it.
    """
    return TestCase.captureOnCommitCallbacks(execute=True)


def sweep_when_due(email) -> None:
    """The scheduler's sweeper, run twice once an e-mail's retry is due: it is sent once."""
    with time_machine.travel(email.next_attempt_at + datetime.timedelta(seconds=1)):
        call_command("send_queued_emails", verbosity=0)
        call_command("send_queued_emails", verbosity=0)


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://participe.example"
    return settings.SITE_URL


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link_path(text: str, prefix: str) -> str:
    """The path of the first link in `text` under `prefix` (e.g. /alertes/confirmer/)."""
    match = re.search(r"https?://[^\s\"<>]+" + re.escape(prefix) + r"[^\s\"<>]+", text)
    assert match, f"no {prefix} link in:\n{text}"
    return urlsplit(match.group(0)).path
