from django.core.management.base import BaseCommand

from mail.outbox import send_due
from mail.tasks import close_lost_tasks


class Command(BaseCommand):
    help = (
        "Send the queued e-mails that are due (those a worker did not send, or whose worker "
        "died while sending) and close the tasks of the workers that died."
    )

    def handle(self, *args, **options):
        counts = send_due()
        closed = close_lost_tasks()
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "none"
        self.stdout.write(f"Queued e-mails: {summary}; lost tasks closed: {closed}")
