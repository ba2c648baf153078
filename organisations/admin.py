from django.contrib import admin

from .models import Contact, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    show_full_result_count = False
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "email", "phone", "organisation"]
    list_filter = ["organisation__kind"]
    search_fields = ["name", "email", "role", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
