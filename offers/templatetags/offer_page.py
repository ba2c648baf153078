from django import template

from offers.offer_html import article

register = template.Library()


@register.simple_tag
def offer_article(offer):
    """The offer page's <article>, built in Python (offers/offer_html.py)."""
    return article(offer)
