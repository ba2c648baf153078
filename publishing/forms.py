import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offers.importer.sources import PostingSourceForm, one_posting

# La Poste's establishments are numbered outside the Luhn rule: the digits' sum is a multiple of 5.
LA_POSTE_SIREN = "356000000"


def registration_number(value: str) -> str:
    """A SIRET (14 digits, Luhn key) or an RNA number (W and 9 characters), spaces removed."""
    compact = re.sub(r"[\s.\-]", "", value).upper()
    if not compact:
        return ""
    if re.fullmatch(r"\d{14}", compact) and _siret_key_valid(compact):
        return compact
    if re.fullmatch(r"W[0-9A-Z]\d{8}", compact):
        return compact
    raise forms.ValidationError(
        _(
            "Ce n'est ni un SIRET (14 chiffres, par exemple 123 456 789 00012) ni un numéro RNA "
            "(W suivi de 9 caractères, par exemple W751234567). Vous pouvez aussi laisser "
            "ce champ vide."
        )
    )


def _siret_key_valid(siret: str) -> bool:
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(d) for d in siret) % 5 == 0
    total = 0
    for position, digit in enumerate(reversed(siret)):
        n = int(digit) * (2 if position % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


class PublishForm(PostingSourceForm):
    # Or the fields themselves, put together as a posting that the importer reads.
    title = forms.CharField(label=gettext_lazy("Intitulé"), max_length=200, required=False)
    place = forms.CharField(label=gettext_lazy("Lieu"), max_length=200, required=False)
    deadline = forms.CharField(
        label=gettext_lazy("Date limite de candidature"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Par exemple : 15 janvier 2027."),
    )
    description = forms.CharField(
        label=gettext_lazy("Description : missions, profil, durée, comment postuler"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
        required=False,
    )
    name = forms.CharField(label=gettext_lazy("Votre nom"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Votre adresse e-mail"), max_length=254)
    organisation_name = forms.CharField(label=gettext_lazy("Nom de l'organisation"), max_length=200)
    organisation_city = forms.CharField(label=gettext_lazy("Ville"), max_length=120)
    organisation_website = forms.URLField(
        label=gettext_lazy("Site web"),
        required=False,
        assume_scheme="https",
        max_length=200,
        # A text input: people type "atelier.fr", which a browser's url input refuses.
        widget=forms.TextInput(attrs={"inputmode": "url"}),
        help_text=gettext_lazy("Par exemple : atelier-citoyen.fr"),
    )
    registration_number = forms.CharField(
        label=gettext_lazy("SIRET ou numéro RNA (facultatif)"), max_length=40, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Le fichier de l'annonce")
        self.fields["text"].label = _("Ou son texte, collé ici")
        self.fields["text"].widget.attrs = {"rows": 10}

    def clean_registration_number(self):
        return registration_number(self.cleaned_data.get("registration_number", ""))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        written = self.written_posting()
        if written and (cleaned.get("text", "").strip() or cleaned.get("file")):
            raise forms.ValidationError(
                _("Collez l'annonce, envoyez-la ou remplissez les champs : une seule des trois.")
            )
        if written:
            self.posting, self.extracted = one_posting(written)
        else:
            self.posting, self.extracted = one_posting(self.source_text())
        return cleaned

    def written_posting(self) -> str:
        """The fields as a posting's text, in the words the importer reads."""
        data = self.cleaned_data
        if not any(data.get(f, "").strip() for f in ("title", "place", "deadline", "description")):
            return ""
        if not data.get("title", "").strip():
            raise forms.ValidationError({"title": _("Donnez l'intitulé de l'offre.")})
        # In French whatever the page's language: these are the words the importer reads.
        lines = [data["title"].strip(), ""]
        if data.get("place", "").strip():
            lines += [f"Lieu : {data['place'].strip()}", ""]
        if data.get("deadline", "").strip():
            lines += [f"Candidatures avant le {data['deadline'].strip()}", ""]
        lines.append(data.get("description", "").strip())
        return "\n".join(lines).strip() + "\n"


class SignInForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Votre adresse e-mail"), max_length=254)
