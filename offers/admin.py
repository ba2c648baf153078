from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from organisations.roles import is_moderator, organisations_of
from organisations.scoping import OrganisationScopedAdmin

from . import workflow
from .checks import offer_warnings
from .models import (
    Deadline,
    Offer,
    OfferStatus,
    OfferTransition,
    SearchEquivalence,
    moderation_queue_order,
)
from .offer_page import detail_queryset

# Past this many rows the admin says "10 000" and offers 100 pages: enough to moderate, and
# counting 100,000 offers on every page view would cost more than the page itself.
ADMIN_COUNT_LIMIT = 10_000


class BoundedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[:ADMIN_COUNT_LIMIT].count()


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 1
    fields = ["kind", "date", "end_date", "wording"]


class OfferAdminForm(forms.ModelForm):
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
        help_text="Envoyé tel quel aux contacts de l'offre : dites ce qu'il faut corriger.",
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


@admin.register(Offer)
class OfferAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    form = OfferAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_form_template = "admin/offers/offer/change_form.html"
    list_display = [
        "title",
        "organisation",
        "kind",
        "status",
        "modified_since_approval",
        "submitted_at",
        "published_at",
    ]
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
    prepopulated_fields = {"slug": ["title"]}
    inlines = [DeadlineInline]
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
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Reading a page of the list only: actions (POST) get whole offers for the workflow.
        match = request.resolver_match
        if request.method == "GET" and match and match.url_name.endswith("changelist"):
            return queryset.only(*self.list_columns)
        return queryset

    # The status only ever changes through offers.workflow: no form may write it.
    readonly_fields = MODERATION_FIELDS
    actions = ["publish_selected", "reject_selected", "archive_selected", "submit_selected"]
    fieldsets = [
        (None, {"fields": ["organisation", "title", "slug", "kind", "description"]}),
        ("Modération", {"fields": MODERATION_FIELDS}),
        (
            "Lieu",
            {
                "fields": [
                    "address",
                    "city",
                    "postal_code",
                    "department_code",
                    "country",
                    "place_wording",
                    "remote",
                    "remote_wording",
                ]
            },
        ),
        (
            "Durée et temps de travail",
            {
                "fields": [
                    "duration_min_months",
                    "duration_max_months",
                    "duration_wording",
                    "weekly_hours_min",
                    "weekly_hours_max",
                    "hours_wording",
                    "start_wording",
                    "start_date",
                ]
            },
        ),
        (
            "Gratification",
            {"fields": ["stipend_amount", "stipend_unit", "stipend_gross", "stipend_wording"]},
        ),
        ("Profil", {"fields": ["education_level", "education_wording", "driving_licence"]}),
        ("Candidature", {"fields": ["contacts", "how_to_apply", "application_url"]}),
        (
            "Source",
            {
                "classes": ["collapse"],
                "fields": ["source_file", "source_index", "source_heading"],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            # A new offer is a draft with no history yet.
            fieldsets = [fs for fs in fieldsets if fs[0] != "Modération"]
        if not is_moderator(request.user):
            # Where a seed posting came from is the board's business, not a publisher's.
            fieldsets = [fs for fs in fieldsets if fs[0] != "Source"]
        return fieldsets

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
        return format_html(
            '<ul class="messagelist offer-warnings">{}</ul>',
            format_html_join("", '<li class="warning">{}</li>', ((w,) for w in found)),
        )

    @admin.display(description="Historique des statuts")
    def audit_trail(self, obj):
        rows = obj.transitions.all()
        if not rows:
            return "Aucun changement de statut."
        return format_html(
            '<table class="audit-trail"><thead><tr><th>Date</th><th>Par</th><th>De</th>'
            "<th>Vers</th><th>Motif</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        t.created_at.strftime("%d/%m/%Y %H:%M"),
                        t.actor_name,
                        t.get_from_status_display(),
                        t.get_to_status_display(),
                        t.reason,
                    )
                    for t in rows
                ),
            ),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
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

    @admin.action(description="Archiver les offres sélectionnées", permissions=["moderate"])
    def archive_selected(self, request, queryset):
        self._apply_to_each(request, queryset, "archive")

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
        offer = detail_queryset(Offer.objects.filter(pk=offer.pk)).get()
        context = {"offer": offer, "preview": True, "warnings": offer_warnings(offer)}
        return render(request, "offers/offer_detail.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        offer = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "workflow_actions": workflow.allowed_transitions(offer, request.user),
            "last_rejection": offer.transitions.filter(to_status=OfferStatus.REJECTED).last()
            if offer.status == OfferStatus.REJECTED
            else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)


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
