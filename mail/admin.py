from django.contrib import admin, messages
from django.db.models import Q
from django.utils.text import Truncator

from . import redaction
from .models import OutgoingEmail
from .outbox import resend


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipients_display", "subject", "status", "attempts", "error")
    list_filter = ("status", "private")
    search_fields = ("subject", "to")
    date_hierarchy = "created_at"
    actions = ["resend_selected"]
    # A private person's mail (an alert's) is shown through mail.redaction: what diagnoses its
    # delivery, not the address nor the links that act for the subscriber.
    readonly_fields = (
        "recipients_display",
        "subject",
        "body_display",
        "html_display",
        "headers_display",
        "private",
        "key",
        "status",
        "attempts",
        "sending_started_at",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    )
    fields = readonly_fields

    @admin.display(description="destinataires")
    def recipients_display(self, obj):
        return ", ".join(obj.shown_recipients)

    @admin.display(description="texte")
    def body_display(self, obj):
        return redaction.redacted(obj.body) if obj.private else obj.body

    @admin.display(description="HTML")
    def html_display(self, obj):
        return redaction.redacted(obj.html) if obj.private else obj.html

    @admin.display(description="en-têtes")
    def headers_display(self, obj):
        headers = obj.headers or {}
        if obj.private:
            headers = {name: redaction.redacted(str(value)) for name, value in headers.items()}
        return "\n".join(f"{name}: {value}" for name, value in headers.items())

    @admin.display(description="dernière erreur")
    def error(self, obj):
        text = redaction.redacted(obj.last_error) if obj.private else obj.last_error
        return Truncator(text).chars(80)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            # A private person's address is no search key: searching it would tell whether
            # someone subscribed. Their mail is found by its subject only.
            results = results.filter(Q(private=False) | Q(subject__icontains=search_term))
        return results, may_have_duplicates

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
