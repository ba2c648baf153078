from django.conf import settings
from django.core.paginator import InvalidPage
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from organisations.models import Contact

from . import paging
from .filters import MAX_QUERY_LENGTH, OfferFilter, SortOrder
from .geography import DEPARTEMENT_CHOICES
from .models import Deadline, Offer
from .page_cache import AnonymousPageCacheMixin


class OfferListView(AnonymousPageCacheMixin, ListView):
    template_name = "offers/offer_list.html"
    context_object_name = "offers"

    def get_paginate_by(self, queryset):
        return settings.PAGE_SIZE

    def get_queryset(self):
        self.filterset = OfferFilter(
            self.request.GET or None,
            queryset=Offer.objects.visible(),
            department_choices=DEPARTEMENT_CHOICES,
        )
        self.sort = SortOrder.DEADLINE
        if self.filterset.is_bound and self.filterset.form.is_valid():
            self.sort = self.filterset.form.cleaned_data.get("sort") or SortOrder.DEADLINE
        # Unordered: paging.paginate() reads it as open and closed segments, each in order.
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        raw = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        try:
            page = paging.paginate(queryset, self.sort, page_size, raw)
        except InvalidPage as exc:
            raise Http404("Cette page n'existe pas.") from exc
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["search_query"] = self.request.GET.get("q", "")[:MAX_QUERY_LENGTH]
        context["active_filters"] = active_filters(self.request, self.filterset)
        return context


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
            display = "oui"
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

    def get_queryset(self):
        return (
            Offer.objects.visible()
            .select_related("organisation")
            .prefetch_related(
                Prefetch(
                    "deadlines",
                    queryset=Deadline.objects.order_by(F("date").asc(nulls_last=True), "kind"),
                ),
                Prefetch("contacts", queryset=Contact.objects.select_related("organisation")),
            )
        )


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors beyond the request: the failure may come from them.
    return render(request, "500.html", status=500)
