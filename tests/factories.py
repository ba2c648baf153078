import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from offers.models import Deadline, DeadlineKind, Offer, OfferStatus
from organisations import roles
from organisations.models import Contact, Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Association Concertation {n}")
    slug = factory.Sequence(lambda n: f"association-concertation-{n}")
    kind = Organisation.Kind.ASSOCIATION
    city = "Lyon"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Camille Martin {n}")
    role = "Chargée de mission"
    email = factory.Sequence(lambda n: f"camille{n}@example.org")


class OfferFactory(factory.django.DjangoModelFactory):
    """A published offer; the subclasses give the other statuses."""

    class Meta:
        model = Offer

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Chargé·e de concertation {n}")
    slug = factory.Sequence(lambda n: f"charge-concertation-{n}")
    kind = Offer.Kind.STAGE
    status = OfferStatus.PUBLISHED
    description = "## Missions\n\n- Animer des ateliers de concertation"
    city = "Lyon"
    postal_code = "69001"
    department_code = "69"
    duration_min_months = 6
    duration_max_months = 6
    how_to_apply = "CV et lettre de motivation par courriel."
    published_at = factory.LazyFunction(timezone.now)


class DraftOfferFactory(OfferFactory):
    status = OfferStatus.DRAFT
    published_at = None


class SubmittedOfferFactory(OfferFactory):
    status = OfferStatus.SUBMITTED
    published_at = None


class RejectedOfferFactory(OfferFactory):
    status = OfferStatus.REJECTED
    published_at = None


class ArchivedOfferFactory(OfferFactory):
    status = OfferStatus.ARCHIVED


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    offer = factory.SubFactory(OfferFactory)
    kind = DeadlineKind.APPLICATION
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    wording = factory.Sequence(lambda n: f"Candidatures avant la date {n}")


# Every test user's password: the browser tests sign in with it.
PASSWORD = "mot-de-passe"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def publisher(organisation, **fields):
    """A user who publishes for the organisation, with the Publishers group's permissions."""
    user = UserFactory(**fields)
    roles.make_publisher(user, organisation)
    return get_user_model().objects.get(pk=user.pk)


def moderator(**fields):
    user = UserFactory(**fields)
    roles.make_moderator(user)
    return get_user_model().objects.get(pk=user.pk)
