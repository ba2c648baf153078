from django import template

from offers.list_html import cards
from offers.list_html import filter_fields as filter_fields_html

register = template.Library()


@register.simple_tag
def offer_cards(offers):
    """Each offer's card in a list item, built in Python (offers/list_html.py)."""
    return cards(offers)


@register.simple_tag
def filter_fields(form):
    """The filter form's fields: label, errors and widget of each (offers/list_html.py)."""
    return filter_fields_html(form)
