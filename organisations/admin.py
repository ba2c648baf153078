from django.contrib import admin
from django.db import models

from . import roles
from .models import Contact, Membership, Organisation
from .scoping import OrganisationScopedAdmin


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    organisation_lookup = "pk"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "city", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    show_full_result_count = False
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        # A publisher presents their organisation; its identity is the moderators' business.
        if roles.is_moderator(request.user):
            return []
        return ["name", "slug", "kind"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if roles.is_moderator(request.user) else {}


@admin.register(Contact)
class ContactAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "role", "email", "phone", "organisation"]
    list_filter = ["organisation__kind"]
    search_fields = ["name", "email", "role", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "created_at"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A member publishes through the admin: give them the role that lets them in.
        roles.grant_role(obj.user, roles.PUBLISHERS_GROUP)
