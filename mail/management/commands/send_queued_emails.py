from django.core.management.base import BaseCommand

from mail.outbox import send_due


class Command(BaseCommand):
    help = "Send the queued e-mails that are due (those a worker did not send)."

    def handle(self, *args, **options):
        counts = send_due()
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "none"
        self.stdout.write(f"Queued e-mails: {summary}")
