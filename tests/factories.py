import datetime

import factory
from django.utils import timezone

from offers.models import Deadline, DeadlineKind, Offer, OfferStatus
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
