from django.core.management.base import BaseCommand

from offers.jobs import archive_closed_offers


class Command(BaseCommand):
    help = "Archive the published offers whose applications closed more than 30 days ago."

    def handle(self, *args, **options):
        archived = archive_closed_offers()
        self.stdout.write(f"Archived offers: {len(archived)}")
