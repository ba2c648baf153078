import email
import logging
import re
from email import policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.test import TestCase

from tests.hardening.servers import free_port


class Inbox:
    """An aiosmtpd handler that keeps every message it is given, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def committed():
    """Run what the enclosed code's commit would run: the outbox hands each queued e-mail to
    the task backend then, which in the tests (as under `make run`) sends it at once.

    Tests run inside a transaction that is never committed; Django's own helper plays it.
    """
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free port, and Django's SMTP backend pointed at it."""
    inbox = Inbox()
    # aiosmtpd logs every SMTP command at INFO.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()


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
