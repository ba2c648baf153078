from django.core.management.base import BaseCommand, CommandError

from alerts.models import Frequency
from alerts.services import send_digests


class Command(BaseCommand):
    help = (
        "Envoie à chaque abonnement confirmé de cette fréquence les offres publiées depuis son "
        "dernier envoi (rien quand il n'y a rien de nouveau). Planifié : daily chaque jour à "
        "8 h (heure de Paris), weekly le lundi à 8 h."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", required=True, choices=Frequency.values)

    def handle(self, *args, frequency, **options):
        sent, failed = send_digests(frequency)
        self.stdout.write(f"{sent} e-mail(s) envoyé(s), {failed} échec(s).")
        if failed:
            # The scheduler sees the failure; the next run sends those offers again.
            raise CommandError(f"{failed} e-mail(s) d'alerte non envoyé(s) : voir le journal.")
