from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .models import Deadline, Offer

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


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "kind",
        "status",
        "city",
        "department_code",
        "published_at",
    ]
    list_filter = ["status", "kind", "organisation__kind", "education_level", "remote"]
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
        "published_at",
        "created_at",
        "organisation__name",
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            return queryset.only(*self.list_columns)
        return queryset

    fieldsets = [
        (None, {"fields": ["organisation", "title", "slug", "kind", "status", "description"]}),
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
                "fields": ["source_file", "source_index", "source_heading", "published_at"],
            },
        ),
    ]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["offer", "kind", "date", "end_date", "wording"]
    list_filter = ["kind"]
    search_fields = ["offer__title", "wording"]
    list_select_related = ["offer"]
    autocomplete_fields = ["offer"]
    date_hierarchy = "date"
