from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
    PUBLIC_BODY = "public_body", _("Établissement ou organisme public")
    UNIVERSITY = "university", _("Université ou laboratoire de recherche")
    COMPANY = "company", _("Cabinet de conseil ou entreprise")
    COOPERATIVE = "cooperative", _("Coopérative")
    OTHER = "other", _("Autre")


class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField("nom", max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField("site web", blank=True)
    description = models.TextField("présentation courte", blank=True)
    city = models.CharField("ville", max_length=120, blank=True)
    registration_number = models.CharField(
        "SIRET ou RNA", max_length=14, blank=True, help_text="Tel que la personne l'a donné."
    )
    # An organisation proposed from /publier/ waits for a moderator, who checks it with its
    # first offer: publishing that offer verifies it (organisations.joining).
    verified = models.BooleanField("vérifiée", default=True)

    objects = OrganisationManager()

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class ContactManager(models.Manager):
    def get_by_natural_key(self, organisation_slug, name, email):
        return self.get(organisation__slug=organisation_slug, name=name, email=email)


class Contact(models.Model):
    """A person, or a shared mailbox, to whom students apply or ask questions."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name="organisation"
    )
    name = models.CharField("nom", max_length=200, blank=True)
    role = models.CharField("fonction", max_length=300, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=40, blank=True)

    objects = ContactManager()

    class Meta:
        verbose_name = "contact"
        ordering = ["organisation__name", "name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "email"], name="contact_unique_per_organisation"
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="contact_has_email_or_phone"
            ),
        ]

    def __str__(self):
        return self.name or self.email or self.phone

    def is_shown_by_other_organisations(self) -> bool:
        """Whether another organisation's offers show this contact: then it is theirs too, and
        only a moderator may change it."""
        return self.offers.exclude(organisation_id=self.organisation_id).exists()

    def natural_key(self):
        return (self.organisation.slug, self.name, self.email)

    natural_key.dependencies = ["organisations.organisation"]

    def clean(self):
        if not self.email and not self.phone:
            raise ValidationError("Indiquez au moins un courriel ou un téléphone.")


class Membership(models.Model):
    """A user who publishes offers on behalf of an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="utilisateur",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="organisation",
    )
    created_at = models.DateTimeField("depuis le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "membre d'une organisation"
        verbose_name_plural = "membres des organisations"
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class JoinRequest(models.Model):
    """A person whose address was verified asks to publish for an organisation already on the
    board: a member or a moderator agrees (organisations.joining)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name="personne",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name="organisation",
    )
    created_at = models.DateTimeField("demandée le", default=timezone.now, editable=False)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="acceptée par",
    )

    class Meta:
        verbose_name = "demande pour rejoindre une organisation"
        verbose_name_plural = "demandes pour rejoindre une organisation"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="joinrequest_one_per_user_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.user.email} → {self.organisation}"
