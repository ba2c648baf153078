"""Two accounts to try the admin with on a development machine: a moderator and a publisher."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations import roles
from organisations.models import Organisation

# The seed organisation the demo publisher acts for, when the fixtures are loaded.
DEMO_ORGANISATION = "kimiyo"
ACCOUNTS = [("moderator", "moderatrice"), ("publisher", "publieur")]


class Command(BaseCommand):
    help = (
        "Crée (ou réinitialise) un compte de modération et un compte de publication pour une "
        "organisation des données de démonstration, et affiche leurs mots de passe."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # Known accounts with printed passwords have no place on a real site.
            raise CommandError("demo_accounts ne fonctionne qu'en développement (DJANGO_DEBUG=1).")
        organisation = (
            Organisation.objects.filter(slug=DEMO_ORGANISATION).first()
            or Organisation.objects.order_by("name").first()
        )
        if organisation is None:
            raise CommandError("Aucune organisation : chargez d'abord les données (make seed).")

        lines = []
        with transaction.atomic():
            for role, username in ACCOUNTS:
                password = secrets.token_urlsafe(12)
                user, _ = get_user_model().objects.get_or_create(
                    username=username, defaults={"email": f"{username}@participe.invalid"}
                )
                user.set_password(password)
                user.is_active = True
                user.save()
                if role == "moderator":
                    roles.make_moderator(user)
                else:
                    roles.make_publisher(user, organisation)
                lines.append(f"{role} {username} {password}")
        for line in lines:
            self.stdout.write(line)
        self.stderr.write(f"(publieur publie pour « {organisation.name} » ; connexion sur /admin/)")
