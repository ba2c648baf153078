import sys

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from alerts.reminders import MAX_SAVED
from config.errors import error_page
from config.log import current_request_id
from config.middleware import DATABASE_OUTAGES, unavailable

from . import board, offer_page
from .facets import MAX_QUERY_LENGTH
from .filters import LIST_PARAMETERS, REPEATABLE_PARAMETERS
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
        context["form"] = results.form
        context["form_html"] = results.form_html()
        context["notices"] = search.notices
        # Near a town: the town, the radius applied and its widening (offers.board.Near).
        context["near"] = results.near
        context["highlights"] = results.highlights
        context["search_query"] = self.request.GET.get("q", "")[:MAX_QUERY_LENGTH]
        context["active_filters"] = board.chips(search)
        context["search_querystring"] = search.querystring
        context["kept_filters"] = search.kept_filters
        context["search_suggestion"] = results.suggestion()
        return context


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
    return error_page(request, 500, request_id=current_request_id())
