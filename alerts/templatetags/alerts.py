from django import template

from alerts.models import Frequency

register = template.Library()


@register.simple_tag
def alert_frequencies():
    """The frequency options, from the model's choices (the form on the list is plain HTML:
    the list page is built within a few milliseconds and cached for anonymous visitors)."""
    return [(value, label, value == Frequency.WEEKLY) for value, label in Frequency.choices]


@register.simple_tag
def saved_status_limit():
    """How many saved offers the page may ask about at once (alerts.reminders.MAX_SAVED)."""
    from alerts.reminders import MAX_SAVED

    return MAX_SAVED
