from django.core.management.base import BaseCommand

from alerts.models import Frequency
from alerts.services import send_digests


class Command(BaseCommand):
    help = (
        "Met dans la file d'envoi, pour chaque abonnement confirmé de cette fréquence, les "
        "offres publiées depuis son dernier envoi (rien quand il n'y a rien de nouveau) ; le "
        "worker les envoie, et réessaie si le serveur de mail refuse. Relancée, elle ne met "
        "rien deux fois en file. Planifié : daily chaque jour à 8 h (heure de Paris), weekly "
        "le lundi à 8 h."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", required=True, choices=Frequency.values)

    def handle(self, *args, frequency, **options):
        queued = send_digests(frequency)
        # Queued, not sent: delivery (and its retries) shows in the outbox, in the admin.
        self.stdout.write(f"{queued} e-mail(s) d'alerte mis en file d'envoi.")
