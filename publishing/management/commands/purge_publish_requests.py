import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from publishing.models import PublishRequest
from publishing.tokens import VERIFY_LIFETIME


class Command(BaseCommand):
    help = (
        "Supprime les propositions d'offres dont l'adresse n'a pas été vérifiée avant "
        "l'expiration du lien (et leur adresse). Sans effet la seconde fois : planifié chaque jour."
    )

    def handle(self, *args, **options):
        expired = timezone.now() - datetime.timedelta(seconds=VERIFY_LIFETIME)
        deleted, _by_model = PublishRequest.objects.filter(
            verified_at__isnull=True, user__isnull=True, created_at__lt=expired
        ).delete()
        self.stdout.write(f"{deleted} proposition(s) non vérifiée(s) supprimée(s).")
