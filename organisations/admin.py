from django.contrib import admin
from django.db import models

from offers import workflow
from offers.models import Offer

from . import roles
from .models import Contact, Membership, Organisation
from .scoping import OrganisationScopedAdmin


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    organisation_lookup = "pk"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "city", "website", "verified"]
    # "vérifiée : non": organisations proposed from /publier/, checked with their first offer.
    list_filter = ["verified", "kind"]
    search_fields = ["name", "city"]
    show_full_result_count = False
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        # A publisher presents their organisation; its identity is the moderators' business.
        if roles.is_moderator(request.user):
            return []
        return ["name", "slug", "kind", "verified"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if roles.is_moderator(request.user) else {}


@admin.register(Contact)
class ContactAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "role", "email", "phone", "organisation"]
    list_filter = ["organisation__kind"]
    search_fields = ["name", "email", "role", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    # A contact shown on another organisation's offers is theirs too: its publisher may read it,
    # only a moderator may change or delete it.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not self.shared_with_others(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not self.shared_with_others(request, obj))

    def shared_with_others(self, request, contact) -> bool:
        if roles.is_moderator(request.user):
            return False
        return contact.is_shown_by_other_organisations()

    # A contact is part of the pages of the offers that show it: changing it edits them.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            workflow.mark_offers_modified_by(obj.offers.all(), request.user)

    def delete_model(self, request, obj):
        offer_ids = list(obj.offers.values_list("pk", flat=True))
        super().delete_model(request, obj)
        workflow.mark_offers_modified_by(Offer.objects.filter(pk__in=offer_ids), request.user)

    def delete_queryset(self, request, queryset):
        offer_ids = list(Offer.objects.filter(contacts__in=queryset).values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        workflow.mark_offers_modified_by(Offer.objects.filter(pk__in=offer_ids), request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "created_at"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        previous = Membership.objects.get(pk=obj.pk).user if change else None
        super().save_model(request, obj, form, change)
        # A member publishes through the admin: give them the role that lets them in.
        roles.grant_role(obj.user, roles.PUBLISHERS_GROUP)
        if previous is not None and previous != obj.user:
            roles.release_publisher_role(previous)

    # Removing a membership removes the admin access it gave (organisations.roles).
    def delete_model(self, request, obj):
        roles.end_membership(obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            roles.end_membership(membership)
