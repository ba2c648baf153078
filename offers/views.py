import sys

from django import forms
from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from config.middleware import DATABASE_OUTAGES, unavailable

from . import board_index, offer_page, paging
from .filters import MAX_QUERY_LENGTH, OfferFilter, SortOrder
from .geography import DEPARTEMENT_CHOICES
from .models import Offer
from .page_cache import AnonymousPageCacheMixin
from .paging import order_offers
from .search import (
    SUGGEST_AT_MOST,
    matching_ids,
    parse,
    suggestion,
    uses_full_text,
    with_relevance,
)
from .structured_data import as_script, job_posting


def public_offers():
    return Offer.objects.visible().with_openness().select_related("organisation")


class OfferListView(AnonymousPageCacheMixin, ListView):
    template_name = "offers/offer_list.html"
    context_object_name = "offers"

    def get_paginate_by(self, queryset):
        return settings.PAGE_SIZE

    def get_queryset(self):
        # The list reads its filters' values, not their queryset (see the end).
        self.filterset = searched_offers(self.request, queryset=Offer.objects.none())
        # The facet counts and the order of the pages come from the in-process index of the
        # published offers (offers/board_index.py); the database gives the page's offers.
        self.board = board_index.current()
        self.clock = board_index.Clock.now()
        self.values = self.filterset.active_values()
        self.text = self.values.pop("q", None)
        version = self.board.version
        if self.text and not parse(self.text, version=version):
            self.text = None  # nothing searchable in it ("---"): the list as it is
        self.within = self.board.rows_of(matching_ids(self.text, version)) if self.text else None
        self.facets = self.board.facet_counts(self.filterset, self.values, self.within, self.clock)
        # Full-text results carry a rank and highlighted snippets (PostgreSQL only).
        self.searched = bool(self.text) and uses_full_text()
        # Not read: paginate_queryset() reads the page's offers by id. Building the filters'
        # queryset would cost more than counting every facet.
        return Offer.objects.none()

    def paginate_queryset(self, queryset, page_size):
        raw = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        default = SortOrder.RELEVANCE if self.searched else SortOrder.DEADLINE
        sort = cleaned_value(self.filterset, "sort") or default
        text = self.text if self.searched else None
        arguments = (self.board, self.values, self.within, page_size, raw, self.facets["total"])
        try:
            if text and sort == SortOrder.RELEVANCE:
                page = paging.ranked_page(*arguments, text, self.clock)
            else:
                page = paging.board_page(*arguments, sort, self.clock, text=text)
        except InvalidPage as exc:
            raise Http404("Cette page n'existe pas.") from exc
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["search_query"] = self.request.GET.get("q", "")[:MAX_QUERY_LENGTH]
        context["active_filters"] = active_filters(self.request, self.filterset)
        label_facets(self.filterset, self.facets["facets"])
        context["search_querystring"] = search_querystring(self.request)
        context["search_suggestion"] = self.search_suggestion()
        return context

    def search_suggestion(self) -> dict | None:
        """ "Vouliez-vous dire : concertation ?" when a search finds nothing or very little."""
        if not self.text or self.facets["total"] > SUGGEST_AT_MOST:
            return None
        text = suggestion(self.text)
        if text is None:
            return None
        params = self.request.GET.copy()
        params["q"] = text
        params.pop("page", None)
        url = f"?{params.urlencode()}"
        return {"text": text, "url": url, "link": format_html('<a href="{}">{}</a>', url, text)}


def searched_offers(request, queryset=None) -> OfferFilter:
    """The public offers a request's filters select: the list, feeds, calendars and exports."""
    return OfferFilter(
        request.GET or None,
        queryset=public_offers() if queryset is None else queryset,
        department_choices=DEPARTEMENT_CHOICES,
    )


def cleaned_value(filterset: OfferFilter, name: str):
    if not filterset.is_bound:
        return None
    filterset.form.is_valid()
    return filterset.form.cleaned_data.get(name)


def sorted_search(filterset: OfferFilter):
    """The filtered offers in the order asked for, ranked when there are keywords."""
    queryset = filterset.qs
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    text = (cleaned.get("q") or "").strip()
    if text:
        # Ordered by relevance; snippets are the list's alone (exports, calendars never show them).
        queryset = with_relevance(queryset, text, highlights=False)
    default = SortOrder.RELEVANCE if text else SortOrder.DEADLINE
    return order_offers(queryset, cleaned.get("sort") or default)


def search_querystring(request) -> str:
    """The current filters without paging or sorting: for feeds, calendars and exports."""
    params = request.GET.copy()
    for name in ("page", "sort"):
        params.pop(name, None)
    return params.urlencode()


def label_facets(filterset: OfferFilter, facets: dict) -> None:
    """Show each option's count next to its label, as the form is rendered."""
    for name, counts in facets.items():
        field = filterset.form.fields[name]
        if isinstance(field, forms.BooleanField | forms.NullBooleanField):
            field.label = f"{field.label} ({counts.get(True, 0)})"
            # The bound field copied the label when the form was validated.
            filterset.form[name].label = field.label
            continue
        # django-filter adds the empty option itself, from empty_label.
        if getattr(field, "empty_label", None) is not None and "" in counts:
            field.empty_label = f"{field.empty_label} ({counts['']})"
        field.choices = [
            (value, f"{label} ({counts[value]})" if value in counts else label)
            for value, label in field.choices
            if value != "" or getattr(field, "empty_label", None) is None
        ]


def active_filters(request, filterset) -> list[dict]:
    """The filters a student has set, each with a link that removes it alone."""
    if not filterset.is_bound:
        return []
    form = filterset.form
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    chips = []
    for name, field in form.fields.items():
        if name in {"sort"} or name in form.errors:
            continue
        value = cleaned.get(name)
        if value in (None, "", False) or (name == "status" and value == "toutes"):
            continue
        if hasattr(field, "choices"):
            display = dict(field.choices).get(value, value)
        elif value is True:
            display = gettext("oui")
        else:
            display = value
        remaining = request.GET.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        chips.append(
            {
                "label": field.label,
                "value": display,
                "remove_url": f"?{remaining.urlencode()}" if remaining else "?",
            }
        )
    return chips


class OfferDetailView(AnonymousPageCacheMixin, DetailView):
    template_name = "offers/offer_detail.html"
    context_object_name = "offer"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job_posting"] = as_script(job_posting(self.object, self.request))
        return context

    def get_object(self, queryset=None):
        # offer_page.detail_queryset(Offer.objects.visible()).get(slug=…), in one query.
        offer = offer_page.published_offer(self.kwargs["slug"])
        if offer is None:
            raise Http404("No offer found matching the query")
        return offer


class SavedOffersView(TemplateView):
    template_name = "offers/saved.html"


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
    # No context processors beyond the request: the failure may come from them.
    return render(request, "500.html", status=500)
