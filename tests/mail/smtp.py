"""A real SMTP server (aiosmtpd) on a free port, that accepts or refuses messages on demand.

Tests take it as the `smtp` fixture (tests/conftest.py: the server, and Django's SMTP backend
pointed at it), or start it themselves where a worker in another process sends.
"""

import contextlib
import email
import logging
from email import policy

from aiosmtpd.controller import Controller
from django.test import override_settings


class Inbox:
    """aiosmtpd's handler: keeps what it accepted, as sent (`envelopes`) and parsed
    (`messages`); answers 451 while `refusing` is set, and keeps what it refused."""

    def __init__(self):
        self.envelopes = []
        self.messages = []
        self.refusing = False
        self.refused = 0
        # What the refused tries carried, to compare them with the accepted one.
        self.refused_envelopes = []

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            self.refused += 1
            self.refused_envelopes.append(envelope)
            return "451 4.3.0 Service momentanément indisponible, réessayez plus tard"
        self.envelopes.append(envelope)
        self.messages.append(parsed(envelope))
        return "250 Message accepted for delivery"

    def received(self, address: str) -> list:
        """The messages accepted for `address` alone, parsed."""
        return [
            message
            for envelope, message in zip(self.envelopes, self.messages, strict=True)
            if envelope.rcpt_tos == [address]
        ]


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content, policy=policy.default)


@contextlib.contextmanager
def smtp_server(port: int, inbox: Inbox):
    # aiosmtpd logs every SMTP command at INFO.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def smtp_settings(port: int, **more):
    """Django's SMTP backend, pointed at the server on `port`, without login or TLS."""
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        **more,
    )
