"""What the board needs and the posting does not say, asked on the public review itself: the
person who proposed the offer has no form of the admin yet (a new organisation's person gets
one once a moderator approved it)."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy

from offers.importer.drafts import UNTITLED
from offers.models import Offer, RemoteWork
from offers.review import has_description

LABELS = {
    "title": gettext_lazy("Intitulé de l'offre"),
    "kind": gettext_lazy("Type d'offre"),
    "city": gettext_lazy("Ville où se passe la mission"),
    "description": gettext_lazy("Description : contexte, missions, profil"),
    "how_to_apply": gettext_lazy("Comment postuler : à qui écrire, quoi envoyer"),
}


def needed_fields(offer: Offer, flagged: set[str]) -> list[str]:
    """The fields to ask for, in the order of LABELS: what offers.review.missing_for_submission
    finds missing, and a kind the importer only guessed (`flagged`)."""
    needed = set()
    if not offer.title.strip() or offer.title == UNTITLED:
        needed.add("title")
    if not offer.kind or "kind" in flagged:
        needed.add("kind")
    places = (offer.address, offer.city, offer.postal_code, offer.place_wording)
    if not any(p.strip() for p in places) and offer.remote != RemoteWork.POSSIBLE:
        needed.add("city")
    if not has_description(offer):
        needed.add("description")
    reachable = any(c.email or c.phone for c in offer.contacts.all())
    if not (reachable or offer.application_url.strip() or offer.how_to_apply.strip()):
        needed.add("how_to_apply")
    return [name for name in LABELS if name in needed]


class CompletionForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = tuple(LABELS)
        labels = LABELS
        help_texts = {"description": ""}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, needed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in needed:
                del self.fields[name]
            else:
                self.fields[name].required = True
        # Bounded as the rest of the review's form (publishing.views.REVIEW_FORM_BYTES).
        for name, most in (("description", 20_000), ("how_to_apply", 2_000)):
            if name in self.fields:
                self.fields[name].validators.append(MaxLengthValidator(most))
                self.fields[name].widget.attrs["maxlength"] = most
        if "title" in self.fields and self.instance.title == UNTITLED:
            self.initial["title"] = ""
