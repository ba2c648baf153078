from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404
from django.utils import timezone
from django.views.generic import DetailView

from offers import board_index, paging
from offers.facets import SortOrder
from offers.models import Offer
from offers.page_cache import AnonymousPageCacheMixin

from .models import Organisation


class OrganisationDetailView(AnonymousPageCacheMixin, DetailView):
    model = Organisation
    template_name = "organisations/organisation_detail.html"
    context_object_name = "organisation"
    cache_parameters = frozenset({"page"})
    # An organisation proposed from /publier/ has no page until a moderator checked it.
    queryset = Organisation.objects.filter(verified=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offers = Offer.objects.visible().filter(organisation=self.object)
        try:
            page = paging.paginate(
                offers, SortOrder.DEADLINE, settings.PAGE_SIZE, self.request.GET.get("page")
            )
        except InvalidPage as exc:
            raise Http404("Cette page n'existe pas.") from exc
        # The cards are the list's, cached under the board's version (offers/fragments.py).
        context.update(
            page_obj=page,
            offers=page.object_list,
            today=timezone.localdate(),
            board_version=board_index.board_version(),
        )
        return context
