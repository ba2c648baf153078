"""Editing an offer's content in the admin without undoing anybody else's work.

A content save writes the columns its form edits and nothing else: the moderation fields
(status, dates, flags) only ever change through offers.workflow. Every write that matters bumps
`Offer.version`; the form carries the version its editor read, and the save checks it against
the row, locked until the admin's transaction commits, so a second editor (or a moderator's
decision taken meanwhile) is reported on the form instead of being overwritten.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F

from .models import DeadlineKind, Offer

STALE_MESSAGE = (
    "Cette offre a été modifiée par quelqu'un d'autre (contenu ou statut) depuis que vous "
    "l'avez ouverte. Vos changements n'ont pas été enregistrés : ouvrez-la à nouveau pour "
    "voir la version actuelle, puis refaites-les."
)

# Derived by Offer.save() from the edited fields, so written with them.
DERIVED_FIELDS = ["department_code"]


class VersionCheckedForm(forms.ModelForm):
    # Not named after the model's field: the admin refuses non-editable model fields in forms.
    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["read_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            # The lock lasts until the admin's transaction commits the save: no decision can
            # slip in between this check and the write.
            current = (
                Offer.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("read_version") != current:
                raise ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


def save_content(offer: Offer, form: forms.ModelForm) -> None:
    """Write what the form edits (a new version), never the moderation fields."""
    editable = {f.name for f in Offer._meta.concrete_fields if f.editable}
    fields = [name for name in form.cleaned_data if name in editable]
    offer.version += 1
    offer.save(update_fields=[*fields, *DERIVED_FIELDS, "version"])


def edited_elsewhere(offers) -> None:
    """Part of these offers' content (a deadline) was written from another page than theirs:
    a new version, so that an editor whose offer form was read before is told, not obeyed."""
    offers.update(version=F("version") + 1)


class DeadlineFormSet(forms.BaseInlineFormSet):
    """The deadlines of one offer, checked together: the database allows one application
    deadline per offer, and two rows of one save would otherwise lose the whole edit."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        applications = [
            form for form in kept if form.cleaned_data.get("kind") == DeadlineKind.APPLICATION
        ]
        if len(applications) > 1:
            raise ValidationError(
                "Une offre n'a qu'une date limite de candidature : gardez une seule ligne de ce "
                "type (les autres peuvent être « Autre échéance »).",
                code="several_application_deadlines",
            )
