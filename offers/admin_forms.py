"""The publisher's offer form in the admin: the posting's order and words, not the database's."""

import re
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate as today
from django_countries import countries

from organisations.models import Contact
from organisations.roles import is_moderator, organisations_of

from . import dates, slugs, workflow
from .french_fields import FrenchDateField, FrenchDecimalField, FrenchMonthField, typed_unit
from .models import Deadline, DeadlineKind, Offer
from .offer_fields import PUBLISHER_FIELDS
from .rendering import render_markdown

# What a transition does, said before it is confirmed (archiving and withdrawing cannot be undone
# from the admin: an archived offer does not come back online).
CONFIRMED_TRANSITIONS = {
    "archive": "L'offre quitte le site : elle n'apparaît plus dans la liste et son adresse ne "
    "répond plus. Elle reste dans l'administration avec son historique, mais ne peut pas être "
    "remise en ligne. Les membres de l'organisation en sont prévenus par courriel.",
    "withdraw": {
        "submitted": "L'offre sort de la file de modération et redevient un brouillon : vous "
        "pourrez la modifier, puis la soumettre à nouveau.",
        "published": "L'offre quitte le site et est archivée : elle n'apparaît plus dans la "
        "liste et son adresse ne répond plus. Elle ne pourra pas être remise en ligne ; pour "
        "la republier, il faudra créer une nouvelle offre.",
    },
}


def consequence(name: str, offer: Offer) -> str:
    text = CONFIRMED_TRANSITIONS[name]
    return text.get(offer.status, "") if isinstance(text, dict) else text


def save_wording(offer: Offer | None, can_submit: bool) -> dict:
    """What the save buttons say, and what saving does, for an offer in its current status."""
    status = offer.status if offer is not None else "draft"
    if status in {"draft", "rejected"}:
        explanation = (
            "« Enregistrer le brouillon » garde l'offre hors ligne, visible seulement par votre "
            "organisation et l'équipe de modération. "
        )
        if can_submit:
            explanation += (
                "« Enregistrer et soumettre » l'envoie à l'équipe de modération, qui la relit "
                "avant de la publier et vous répond par courriel."
            )
        return {"save_label": "Enregistrer le brouillon", "save_explanation": explanation}
    if status == "submitted":
        return {
            "save_label": "Enregistrer",
            "save_explanation": "L'offre reste dans la file de modération, avec vos changements.",
        }
    if status == "published":
        return {
            "save_label": "Enregistrer les modifications",
            "save_explanation": "L'offre reste en ligne et vos modifications y paraissent tout "
            "de suite ; l'équipe de modération en est avertie et les relira.",
        }
    return {"save_label": "Enregistrer", "save_explanation": "L'offre reste hors ligne."}


HELP_TEXTS = {
    "organisation": "La structure qui accueille la personne recrutée.",
    "title": "Tel qu'il apparaîtra dans la liste, par exemple « Stage : animation de "
    "concertations ». L'adresse de la page en est tirée.",
    "kind": "Stage (convention avec un établissement), mission de service civique, alternance "
    "(apprentissage, contrat de professionnalisation) ou volontariat (VSI, VSC).",
    "address": "Numéro et rue, si le lieu de travail est connu.",
    "postal_code": "Le département s'en déduit si vous le laissez vide.",
    "country": "La France, ou le pays d'un stage à l'étranger.",
    "place_wording": "Le lieu dans les mots de l'annonce, par exemple « Marseille et "
    "déplacements en Provence ».",
    "remote_wording": "Par exemple « 2 jours par semaine ».",
    "start_date": "Si l'annonce donne une date exacte, par exemple 15/01/2027 ou 15 janvier 2027.",
    "start_month": "Si l'annonce ne donne que le mois, par exemple septembre 2027 ou 09/2027.",
    "start_wording": "Par exemple « dès que possible » ou « mars ou avril 2027 ».",
    "duration_min_months": "En mois. Une durée fixe : la même valeur en minimum et en maximum.",
    "weekly_hours_min": "Décimales avec une virgule : 17,5.",
    "stipend_amount": "En euros, décimales avec une virgule : 4,35 par heure ou 660 par mois.",
    "stipend_wording": "La gratification dans les mots de l'annonce, si elle en dit plus.",
    "application_url": "Un formulaire en ligne ou une page de candidature, en https://.",
    "how_to_apply": "Par exemple « CV et lettre de motivation à l'adresse du contact, "
    "avec la référence CONC-27 ».",
}

# The posting's own words for a fact: shown at once where an import filled them, otherwise
# behind "préciser avec les mots de l'annonce" (OfferAdmin.get_fieldsets).
WORDING_FIELDS = [
    "application_deadline_wording",
    "start_wording",
    "duration_wording",
    "place_wording",
    "remote_wording",
    "hours_wording",
    "stipend_wording",
    "education_wording",
]
WORDINGS_FIELDSET = "Préciser avec les mots de l'annonce"
# How the description is written: no Markdown to learn for paragraphs and lists.
DESCRIPTION_HELP = (
    "Écrivez des paragraphes séparés par une ligne vide. Pour une liste, une ligne par point, "
    "commençant par « - » (ou « • »). L'aperçu sous le champ montre la description telle que "
    "les étudiantes et étudiants la liront."
)
# Bullets pasted from a word processor or typed by habit, read as Markdown's "- ".
_BULLET = re.compile(r"^(\s*)[•·▪◦‣–—*]\s+", re.MULTILINE)
_LIST_LINE = re.compile(r"^\s*(?:-|\d+[.)])\s+")


def plain_to_markdown(text: str) -> str:
    """The description as a publisher writes it (paragraphs, lines starting with "-", "•" or
    "1."), as the Markdown the page renders: a list needs an empty line before it, which nobody
    types after "Missions :"."""
    lines = _BULLET.sub(r"\1- ", text.replace("\r\n", "\n")).split("\n")
    out: list[str] = []
    for line in lines:
        starts_list = bool(_LIST_LINE.match(line))
        if starts_list and out and out[-1].strip() and not _LIST_LINE.match(out[-1]):
            out.append("")
        out.append(line)
    return "\n".join(out)


def description_preview(text: str) -> str:
    """The description as the offer page will show it: rendered and sanitised the same way."""
    return render_markdown(plain_to_markdown(text or ""))


class DescriptionWidget(forms.Textarea):
    """The description's text box, with the page's rendering of it below, updated as one types
    by static/js/admin-description.js (OfferAdmin.description_preview_view renders it)."""

    class Media:
        js = ["js/admin-description.js"]

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        box_id = (attrs or {}).get("id", f"id_{name}")
        return render_to_string(
            "admin/offers/description_preview.html",
            {
                "box": box,
                "box_id": box_id,
                # Sanitised by render_markdown (nh3).
                "preview": mark_safe(description_preview(value)),
            },
        )


# How each number is typed, for the error that says so.
DECIMAL_EXAMPLES = {
    "weekly_hours_min": "35 ou 17,5 (heures par semaine)",
    "weekly_hours_max": "35 ou 17,5 (heures par semaine)",
    "stipend_amount": "4,50 ou 600 (en euros)",
}
DATE_FIELDS = ["start_date"]


def country_choices() -> list[tuple[str, str]]:
    # France first: nearly every offer is in France, abroad is the exception.
    others = [(code, name) for code, name in countries if code != "FR"]
    return [("FR", countries.name("FR")), *others]


def https_formfield(db_field, **kwargs):
    # Publishers type "www.example.org": read it as https://. The form's own fields (built with
    # the class) need it; the admin builds its form with its own callback, hence
    # OfferAdmin.formfield_overrides too.
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class PublisherOfferForm(forms.ModelForm):
    """The base of the admin's offer form: the fields as a publisher types them."""

    country = forms.ChoiceField(label="Pays", choices=country_choices, initial="FR")
    # The application deadline is a row of the offer's deadlines (Deadline), edited here as the
    # main field it is for a publisher; the other milestones stay in the "Échéances" rows.
    application_deadline = FrenchDateField(
        label="Date limite de candidature",
        required=False,
        validators=dates.VALIDATORS,
        widget=admin.widgets.AdminDateWidget,
        help_text="Le dernier jour pour postuler, par exemple 15/01/2027 ou 15 janvier 2027. "
        "Sans date, l'offre reste ouverte 60 jours après sa publication.",
    )
    application_deadline_wording = forms.CharField(
        label="Date limite (texte de l'annonce)",
        max_length=300,
        required=False,
        help_text="Si l'annonce la dit autrement, par exemple « avant fin novembre ».",
    )

    class Meta:
        model = Offer
        # No slug (generated) and no contacts (ContactInline): the admin adds its own fields.
        fields = PUBLISHER_FIELDS
        help_texts = {**HELP_TEXTS, "description": DESCRIPTION_HELP}
        widgets = {"description": DescriptionWidget(attrs={"rows": 14, "cols": 80})}
        formfield_callback = https_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].help_text = HELP_TEXTS["country"]
        if "start_date" in self.fields:
            self.fields["start_date"].label = "Date de début"
        deadline = self.application_deadline_row()
        if deadline is not None:
            self.initial.setdefault("application_deadline", deadline.date)
            self.initial.setdefault("application_deadline_wording", deadline.wording)
        for name, example in DECIMAL_EXAMPLES.items():
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = FrenchDecimalField(
                    example=example,
                    label=old.label,
                    required=old.required,
                    help_text=old.help_text,
                    max_digits=old.max_digits,
                    decimal_places=old.decimal_places,
                    min_value=Decimal(0),
                )
        for name in DATE_FIELDS:
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = FrenchDateField(
                    label=old.label,
                    required=old.required,
                    help_text=old.help_text,
                    widget=old.widget,
                )
        if "start_month" in self.fields:
            old = self.fields["start_month"]
            self.fields["start_month"] = FrenchMonthField(
                label=old.label,
                required=old.required,
                help_text=old.help_text,
                widget=forms.TextInput(attrs={"size": 16}),
            )

    def application_deadline_row(self) -> Deadline | None:
        if self.instance.pk is None:
            return None
        return Deadline.objects.filter(offer=self.instance, kind=DeadlineKind.APPLICATION).first()

    def clean_description(self):
        return plain_to_markdown(self.cleaned_data.get("description", ""))

    def save_application_deadline(self) -> None:
        """Write the deadline fields to the offer's application Deadline (once it is saved)."""
        if not ({"application_deadline", "application_deadline_wording"} & set(self.changed_data)):
            return
        day = self.cleaned_data.get("application_deadline")
        wording = self.cleaned_data.get("application_deadline_wording", "").strip()
        deadline = self.application_deadline_row()
        if day is None and not wording:
            if deadline is not None:
                deadline.delete()
            return
        if deadline is None:
            deadline = Deadline(offer=self.instance, kind=DeadlineKind.APPLICATION)
        deadline.date, deadline.wording = day, wording
        if day is None or (deadline.end_date and deadline.end_date < day):
            deadline.end_date = None
        deadline.save()
        offer = self.instance
        if offer.applications_closed_on is not None and day is not None and day >= today():
            # A later deadline reopens what a reminder's link closed (offers/freshness.py):
            # the page, the calendars and the reminders must not say it is closed or filled.
            offer.applications_closed_on = offer.filled_on = None
            Offer.objects.filter(pk=offer.pk).update(applications_closed_on=None, filled_on=None)

    def clean(self):
        cleaned = super().clean()
        if "stipend_unit" in self.fields and not cleaned.get("stipend_unit"):
            # "600 € par mois" typed in the amount says the unit the list left empty.
            unit = typed_unit(
                self["stipend_amount"].data if "stipend_amount" in self.fields else ""
            )
            if unit:
                cleaned["stipend_unit"] = unit
        if not self.instance.slug and cleaned.get("title"):
            # Generated once, when the offer is first saved: its address must not move later.
            self.instance.slug = slugs.free_slug(Offer, cleaned["title"])
        return cleaned


OfferContact = Offer.contacts.through


class OfferContactForm(forms.ModelForm):
    """One contact of the offer: pick one of the organisation's, or type a new one."""

    contact = forms.ModelChoiceField(
        queryset=Contact.objects.none(),
        required=False,
        label="Contact déjà enregistré",
        help_text="Ou laissez vide et remplissez les champs pour en créer un.",
    )
    name = forms.CharField(label="Nom", max_length=200, required=False)
    role = forms.CharField(label="Fonction", max_length=300, required=False)
    email = forms.EmailField(label="Courriel", required=False)
    phone = forms.CharField(label="Téléphone", max_length=40, required=False)

    # Set per request by ContactInline.get_formset: the contacts this user may pick, and who
    # edits (a shared contact is a moderator's to change; a change flags the offers showing it).
    contact_choices = Contact.objects.none()
    editor = None
    PERSON_FIELDS = ["name", "role", "email", "phone"]

    class Meta:
        model = OfferContact
        fields = ["contact"]

    def __init__(self, *args, offer=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The offer being edited, saved or not (a new offer has no pk yet while validating).
        self.offer = offer
        self.fields["contact"].queryset = self.contact_choices
        if self.instance.pk:
            person = self.instance.contact
            for name in self.PERSON_FIELDS:
                self.initial.setdefault(name, getattr(person, name))

    def clean(self):
        cleaned = super().clean()
        contact = cleaned.get("contact")
        # Only what the publisher changed is written: picking another contact in a row must
        # not copy the previous one's details onto it.
        edited = {n: cleaned.get(n, "") for n in self.PERSON_FIELDS if n in self.changed_data}
        organisation_id = self.offer.organisation_id
        self.edited = edited
        if contact is None and not any(edited.values()):
            return cleaned
        if contact is not None and organisation_id is not None:
            picked = "contact" in self.changed_data
            if contact.organisation_id != organisation_id and (picked or edited):
                raise ValidationError(
                    f"« {contact} » appartient à une autre organisation que celle de l'offre."
                )
        if (
            contact is not None
            and edited
            and not is_moderator(self.editor)
            and contact.is_shown_by_other_organisations()
        ):
            raise ValidationError(
                f"« {contact} » figure aussi sur les offres d'autres organisations : seule la "
                "modération peut modifier ses coordonnées. Laissez-les telles quelles, ou "
                "videz le choix pour saisir un autre contact."
            )
        person = {n: getattr(contact, n) if contact else "" for n in self.PERSON_FIELDS}
        person.update(edited)
        if not (person["email"] or person["phone"]):
            raise ValidationError("Indiquez au moins un courriel ou un téléphone pour ce contact.")
        if contact is not None and edited and organisation_id is not None:
            twin = Contact.objects.filter(
                organisation_id=organisation_id, name=person["name"], email=person["email"]
            ).exclude(pk=contact.pk)
            if twin.exists():
                raise ValidationError(
                    "L'organisation a déjà un contact avec ce nom et ce courriel : "
                    "choisissez-le dans la liste."
                )
        self.person = person
        return cleaned

    def save(self, commit=True):
        contact = self.cleaned_data.get("contact")
        if contact is None:
            # The organisation is the offer's: a publisher never has to pick it.
            contact, _ = Contact.objects.get_or_create(
                organisation=self.offer.organisation,
                name=self.person["name"],
                email=self.person["email"],
                defaults={"role": self.person["role"], "phone": self.person["phone"]},
            )
        elif self.edited:
            for name, value in self.edited.items():
                setattr(contact, name, value)
            contact.save(update_fields=list(self.edited))
            # The contact is part of every page that shows it, as in its own admin page.
            workflow.mark_offers_modified_by(contact.offers.all(), self.editor)
        self.instance.contact = contact
        return super().save(commit)


class OfferContactFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "offer": self.instance}


class ContactInline(admin.StackedInline):
    model = OfferContact
    form = OfferContactForm
    formset = OfferContactFormSet
    extra = 1
    verbose_name = "contact"
    verbose_name_plural = "Contacts (à qui postuler, qui répond aux questions)"
    fields = ["contact", *OfferContactForm.PERSON_FIELDS]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The offer's organisation as posted (it may be changing), else as saved.
        organisation_id = request.POST.get("organisation") or (obj and obj.organisation_id)
        if organisation_id and str(organisation_id).isdigit():
            choices = Contact.objects.filter(organisation_id=organisation_id)
        elif is_moderator(request.user):
            # Every contact of the board is too long a list: the offer's are offered once saved.
            choices = Contact.objects.none()
        else:
            choices = Contact.objects.all()
        if not is_moderator(request.user):
            choices = choices.filter(organisation__in=organisations_of(request.user))
        formset.form.contact_choices = choices.select_related("organisation")
        formset.form.editor = request.user
        return formset
