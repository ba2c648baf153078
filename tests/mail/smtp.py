"""A real SMTP server (aiosmtpd) on a free port, that accepts or refuses messages on demand."""

import contextlib

from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd's handler: keeps what it accepted; answers 451 while `refusing` is set."""

    def __init__(self):
        self.messages = []
        self.refusing = False
        self.refused = 0
        # What the refused tries carried, to compare them with the accepted one.
        self.refused_messages = []

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            self.refused += 1
            self.refused_messages.append(envelope)
            return "451 4.3.0 Service momentanément indisponible, réessayez plus tard"
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server(port: int, inbox: Inbox):
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
