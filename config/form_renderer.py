"""Forms of the public pages rendered by Jinja2 templates (templates/jinja2/forms/).

A field's template is chosen by the kind of field (offers.filters.filter_for); the options are
written inline, without a widget object per option. Django's own templates (error lists) are
still Django's.
"""

from django.forms.renderers import DjangoTemplates
from django.template import engines


class PublicFormRenderer(DjangoTemplates):
    def get_template(self, template_name):
        if template_name.startswith("django/"):
            return super().get_template(template_name)
        return engines["jinja2"].get_template(template_name)
