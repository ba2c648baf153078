from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.views.generic import DetailView

from offers import board, by_organisation
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
        results = board.organisation_results(self.object)
        paginator = Paginator(results.offers, settings.PAGE_SIZE)
        number = self.request.GET.get("page") or 1
        try:
            page = paginator.page(paginator.num_pages if number == "last" else number)
        except InvalidPage as exc:
            raise Http404("Cette page n'existe pas.") from exc
        # The cards are the list's, kept under the board's version (offers/caches.py).
        context.update(
            page_obj=page,
            offers=page.object_list,
            today=results.clock.today,
            board_version=results.version,
            # Its alert and feeds: the list's search for this organisation's offers.
            search_querystring=by_organisation.querystring(self.object),
        )
        return context
