"""The one place alerts hand a message over for delivery.

Today it sends at once; once background tasks exist (the e-mail outbox), this function queues
the message instead, and nothing else in alerts changes.
"""

from django.core.mail import EmailMultiAlternatives


def send(message: EmailMultiAlternatives) -> None:
    message.send()
