from django.contrib import admin, messages
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .models import Source, SourceItem, SourceRun
from .services import SplitError, split
from .tasks import run_source

LAST_RUNS = 5


def _run_summary(run: SourceRun) -> str:
    if run.error:
        return f"échec : {run.error}"
    parts = [
        f"{run.created} créée(s)",
        f"{run.updated} mise(s) à jour",
        f"{run.unchanged} inchangée(s)",
        f"{run.duplicates} doublon(s)",
        f"{run.archived} archivée(s)",
        f"{len(run.rejected)} refusée(s)",
    ]
    return ", ".join(parts)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "last_run", "active", "skip_review", "organisation"]
    list_filter = ["kind", "active", "skip_review"]
    search_fields = ["name", "address"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fields = ["name", "address", "kind", "organisation", "skip_review", "active", "last_runs"]
    readonly_fields = ["last_runs"]
    actions = ["run_now"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Its page is this one: "view on site" would lead back here.
    view_on_site = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("runs")

    @admin.display(description="dernier passage")
    def last_run(self, source: Source) -> str:
        runs = list(source.runs.all()[:1])
        if not runs:
            return "jamais"
        run = runs[0]
        return f"{timezone.localtime(run.started_at):%d/%m/%Y %H:%M} — {_run_summary(run)}"

    @admin.display(description="derniers passages")
    def last_runs(self, source: Source):
        runs = list(source.runs.all()[:LAST_RUNS]) if source.pk else []
        if not runs:
            return "Aucun passage pour l'instant."
        rows = [
            {"started_at": run.started_at, "summary": _run_summary(run), "rejected": run.rejected}
            for run in runs
        ]
        return render_to_string("admin/sources/source_runs.html", {"runs": rows})

    @admin.action(description="Lancer maintenant", permissions=["change"])
    def run_now(self, request, queryset):
        for source in queryset.order_by("pk"):
            result = run_source.enqueue(source.pk)
            if result.is_finished and result.status == "SUCCESSFUL":
                # Not source.runs: the list's prefetched runs are from before this one.
                run = SourceRun.objects.filter(source=source).first()
                self.message_user(
                    request,
                    f"{source.name} : {_run_summary(run)}.",
                    messages.ERROR if run.error else messages.SUCCESS,
                )
            elif result.is_finished:
                self.message_user(request, f"{source.name} : le passage a échoué.", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{source.name} : passage lancé ; son résultat s'affichera dans ses derniers "
                    "passages.",
                    messages.SUCCESS,
                )


@admin.register(SourceRun)
class SourceRunAdmin(admin.ModelAdmin):
    list_display = [
        "source",
        "started_at",
        "created",
        "updated",
        "unchanged",
        "duplicates",
        "archived",
        "error",
    ]
    list_filter = ["source"]
    list_select_related = ["source"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SourceItem)
class SourceItemAdmin(admin.ModelAdmin):
    list_display = ["address", "source", "offer", "duplicate", "last_seen_at", "gone_at"]
    list_filter = ["duplicate", "source", ("gone_at", admin.EmptyFieldListFilter)]
    search_fields = ["address", "offer__title"]
    list_select_related = ["source", "offer"]
    fields = ["source", "address", "offer_link", "duplicate", "pair", "changes", "gone_at"]
    readonly_fields = fields
    actions = ["split_selected"]

    class Media:
        css = {"all": ["css/admin-import.css"]}

    def has_add_permission(self, request):
        return False

    @admin.display(description="offre")
    def offer_link(self, item: SourceItem):
        if item.offer_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:offers_offer_change", args=[item.offer_id]),
            item.offer,
        )

    @admin.display(description="l'annonce de la source et l'offre rattachée")
    def pair(self, item: SourceItem):
        context = {"item": item, "offer": item.offer}
        return render_to_string("admin/sources/source_pair.html", context)

    @admin.action(description="Séparer du doublon (en faire un brouillon)", permissions=["change"])
    def split_selected(self, request, queryset):
        done = 0
        for item in queryset.filter(duplicate=True).select_related("source", "offer"):
            try:
                with transaction.atomic():
                    split(item)
            except SplitError as error:
                self.message_user(request, f"{item.address} : {error}", messages.ERROR)
                continue
            done += 1
        if done:
            self.message_user(request, f"{done} annonce(s) séparée(s) : un brouillon chacune.")
