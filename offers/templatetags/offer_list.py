from django import template

from offers.list_html import cards

register = template.Library()


@register.simple_tag
def offer_cards(offers):
    """Each offer's card in a list item, built in Python (offers/list_html.py)."""
    return cards(offers)
