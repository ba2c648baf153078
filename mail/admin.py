from django.contrib import admin, messages
from django.utils.text import Truncator

from .models import OutgoingEmail
from .outbox import resend


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipients_display", "subject", "status", "attempts", "error")
    list_filter = ("status",)
    search_fields = ("subject", "to")
    date_hierarchy = "created_at"
    actions = ["resend_selected"]
    readonly_fields = (
        "to",
        "subject",
        "body",
        "html",
        "headers",
        "key",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    )

    @admin.display(description="destinataires")
    def recipients_display(self, obj):
        return ", ".join(obj.recipients)

    @admin.display(description="dernière erreur")
    def error(self, obj):
        return Truncator(obj.last_error).chars(80)

    @admin.action(description="Renvoyer les e-mails en échec sélectionnés", permissions=["change"])
    def resend_selected(self, request, queryset):
        # Counted before acting: from the "échec" filter, the resent ones leave the queryset.
        selected = queryset.count()
        count = resend(queryset)
        skipped = selected - count
        self.message_user(request, f"{count} e-mail(s) remis en file d'envoi.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} e-mail(s) ignoré(s) : seuls les e-mails en échec sont renvoyés.",
                messages.WARNING,
            )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
