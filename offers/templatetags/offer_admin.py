from django import template

from organisations.roles import is_moderator, organisations_of

from ..models import Offer, OfferStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_offers(context) -> int | None:
    """How many offers wait for review: all of them for a moderator, their own for a publisher."""
    user = context["request"].user
    if not user.has_perm("offers.view_offer"):
        return None
    offers = Offer.objects.filter(status=OfferStatus.SUBMITTED)
    if not is_moderator(user):
        offers = offers.filter(organisation__in=organisations_of(user))
    return offers.count()
