"""Loads the seed offers (fixtures/*.yaml) into an empty board, and only into an empty one.

`make run` calls it every time: the first run gets the 28 offers, later runs keep what was
changed in the admin since (loaddata would overwrite the seed rows with their fixtures).
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from offers.models import Offer


class Command(BaseCommand):
    help = "Charge les offres de démonstration (fixtures/*.yaml) si le tableau est vide."

    def handle(self, *args, **options):
        if Offer.objects.exists():
            self.stdout.write("Le tableau a déjà des offres : les données de départ sont gardées.")
            return
        folder = Path(settings.BASE_DIR) / "fixtures"
        fixtures = sorted(str(path) for path in folder.glob("*.yaml"))
        call_command("loaddata", *fixtures, verbosity=options["verbosity"])
