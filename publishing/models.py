"""What a visitor's "Proposer une offre" leaves until the address is verified: one row.

Nothing else exists before the person follows the link e-mailed to them (publishing.tokens):
no account, no organisation, no draft. Following it makes them (publishing.services); a row
never verified is deleted once its link has expired (purge_publish_requests).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PublishRequest(models.Model):
    email = models.EmailField("courriel")
    name = models.CharField("nom", max_length=150)
    organisation_name = models.CharField("organisation", max_length=200)
    organisation_city = models.CharField("ville", max_length=120)
    organisation_website = models.URLField("site web", blank=True)
    registration_number = models.CharField("SIRET ou RNA", max_length=14, blank=True)
    # The posting as the importer read it (pasted, from a file, or written from the fields).
    text = models.TextField("annonce")
    created_at = models.DateTimeField("demandée le", default=timezone.now, editable=False)
    verified_at = models.DateTimeField("adresse vérifiée le", null=True, blank=True)
    # Set once the address is verified: who, for which organisation, and the draft made.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="personne",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation trouvée ou créée",
    )
    # A foreign key, not one-to-one: the same posting proposed twice for one organisation is
    # one draft (the importer finds it by its digest), reached from both requests.
    offer = models.ForeignKey(
        "offers.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publish_requests",
        verbose_name="brouillon",
    )

    class Meta:
        verbose_name = "proposition d'offre"
        verbose_name_plural = "propositions d'offres"
        ordering = ["-created_at"]
        indexes = [
            # The purge: requests never verified, oldest first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(verified_at__isnull=True),
                name="publishrequest_unverified_idx",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_name} · {self.created_at:%Y-%m-%d %H:%M}"
