import factory
from django.utils import timezone

from alerts.models import Frequency, Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription; UnconfirmedSubscriptionFactory is the other state."""

    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"etudiant{n}@example.org")
    querystring = "departement=35"
    frequency = Frequency.DAILY
    language = "fr"
    confirmed_at = factory.LazyFunction(timezone.now)


class UnconfirmedSubscriptionFactory(SubscriptionFactory):
    confirmed_at = None
