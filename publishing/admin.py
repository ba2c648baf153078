from django.contrib import admin, messages

from organisations.models import JoinRequest

from . import joining
from .models import PublishRequest


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Moderators may agree in a member's stead (an organisation whose members are gone)."""

    list_display = ["user", "organisation", "created_at", "accepted_at", "accepted_by"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation", "accepted_by"]
    readonly_fields = ["user", "organisation", "created_at", "accepted_at", "accepted_by"]
    actions = ["accept_selected"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Accepter les demandes sélectionnées", permissions=["change"])
    def accept_selected(self, request, queryset):
        accepted = sum(joining.accept(join_request, by=request.user) for join_request in queryset)
        messages.success(request, f"{accepted} demande(s) acceptée(s).")


@admin.register(PublishRequest)
class PublishRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation_name", "email", "created_at", "verified_at", "offer"]
    list_filter = [("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "organisation_name"]
    list_select_related = ["offer"]
    readonly_fields = [f.name for f in PublishRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
