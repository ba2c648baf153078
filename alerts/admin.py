from django.contrib import admin

from .models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "querystring", "frequency", "language", "confirmed_at", "last_sent_at")
    list_filter = ("frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("email",)
    readonly_fields = ("created_at", "confirmed_at", "last_sent_at")
    date_hierarchy = "created_at"
