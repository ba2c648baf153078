"""The admin's "Importer une annonce": paste or upload a posting, get a draft, review it.

OfferAdmin.get_urls() routes here; ownership is OfferAdmin's (get_object() only finds what the
user may see), and the draft goes through offers.workflow like any other offer.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from offers import workflow
from offers.french_fields import month_label
from offers.models import ImportedPosting, Offer
from organisations.models import Organisation
from organisations.roles import is_moderator, organisations_of

from .drafts import create_draft, find_existing, match_organisation, organisation_for
from .files import MAX_BYTES, UnreadableFile, bounded, read_upload, too_long
from .limits import IMPORTS_PER_HOUR, body_too_big, import_allowed
from .posting import OFFER_FIELDS, found_postings
from .text import plain

# The fields a reviewer checks one by one (the description is checked as a whole, below).
REVIEWED_FIELDS = [
    f for f in OFFER_FIELDS if f not in ("description", "source_file", "source_index")
]


class ImportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Texte de l'annonce"),
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("ou un fichier"),
        required=False,
        help_text=gettext_lazy(".txt, .pdf, .docx ou .odt, 5 Mo au plus."),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.moderator = is_moderator(user)
        field = self.fields["organisation"]
        field.queryset = organisations_of(user)
        if self.moderator:
            field.empty_label = _("D'après l'annonce (trouvée par son nom, ou créée)")
        else:
            mine = list(field.queryset[:2])
            if len(mine) == 1:
                field.initial = mine[0].pk
            field.empty_label = _("D'après l'annonce, parmi les vôtres")

    def clean_text(self):
        # A pasted text is bounded as a file's text is, before anything reads it.
        try:
            return bounded(self.cleaned_data.get("text", ""))
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        # The size the browser announced is checked before anything is read.
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse %(size)s Mo.") % {"size": MAX_BYTES // (1024 * 1024)}
            )
        data = upload.read(MAX_BYTES + 1)
        try:
            return read_upload(data)
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        text, from_file = cleaned.get("text", "").strip(), cleaned.get("file")
        if text and from_file:
            raise forms.ValidationError(_("Collez le texte ou envoyez un fichier, pas les deux."))
        source = from_file or text
        if not source:
            raise forms.ValidationError(_("Collez le texte de l'annonce ou choisissez un fichier."))
        readable = [(posting, read) for _index, posting, read in found_postings(plain(source))]
        if not readable:
            raise forms.ValidationError(
                _(
                    "Aucune annonce n'a été reconnue dans ce texte : il n'y a ni intitulé ni "
                    "aucun des faits d'une offre (dates, lieu, durée, contacts…)."
                )
            )
        if len(readable) > 1:
            raise forms.ValidationError(
                _(
                    "Ce texte contient %(count)s annonces : importez-les une par une (ou avec la "
                    "commande import_postings)."
                )
                % {"count": len(readable)}
            )
        self.posting, self.extracted = readable[0]
        chosen = cleaned.get("organisation")
        if chosen is None and not self.moderator:
            chosen = match_organisation(self.extracted.organisation, organisations_of(self.user))
            if chosen is None:
                mine = list(organisations_of(self.user)[:2])
                if len(mine) != 1:
                    raise forms.ValidationError(
                        {"organisation": _("Choisissez l'organisation de cette offre.")}
                    )
                chosen = mine[0]
        cleaned["organisation"] = chosen
        # A moderator's posting goes to the organisation it names, or to a new one (import_view).
        target = chosen or match_organisation(
            self.extracted.organisation, Organisation.objects.all()
        )
        if find_existing(self.posting, target) is not None:
            raise forms.ValidationError(_("Cette annonce a déjà été importée."))
        return cleaned


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and not import_allowed(request.user):
        refusal = _(
            "Vous avez lancé plus de %(count)s imports en une heure : attendez un peu avant le "
            "suivant (ou utilisez la commande import_postings)."
        ) % {"count": IMPORTS_PER_HOUR}
        return _import_page(model_admin, request, ImportForm(user=request.user), refusal, 429)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"] or organisation_for(
            form.extracted, Organisation.objects.all()
        )
        imported = create_draft(
            form.extracted, text=form.posting, organisation=organisation, user=request.user
        )
        messages.success(
            request,
            _("Brouillon créé : vérifiez chaque champ à côté de l'extrait de l'annonce."),
        )
        return HttpResponseRedirect(
            reverse("admin:offers_offer_import_review", args=[imported.offer.pk])
        )
    return _import_page(model_admin, request, form)


def _import_page(model_admin, request, form, refusal: str = "", status: int = 200):
    """The import page; `refusal` says why a request was not even read."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Importer une annonce"),
        "opts": Offer._meta,
        "form": form,
        "refusal": refusal,
        "max_megabytes": MAX_BYTES // (1024 * 1024),
    }
    return TemplateResponse(request, "admin/offers/offer/import.html", context, status=status)


def _refuse_big_bodies(model_admin, view):
    """`view`, behind a check of the body's announced size that comes before anything reads it.

    The CSRF check reads the body (a file goes to the temporary folder), so it cannot come
    first: the page is exempted from the middleware's check and `view`, an admin view, makes
    it after this one.
    """

    @csrf_exempt
    @never_cache
    def sized(request, *args, **kwargs):
        if request.method == "POST" and body_too_big(request):
            return refused(
                request, _("Le fichier dépasse %(size)s Mo.") % {"size": MAX_BYTES // (1024 * 1024)}
            )
        try:
            return view(request, *args, **kwargs)
        except RequestDataTooBig:
            # The form's fields beyond DATA_UPLOAD_MAX_MEMORY_SIZE: a pasted text, far too long.
            return refused(request, too_long())

    def refused(request, refusal: str):
        if model_admin.admin_site.has_permission(request) and model_admin.has_add_permission(
            request
        ):
            return _import_page(model_admin, request, ImportForm(user=request.user), refusal, 413)
        return HttpResponse(refusal, status=413, content_type="text/plain; charset=utf-8")

    return sized


def _shown(name: str, value) -> str:
    """A field's value as the review page shows it, the draft's or the posting's."""
    field = Offer._meta.get_field(name)
    if value is None:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if value is True:
        return _("oui")
    if value is False:
        return _("non")
    if name == "start_month":
        return month_label(value)
    return str(value)


def review_view(model_admin, request, object_id):
    offer = model_admin.get_object(request, unquote(object_id))
    record = ImportedPosting.objects.filter(offer=offer).first() if offer is not None else None
    if record is None:
        raise Http404(_("Cette offre n'a pas été importée d'une annonce."))
    read = record.extracted.get("offer", {})
    flagged = {flag["field"] for flag in record.flags}
    rows = []
    for name in REVIEWED_FIELDS:
        now = _shown(name, getattr(offer, name))
        extracted = _shown(name, read.get(name))
        rows.append(
            {
                "name": name,
                "label": Offer._meta.get_field(name).verbose_name,
                "value": now,
                "extracted": extracted,
                "excerpt": record.evidence.get(name, ""),
                "corrected": _corrected(offer, name, read.get(name)),
                "flagged": name in flagged,
            }
        )
    deadlines = [
        {
            "deadline": deadline,
            "excerpt": next(
                (
                    record.evidence.get(f"deadlines.{i}", "")
                    for i, d in enumerate(record.extracted.get("deadlines", []))
                    if d["kind"] == deadline.kind and d["wording"] == deadline.wording
                ),
                "",
            ),
        }
        for deadline in offer.deadlines.all()
    ]
    contacts = [
        {
            "contact": contact,
            "excerpt": next(
                (
                    record.evidence.get(f"contacts.{i}", "")
                    for i, c in enumerate(record.extracted.get("contacts", []))
                    if (c["email"] or "") == contact.email and (c["name"] or "") == contact.name
                ),
                "",
            ),
        }
        for contact in offer.contacts.all()
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Vérifier le brouillon importé"),
        "opts": Offer._meta,
        "original": offer,
        "record": record,
        "rows": rows,
        "deadlines": deadlines,
        "contacts": contacts,
        "organisation_excerpt": record.evidence.get("organisation", ""),
        "organisation_read": record.extracted.get("organisation", {}).get("name") or "",
        "workflow_actions": [
            t for t in workflow.allowed_transitions(offer, request.user) if t.name == "submit"
        ],
    }
    return TemplateResponse(request, "admin/offers/offer/import_review.html", context)


def _corrected(offer: Offer, name: str, read) -> bool:
    """The draft's value is no longer the one read from the posting."""
    field = Offer._meta.get_field(name)
    now = getattr(offer, name)
    if read is None:
        # Nothing was read: the field is as imported while empty or at the model's default.
        return now not in (None, "") and not (field.has_default() and now == field.default)
    return field.to_python(read) != now


def import_urls(model_admin) -> list:
    view = model_admin.admin_site.admin_view
    return [
        path(
            "importer/",
            _refuse_big_bodies(
                model_admin, view(lambda request: import_view(model_admin, request))
            ),
            name="offers_offer_import",
        ),
        path(
            "<path:object_id>/import/",
            view(lambda request, object_id: review_view(model_admin, request, object_id)),
            name="offers_offer_import_review",
        ),
    ]
