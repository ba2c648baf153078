from django.core.management.base import BaseCommand

from offers.jobs import remind_deadlines


class Command(BaseCommand):
    help = "Remind organisations 7 days before their offer's deadline and on the day, once each."

    def handle(self, *args, **options):
        self.stdout.write(f"Reminders queued: {remind_deadlines()}")
