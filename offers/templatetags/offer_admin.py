from django import template

from organisations.roles import is_moderator, organisations_of

from ..models import Offer, OfferStatus

register = template.Library()


def _offers_seen_by(user):
    """All offers for a moderator, their own organisations' for a publisher, None otherwise."""
    if not user.has_perm("offers.view_offer"):
        return None
    if is_moderator(user):
        return Offer.objects.all()
    return Offer.objects.filter(organisation__in=organisations_of(user))


@register.simple_tag(takes_context=True)
def waiting_offers(context) -> int | None:
    """How many offers wait for review: all of them for a moderator, their own for a publisher."""
    offers = _offers_seen_by(context["request"].user)
    return None if offers is None else offers.filter(status=OfferStatus.SUBMITTED).count()


@register.simple_tag(takes_context=True)
def edited_offers(context) -> int | None:
    """How many published offers were edited since a moderator approved them (still online,
    waiting for a moderator to read the edit)."""
    offers = _offers_seen_by(context["request"].user)
    if offers is None:
        return None
    return offers.filter(status=OfferStatus.PUBLISHED, modified_since_approval=True).count()
