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
from offers.models import ImportedPosting, Offer
from organisations.models import Organisation
from organisations.roles import is_moderator, organisations_of

from .drafts import create_draft, find_existing, match_organisation, organisation_for
from .files import MAX_BYTES, too_long
from .limits import IMPORTS_PER_HOUR, body_too_big, import_allowed
from .reviewing import review_context
from .sources import PostingSourceForm, one_posting


class ImportForm(PostingSourceForm):
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

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.posting, self.extracted = one_posting(self.source_text())
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


def review_view(model_admin, request, object_id):
    offer = model_admin.get_object(request, unquote(object_id))
    record = ImportedPosting.objects.filter(offer=offer).first() if offer is not None else None
    if record is None:
        raise Http404(_("Cette offre n'a pas été importée d'une annonce."))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Vérifier le brouillon importé"),
        "opts": Offer._meta,
        **review_context(offer, record),
        "workflow_actions": [
            t for t in workflow.allowed_transitions(offer, request.user) if t.name == "submit"
        ],
    }
    return TemplateResponse(request, "admin/offers/offer/import_review.html", context)


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
