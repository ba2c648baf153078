from django.core.management.base import BaseCommand

from alerts.services import purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Supprime les abonnements non confirmés de plus de 7 jours (et leur adresse). "
        "Sans effet la seconde fois : planifié chaque jour."
    )

    def handle(self, *args, **options):
        deleted = purge_unconfirmed()
        self.stdout.write(f"{deleted} abonnement(s) non confirmé(s) supprimé(s).")
