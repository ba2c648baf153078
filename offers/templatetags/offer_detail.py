from django import template

from offers.offer_html import article, summary

register = template.Library()


@register.simple_tag
def offer_article(offer):
    """The offer page's <article>, built in Python (offers/offer_html.py)."""
    return article(offer)


@register.simple_tag
def offer_summary(offer):
    """The page's description for search engines and shares: "Stage chez Kimiyo à Lyon."."""
    return summary(offer)
