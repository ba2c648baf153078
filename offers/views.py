import sys

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from config.log import current_request_id
from config.middleware import DATABASE_OUTAGES, unavailable

from . import board, fragments, offer_page
from .facets import FACETS, MAX_QUERY_LENGTH, MONTH, TEXT, SortOrder, departement_options
from .filters import LIST_PARAMETERS, REPEATABLE_PARAMETERS, OfferFilter
from .page_cache import AnonymousPageCacheMixin
from .structured_data import as_script, job_posting


class OfferListView(AnonymousPageCacheMixin, ListView):
    """The offers a search selects, with each filter option's count (offers/board.py)."""

    template_name = "offers/offer_list.html"
    context_object_name = "offers"
    cache_parameters = LIST_PARAMETERS
    repeatable_parameters = REPEATABLE_PARAMETERS

    def get_paginate_by(self, queryset):
        return settings.PAGE_SIZE

    def get_queryset(self):
        self.search = board.read(self.request.GET)
        self.results = board.results(self.search)
        return self.results.offers

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search, results = self.search, self.results
        context["filter"] = search.filterset
        context["today"] = search.clock.today
        context["board_version"] = results.version
        context["sort"] = search.sort
        if search.filterset.is_bound:
            context["fields"] = filter_fields(search.filterset, results.facets)
        else:
            # The unfiltered form, the same for every visitor: rendered once per board
            # version, language and day (the closing-soon and freshness counts change daily).
            context["form_html"] = fragments.cached(
                "form", results.version, search.clock.today, lambda: self.unfiltered_form()
            )
        context["notices"] = search.notices
        context["search_query"] = self.request.GET.get("q", "")[:MAX_QUERY_LENGTH]
        context["active_filters"] = board.chips(search)
        context["search_querystring"] = search.querystring
        context["search_suggestion"] = results.suggestion()
        return context

    def unfiltered_form(self) -> str:
        fields = filter_fields(self.search.filterset, self.results.facets)
        return render_to_string("includes/filter_fields.html", {"fields": fields})


SHORT_LIST = 13


def counted(label, count) -> str:
    return f"{label} ({count})" if count is not None else str(label)


def filter_fields(filterset: OfferFilter, counts: dict) -> list[dict]:
    """What the form's template shows of each facet, from the spec: options, counts, state.

    Without JavaScript, a région chosen narrows the départements listed to its own.
    """
    form = filterset.form
    cleaned = filterset.cleaned()
    data = form.data if filterset.is_bound else {}
    fields = []
    for facet in FACETS:
        name = facet.name
        facet_counts = counts.get(name, {})
        field = {
            "name": name,
            "id": f"id_{name}",
            "label": facet.label,
            "help_text": facet.help_text,
            "errors": form.errors.get(name, []) if filterset.is_bound else [],
        }
        if facet.store == TEXT:
            field.update(type="search", value=data.get(name, "")[:MAX_QUERY_LENGTH])
        elif facet.store == MONTH:
            companion, companion_label = facet.companion
            field.update(
                type="month",
                value=data.get(name, ""),
                companion={
                    "name": companion,
                    "id": f"id_{companion}",
                    "label": companion_label,
                    "checked": bool(cleaned.get(companion)),
                },
            )
        elif facet.flag:
            field.update(
                type="checkbox",
                checked=bool(cleaned.get(name)),
                label=counted(facet.label, facet_counts.get(True)),
            )
        else:
            chosen = {str(value) for value in data.getlist(name)} if data else set()
            options = facet.options()
            if name == "departement":
                options = departement_options(list(cleaned.get("region") or []))
            field["options"] = [
                {
                    "value": value,
                    "id": f"id_{name}_{index}",
                    "label": counted(label, facet_counts.get(value)),
                    "checked": str(value) in chosen,
                }
                for index, (value, label) in enumerate(options)
            ]
            if facet.multiple:
                # Long lists fold away (101 départements are 101 stops for the keyboard),
                # open when one of them is chosen; a région's départements fit (13 at most).
                short = len(options) <= SHORT_LIST
                field.update(type="checkboxes", short=short, open=bool(chosen))
            else:
                if facet.empty_label is not None:
                    empty = {"value": "", "label": counted(facet.empty_label, facet_counts.get(""))}
                    field["options"].insert(0, {**empty, "checked": not chosen})
                field.update(type="select")
        fields.append(field)
    sort = data.get("sort", "") if data else ""
    fields.append(
        {
            "name": "sort",
            "id": "id_sort",
            "type": "select",
            "label": form.fields["sort"].label,
            "help_text": "",
            "errors": form.errors.get("sort", []) if filterset.is_bound else [],
            "options": [
                {"value": value, "label": label, "checked": value == sort}
                for value, label in SortOrder.CHOICES
            ],
        }
    )
    return fields


class OfferDetailView(AnonymousPageCacheMixin, DetailView):
    template_name = "offers/offer_detail.html"
    context_object_name = "offer"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job_posting"] = as_script(job_posting(self.object, self.request))
        context["article"] = offer_page.cached_article(self.object, timezone.localdate())
        return context

    def get_object(self, queryset=None):
        offer = offer_page.published_offer(self.kwargs["slug"])
        if offer is None:
            raise Http404("No offer found matching the query")
        return offer


class SavedOffersView(TemplateView):
    template_name = "offers/saved.html"

    def get_context_data(self, **kwargs):
        from alerts.reminders import MAX_SAVED

        # How many saved offers the page's script may ask about at once.
        return super().get_context_data(**kwargs, saved_status_limit=MAX_SAVED)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Exports and calendars repeat the pages, one per filter combination.
        "Disallow: /export/",
        "Disallow: /calendrier.ics",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # A database outage raised outside a view (in a middleware, say) still gets the 503 page.
    if isinstance(sys.exc_info()[1], DATABASE_OUTAGES):
        return unavailable(request)
    # No context processors beyond the request: the failure may come from them. The request id
    # lets a visitor quote the error; the logs and Sentry carry the same id.
    return render(request, "500.html", {"request_id": current_request_id()}, status=500)
