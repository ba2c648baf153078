from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.views.generic import DetailView

from offers.filters import SortOrder
from offers.page_cache import AnonymousPageCacheMixin
from offers.views import order_offers, public_offers

from .models import Organisation


class OrganisationDetailView(AnonymousPageCacheMixin, DetailView):
    model = Organisation
    template_name = "organisations/organisation_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offers = order_offers(public_offers().filter(organisation=self.object), SortOrder.DEADLINE)
        paginator = Paginator(offers, settings.PAGE_SIZE)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as exc:
            raise Http404("Cette page n'existe pas.") from exc
        context.update(page_obj=page, offers=page.object_list)
        return context
