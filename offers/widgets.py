"""The list's filter widgets, built in Python: the HTML Django's widget templates give.

The template engine renders every widget as a template of its own, and every <option> of a
select as another one (about 0.3 ms each): the filter form has 130 options (101 départements).
tests/offers/test_widgets.py holds these widgets to the HTML they replaced.
"""

from django import forms
from django.utils.safestring import mark_safe

from .escaping import conditional_escape as escape


def flat_attributes(attrs: dict) -> str:
    """django.forms.utils.flatatt: sorted name="value" pairs, then the sorted true booleans."""
    pairs, booleans = [], []
    for name, value in attrs.items():
        if isinstance(value, bool):
            if value:
                booleans.append(name)
        elif value is not None:
            pairs.append((name, value))
    return "".join(f' {escape(name)}="{escape(value)}"' for name, value in sorted(pairs)) + "".join(
        f" {escape(name)}" for name in sorted(booleans)
    )


def template_attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: in the given order, False left out, True bare."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escape(name)}")
        else:
            parts.append(f' {escape(name)}="{escape(str(value))}"')
    return "".join(parts)


class FastSelect(forms.Select):
    """A select on one line (no newlines between options), otherwise forms.Select's HTML.

    Its options are read from the choices directly, as Select.optgroups() reads them: the first
    option whose value matches is selected, a None value is the empty one, a list or tuple of
    choices is an <optgroup> labelled with its name.
    """

    def render(self, name, value, attrs=None, renderer=None):
        values = self.format_value(value)
        has_selected = False
        parts = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, list | tuple)
            options = option_label if grouped else [(option_value, option_label)]
            rendered = []
            for subvalue, sublabel in options:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in values
                has_selected |= selected
                rendered.append(
                    f'<option value="{escape(str(subvalue))}"{" selected" if selected else ""}>'
                    f"{escape(sublabel)}</option>"
                )
            if grouped and option_value:
                parts.append(
                    f'<optgroup label="{escape(option_value)}">{"".join(rendered)}</optgroup>'
                )
            else:
                parts.extend(rendered)
        attributes = flat_attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{"".join(parts)}</select>')


class FastInputMixin:
    """django/forms/widgets/input.html, for the text-like inputs and the checkbox."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        value_attribute = f' value="{escape(str(shown))}"' if shown is not None else ""
        return mark_safe(
            f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
            f"{value_attribute}{template_attributes(widget['attrs'])}>"
        )


class FastCheckboxInput(FastInputMixin, forms.CheckboxInput):
    pass


class FastSearchInput(FastInputMixin, forms.TextInput):
    input_type = "search"
