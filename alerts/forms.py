from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_QUERYSTRING_LENGTH, Frequency
from .searches import InvalidSearch, normalised_querystring


class SubscribeForm(forms.Form):
    """Not a ModelForm on purpose: its uniqueness check would tell anybody whether an address
    is already subscribed to a search."""

    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Cette adresse e-mail n'est pas valide (exemple : prenom@exemple.fr)."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("Fréquence"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        error_messages={"required": _("Choisissez une fréquence : chaque jour ou chaque semaine.")},
    )
    # The list's query string, as the page was asked for (alerts/subscribe_form.html).
    search = forms.CharField(required=False, max_length=MAX_QUERYSTRING_LENGTH)

    def clean_search(self):
        try:
            return normalised_querystring(self.cleaned_data["search"])
        except InvalidSearch as exc:
            raise forms.ValidationError(
                _(
                    "Cette recherche contient un filtre invalide : "
                    "corrigez-la sur la liste des offres."
                )
            ) from exc


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Fréquence"), choices=Frequency.choices)
