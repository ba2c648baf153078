"""French typography for the Django-rendered templates (e-mails, the error page); the Jinja2
pages get theirs from config/jinja2.py. Both read offers.typography."""

from django import template
from django.utils import dateformat, formats
from django.utils.safestring import mark_safe

from offers import typography

register = template.Library()


@register.filter
def long_date(value, format_string: str = "DATE_FORMAT") -> str:
    """Django's `date` with "1er" for the first of the month in French;
    `format_string` is a format's name or a format itself ("j F Y")."""
    if not value:
        return ""
    if format_string.isupper():
        return typography.long_date(value, format_string)
    text = dateformat.format(value, formats.get_format(format_string))
    if getattr(value, "day", None) == 1 and typography.is_french() and format_string[:1] == "j":
        return "1er" + text[1:]
    return text


@register.filter(is_safe=True)
def french_spaces(html: str) -> str:
    """{% filter french_spaces %}: a Django-rendered page's text with French non-breaking spaces."""
    return mark_safe(typography.french_html_in(str(html)))
