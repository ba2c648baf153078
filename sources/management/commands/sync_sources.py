"""Runs the offer sources: `python manage.py sync_sources [URL…] [--dry-run]`.

Prints one JSON object per source, one a line: what was created, updated, left unchanged,
attached to an offer already on the board, archived, and refused (with why). The scheduler runs
it every few hours (deploy/crontab); running it again creates nothing new.
"""

import json

from django.core.management.base import BaseCommand

from sources.services import sync_addresses


class Command(BaseCommand):
    help = "Lit les sources d'offres (flux, pages, missions) et en fait des brouillons d'offres."

    def add_arguments(self, parser):
        parser.add_argument(
            "addresses",
            nargs="*",
            metavar="URL",
            help="Les adresses à lire (enregistrées comme sources ou non) ; toutes les sources "
            "actives sinon.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Lit et compte, mais n'enregistre rien."
        )

    def handle(self, *args, addresses, dry_run, **options):
        for report in sync_addresses(addresses, dry_run=dry_run):
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
