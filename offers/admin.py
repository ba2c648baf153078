from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from organisations.roles import is_moderator, organisations_of
from organisations.scoping import OrganisationScopedAdmin

from . import editing, offer_page, review, slugs, workflow
from .admin_forms import (
    CONFIRMED_TRANSITIONS,
    WORDING_FIELDS,
    WORDINGS_FIELDSET,
    ContactInline,
    PublisherOfferForm,
    consequence,
    description_preview,
    save_wording,
)
from .checks import offer_warnings, other_offers_of_its_organisation, queue_signals
from .french_fields import FrenchDateField
from .importer.admin_views import import_urls
from .models import (
    Deadline,
    DeadlineKind,
    DeadlineReminder,
    Offer,
    OfferStatus,
    OfferTransition,
    SearchEquivalence,
    moderation_queue_order,
)
from .offer_fields import OFFER_FIELDSETS

# Past this many rows the admin says "10 000" and offers 100 pages: enough to moderate, and
# counting 100,000 offers on every page view would cost more than the page itself.
ADMIN_COUNT_LIMIT = 10_000
# A description longer than this is not previewed past it (the page's own limit is the field's).
MAX_PREVIEW_CHARS = 50_000


class BoundedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[:ADMIN_COUNT_LIMIT].count()


class DeadlineInline(admin.StackedInline):
    """The offer's other milestones (interviews, hiring…): the application deadline is a main
    field of the offer's form (PublisherOfferForm.application_deadline)."""

    model = Deadline
    formset = editing.DeadlineFormSet
    # "15 janvier 2027" as well as 15/01/2027, with the calendar the admin gives dates.
    formfield_overrides = {models.DateField: {"form_class": FrenchDateField}}
    extra = 1
    fields = ["kind", "date", "end_date", "wording"]
    verbose_name = "autre échéance"
    verbose_name_plural = "Autres échéances (entretiens, embauche…)"

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(kind=DeadlineKind.APPLICATION)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [
                choice for choice in db_field.get_choices() if choice[0] != DeadlineKind.APPLICATION
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class OfferAdminForm(editing.VersionCheckedForm, PublisherOfferForm):
    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        contacts = cleaned.get("contacts")
        if organisation and contacts:
            strangers = [c for c in contacts if c.organisation_id != organisation.pk]
            if strangers:
                self.add_error(
                    "contacts",
                    "Ces contacts appartiennent à une autre organisation : "
                    + ", ".join(str(c) for c in strangers),
                )
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="Envoyé tel quel à qui a soumis l'offre et aux membres de l'organisation "
        "(jamais aux contacts de l'offre) : dites ce qu'il faut corriger.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Un refus doit être motivé.")
        return reason


MODERATION_FIELDS = [
    "status",
    "submitted_at",
    "published_at",
    "modified_since_approval",
    "warnings",
    "audit_trail",
]


def filled_wordings(offer: Offer | None) -> set[str]:
    """The posting's wordings this offer has (an import filled them, or a publisher)."""
    if offer is None:
        return set()
    filled = {name for name in WORDING_FIELDS if getattr(offer, name, "")}
    deadline = offer.deadlines.filter(kind=DeadlineKind.APPLICATION).first()
    if deadline is not None and deadline.wording:
        filled.add("application_deadline_wording")
    return filled


def wordings_where_filled(fieldsets, offer: Offer | None) -> list:
    """The application deadline first among the dates; each wording of the posting beside its
    fact where it has one, the empty ones together in a closed "préciser avec les mots de
    l'annonce" (a <details>, Django's collapsed fieldset)."""
    filled = filled_wordings(offer)
    hidden = [name for name in WORDING_FIELDS if name not in filled]
    shown = []
    for name, options in fieldsets:
        fields = [field for field in options.get("fields", []) if field not in hidden]
        if name == "Dates et durée":
            deadline = ["application_deadline"]
            if "application_deadline_wording" in filled:
                deadline.append("application_deadline_wording")
            fields = [*deadline, *fields]
        shown.append((name, {**options, "fields": fields}))
    if hidden:
        wordings = {
            "classes": ["collapse"],
            "description": "Si l'annonce dit un fait autrement qu'avec une date ou un nombre "
            "(« dès que possible », « 2 jours de télétravail par semaine »), recopiez ici ses "
            "mots : la page de l'offre les montre à côté du fait.",
            "fields": hidden,
        }
        at = next(i for i, (name, _) in enumerate(shown) if name == "Description")
        shown.insert(at, (WORDINGS_FIELDSET, wordings))
    return shown


@admin.register(Offer)
class OfferAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    form = OfferAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_form_template = "admin/offers/offer/change_form.html"
    # What a moderator sorts the queue by, narrow enough for 1280 px without scrolling.
    list_display = ["title", "organisation", "status", "submitted_on", "flags"]
    list_filter = [
        "status",
        "modified_since_approval",
        "kind",
        "organisation__kind",
        "education_level",
        "remote",
    ]
    search_fields = ["title", "organisation__name", "city", "slug"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation", "contacts"]
    inlines = [DeadlineInline, ContactInline]
    show_full_result_count = False
    paginator = BoundedCountPaginator
    # Columns the list shows: the long texts are not read for a page of 100 offers.
    list_columns = [
        "title",
        "slug",
        "kind",
        "status",
        "city",
        "department_code",
        "modified_since_approval",
        "submitted_at",
        "published_at",
        "created_at",
        "organisation__name",
        # What the queue's signals read (checks.queue_signals): short fields only.
        "application_closes_on",
        "address",
        "postal_code",
        "place_wording",
        "remote",
        "remote_wording",
        "application_url",
        "how_to_apply",
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Reading a page of the list only: actions (POST) get whole offers for the workflow.
        match = request.resolver_match
        if request.method == "GET" and match and match.url_name.endswith("changelist"):
            rejected = OfferTransition.objects.filter(
                offer=OuterRef("pk"), to_status=OfferStatus.REJECTED
            )
            # The signals' facts for the whole page in one more query (contacts), not three an
            # offer; the titles a duplicate is looked for among as text, not as offers.
            other_titles = other_offers_of_its_organisation(
                OuterRef("pk"), OuterRef("organisation_id")
            ).values("title")
            return (
                queryset.only(*self.list_columns)
                .annotate(
                    transitions_rejected=Exists(rejected),
                    has_description=ExpressionWrapper(
                        review.HAS_DESCRIPTION, output_field=models.BooleanField()
                    ),
                    other_titles=ArraySubquery(other_titles),
                )
                .prefetch_related("contacts")
            )
        return queryset

    # The status only ever changes through offers.workflow: no form may write it.
    readonly_fields = MODERATION_FIELDS
    actions = ["publish_selected", "reject_selected", "archive_selected", "submit_selected"]
    # The posting's order (offers.admin_forms); the slug is generated, never typed.
    fieldsets = [
        ("Modération", {"fields": MODERATION_FIELDS}),
        *OFFER_FIELDSETS,
        (
            "Source",
            {
                "classes": ["collapse"],
                "fields": [
                    "source_file",
                    "source_index",
                    "source_heading",
                    "source_name",
                    "source_url",
                ],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = wordings_where_filled(super().get_fieldsets(request, obj), obj)
        if obj is None:
            # A new offer is a draft with no history yet.
            fieldsets = [fs for fs in fieldsets if fs[0] != "Modération"]
        if not is_moderator(request.user):
            # Where a seed posting came from is the board's business, not a publisher's.
            fieldsets = [fs for fs in fieldsets if fs[0] != "Source"]
        return fieldsets

    def get_autocomplete_fields(self, request):
        # A publisher chooses among their own one or two organisations: a plain list is quicker
        # to use than a search box (and, unlike it, valid HTML when the field is required).
        if not is_moderator(request.user):
            return []
        return super().get_autocomplete_fields(request)

    def get_ordering(self, request):
        # The moderation queue (offers.models.moderation_queue_order), served by an index.
        return moderation_queue_order()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not is_moderator(request.user):
            # Most publishers act for a single organisation: do not make them pick it.
            organisations = list(organisations_of(request.user)[:2])
            if len(organisations) == 1:
                initial.setdefault("organisation", organisations[0].pk)
        return initial

    def has_moderate_permission(self, request):
        return is_moderator(request.user)

    @admin.display(description="Points à vérifier")
    def warnings(self, obj):
        found = offer_warnings(obj)
        if not found:
            return "Rien à signaler."
        return render_to_string("admin/offers/offer/warnings.html", {"warnings": found})

    @admin.display(description="Historique des statuts")
    def audit_trail(self, obj):
        rows = obj.transitions.all()
        if not rows:
            return "Aucun changement de statut."
        return render_to_string("admin/offers/offer/audit_trail.html", {"transitions": rows})

    def save_model(self, request, obj, form, change):
        if change:
            # Content only, and only if nobody changed the offer meanwhile (offers/editing.py).
            editing.save_content(obj, form)
        else:
            # Under the address its form chose, or the next free one if another publisher's
            # offer of the same title took it meanwhile.
            slugs.save_new(obj, obj.title)

    @admin.display(description="Soumise le", ordering="submitted_at")
    def submitted_on(self, obj):
        if obj.submitted_at is None:
            return "–"
        return timezone.localtime(obj.submitted_at).strftime("%d/%m/%Y")

    @admin.display(description="Signaux")
    def flags(self, obj):
        # Short words rather than columns of booleans: the queue must fit a laptop's screen.
        found = []
        if obj.modified_since_approval:
            found.append("modifiée depuis sa validation")
        if obj.status == OfferStatus.SUBMITTED and getattr(obj, "transitions_rejected", False):
            found.append("déjà refusée")
        found += queue_signals(obj, other_titles=getattr(obj, "other_titles", None))
        return ", ".join(found) or "–"

    def view_on_site(self, obj):
        # Only a published offer has a public page; any other link would be a 404.
        return obj.get_absolute_url() if obj.status == OfferStatus.PUBLISHED else None

    def review_context(self, offer) -> dict:
        """What changed since the last decision, for an offer waiting for one."""
        if not (
            offer.status == OfferStatus.SUBMITTED
            or (offer.status == OfferStatus.PUBLISHED and offer.modified_since_approval)
        ):
            return {}
        last = review.last_review(offer)
        if last is None:
            return {}
        return {
            "last_review": last,
            "changes_since_review": review.changes_since(last, offer),
        }

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_application_deadline()
        if change and (form.has_changed() or any(fs.has_changed() for fs in formsets)):
            workflow.mark_modified_by_publisher(form.instance, request.user)

    # Transitions: the same service whether from a button, an action or a test.

    def _apply_to_each(self, request, queryset, name, reason=""):
        done = 0
        for offer in queryset:
            try:
                workflow.apply(offer, name, by=request.user, reason=reason)
            except workflow.TransitionError as error:
                self.message_user(request, f"« {offer} » : {error}", messages.ERROR)
            else:
                done += 1
                if name == "publish":
                    self._warn(request, offer)
        if done:
            label = workflow.TRANSITIONS[name].label.lower()
            self.message_user(request, f"{label.capitalize()} : {done} offre(s).", messages.SUCCESS)

    @admin.action(description="Publier les offres sélectionnées", permissions=["moderate"])
    def publish_selected(self, request, queryset):
        self._apply_to_each(request, queryset, "publish")

    @admin.action(description="Archiver les offres sélectionnées…", permissions=["moderate"])
    def archive_selected(self, request, queryset):
        if request.POST.get("confirm") == "archive":
            self._apply_to_each(request, queryset, "archive")
            return None
        return self.confirm_page(request, list(queryset), "archive", bulk=True)

    def confirm_page(self, request, offers, name, bulk=False):
        transition = workflow.TRANSITIONS[name]
        context = {
            **self.admin_site.each_context(request),
            "title": f"{transition.label} : confirmer",
            "opts": self.model._meta,
            "transition": transition,
            "offers": [(offer, consequence(name, offer)) for offer in offers],
            "bulk": bulk,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": reverse("admin:offers_offer_changelist"),
        }
        return TemplateResponse(request, "admin/offers/offer/confirm_transition.html", context)

    def confirm_view(self, request, object_id, name):
        offer = self.get_object(request, object_id)
        if name not in CONFIRMED_TRANSITIONS:
            raise Http404("Cette action ne demande pas de confirmation.")
        return self.confirm_page(request, [offer], name)

    @admin.action(description="Soumettre à modération", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._apply_to_each(request, queryset, "submit")

    @admin.action(description="Refuser les offres sélectionnées…", permissions=["moderate"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply_to_each(request, queryset, "reject", form.cleaned_data["reason"])
            if len(queryset) == 1 and request.POST.get("from_change"):
                return HttpResponseRedirect(
                    reverse("admin:offers_offer_change", args=[queryset[0].pk])
                )
            return None
        return self._reject_page(request, queryset, form)

    def _reject_page(self, request, queryset, form, from_change=False):
        context = {
            **self.admin_site.each_context(request),
            "title": "Refuser des offres",
            "opts": self.model._meta,
            "offers": [(offer, offer_warnings(offer)) for offer in queryset],
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "from_change": from_change,
            "changelist_url": reverse("admin:offers_offer_changelist"),
        }
        return TemplateResponse(request, "admin/offers/offer/reject.html", context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/statut/<str:name>/",
                view(require_POST(self.transition_view)),
                name="offers_offer_transition",
            ),
            path("<path:object_id>/refuser/", view(self.reject_view), name="offers_offer_reject"),
            path("<path:object_id>/apercu/", view(self.preview_view), name="offers_offer_preview"),
            path(
                "apercu-description/",
                view(require_POST(self.description_preview_view)),
                name="offers_offer_description_preview",
            ),
            path(
                "<path:object_id>/confirmer/<str:name>/",
                view(self.confirm_view),
                name="offers_offer_confirm",
            ),
            *import_urls(self),
            *super().get_urls(),
        ]

    def _warn(self, request, offer):
        # The checks never block a moderator, but they should not go unseen either.
        for warning in offer_warnings(offer):
            self.message_user(request, f"« {offer} » : {warning}", messages.WARNING)

    def transition_view(self, request, object_id, name):
        offer = self.get_object(request, object_id)
        if name == "reject":
            # A refusal needs its reason: that is the reject page's job.
            return HttpResponseRedirect(reverse("admin:offers_offer_reject", args=[offer.pk]))
        try:
            workflow.apply(offer, name, by=request.user)
        except workflow.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request, f"Nouveau statut : {offer.get_status_display()}.", messages.SUCCESS
            )
            if name == "publish":
                self._warn(request, offer)
        return HttpResponseRedirect(reverse("admin:offers_offer_change", args=[offer.pk]))

    def reject_view(self, request, object_id):
        offer = self.get_object(request, object_id)
        if not self.has_moderate_permission(request):
            self.message_user(request, "Seule l'équipe de modération peut refuser.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:offers_offer_change", args=[offer.pk]))
        return self._reject_page(request, [offer], RejectForm(), from_change=True)

    def preview_view(self, request, object_id):
        # The student's page, whatever the status: moderators read what they will publish.
        offer = self.get_object(request, object_id)
        offer = offer_page.detail_queryset(Offer.objects.filter(pk=offer.pk)).get()
        # The notice lists what to know before publishing: first, whether students could apply.
        notes = [review.applications_outlook(offer), *offer_warnings(offer)]
        context = {
            "offer": offer,
            "article": offer_page.article(offer),
            "preview": True,
            "warnings": notes,
        }
        return render(request, "offers/offer_detail.html", context)

    def description_preview_view(self, request):
        # What the form's preview shows as one types; nothing is saved.
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        text = request.POST.get("text", "")[:MAX_PREVIEW_CHARS]
        return HttpResponse(description_preview(text), content_type="text/html; charset=utf-8")

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit" in request.POST:
            return self.submit_after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_submit" in request.POST:
            return self.submit_after_save(request, obj)
        return super().response_change(request, obj)

    def submit_after_save(self, request, offer):
        # The "Enregistrer et soumettre" button: saved in any case, submitted if complete.
        try:
            workflow.apply(offer, "submit", by=request.user)
        except workflow.TransitionError as error:
            self.message_user(
                request, f"Offre enregistrée comme brouillon. {error}", messages.ERROR
            )
        else:
            self.message_user(
                request,
                "Offre enregistrée et soumise à modération : l'équipe la relit avant de la "
                "publier, et vous recevrez sa réponse par courriel.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:offers_offer_change", args=[offer.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        offer = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "workflow_actions": workflow.allowed_transitions(offer, request.user),
            "last_rejection": offer.transitions.filter(to_status=OfferStatus.REJECTED).last()
            if offer.status in {OfferStatus.REJECTED, OfferStatus.SUBMITTED}
            else None,
            **self.review_context(offer),
            "missing_for_submission": review.missing_for_submission(offer)
            if offer.status in {OfferStatus.DRAFT, OfferStatus.REJECTED}
            else [],
            "confirmed_transitions": CONFIRMED_TRANSITIONS,
            # Django's "Modification de offre" in a publisher's words.
            "title": "Modifier l'offre",
        }
        can_submit = any(a.name == "submit" for a in extra_context["workflow_actions"])
        extra_context |= {"can_submit_offer": can_submit, **save_wording(offer, can_submit)}
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        # Whoever adds an offer for their organisation may submit it at once; a moderator
        # who is not a member cannot (offers.workflow), so the button is not offered.
        can_submit = request.user.is_superuser or not is_moderator(request.user)
        extra_context = {
            **(extra_context or {}),
            "can_submit_offer": can_submit,
            **save_wording(None, can_submit),
            "title": "Ajouter une offre",
        }
        return super().add_view(request, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Rather than "Sélectionnez l'objet offre à changer".
        return super().changelist_view(request, {"title": "Offres", **(extra_context or {})})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            # Django's words would say "les offres sélectionnés".
            function, name, _ = actions["delete_selected"]
            actions["delete_selected"] = (function, name, "Supprimer les offres sélectionnées")
        return actions


@admin.register(Deadline)
class DeadlineAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    organisation_lookup = "offer__organisation"
    list_display = ["offer", "kind", "date", "end_date", "wording"]
    list_filter = ["kind"]
    search_fields = ["offer__title", "wording"]
    list_select_related = ["offer"]
    autocomplete_fields = ["offer"]
    date_hierarchy = "date"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "offer":
            kwargs["queryset"] = self.scope(request, Offer.objects.all(), "organisation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # A deadline is part of its offer's page: changing it is editing the offer (a new version,
    # and the moderators' flag if it is published). Moved to another offer, it edits both.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.offers_edited(request, {obj.offer_id, form.initial.get("offer")} - {None})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.offers_edited(request, {obj.offer_id})

    def delete_queryset(self, request, queryset):
        offer_ids = set(queryset.values_list("offer_id", flat=True))
        super().delete_queryset(request, queryset)
        self.offers_edited(request, offer_ids)

    def offers_edited(self, request, offer_ids) -> None:
        offers = Offer.objects.filter(pk__in=offer_ids)
        editing.edited_elsewhere(offers)
        workflow.mark_offers_modified_by(offers, request.user)


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(admin.ModelAdmin):
    """The deadline reminders sent and the organisations' answers (offers/freshness.py), for
    moderators: written by the job and the links only."""

    list_display = ["offer", "kind", "closes_on", "sent_at", "action", "acted_at", "acted_by"]
    list_filter = ["kind", "action"]
    search_fields = ["offer__title", "offer__organisation__name"]
    list_select_related = ["offer", "acted_by"]
    date_hierarchy = "sent_at"

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_module_permission(self, request):
        return is_moderator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfferTransition)
class OfferTransitionAdmin(admin.ModelAdmin):
    """The audit trail of every offer, for moderators; nobody writes it here."""

    list_display = ["created_at", "offer", "actor_name", "from_status", "to_status", "reason"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["offer__title", "actor_name", "reason"]
    list_select_related = ["offer"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SearchEquivalence)
class SearchEquivalenceAdmin(admin.ModelAdmin):
    """The field's vocabulary (offers.vocabulary): moderators extend it without a deployment."""

    list_display = ["__str__"]
    search_fields = ["wordings"]
