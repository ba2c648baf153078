"""A password stays possible: Django's password reset, for the people who publish.

An account made from /publier/ has no password (it signs in by link); the reset is how its
owner gives it one. So the form finds active staff accounts whatever their password, sends
through the outbox like every other e-mail, and is rate-limited like the sign-in link.
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext as _

from mail.outbox import queue_email

from . import limits
from .services import account_for


class PublisherPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        account = account_for(email)
        if account is not None and account.is_staff:
            yield account

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        queue_email(to_email, subject, body, private=True)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PublisherPasswordResetForm

    def form_valid(self, form):
        if not limits.allowed(self.request, "password", form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Trop de demandes pour cette adresse ou depuis votre connexion : réessayez "
                    "dans une heure."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
