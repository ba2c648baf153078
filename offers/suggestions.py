"""The communes a `lieu` field suggests as one types (static/js/communes.js asks)."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import communes

SUGGESTIONS = 8


@require_safe
@cache_control(public=True, max_age=86400)
def commune_suggestions(request):
    """{"communes": [{"label": "Villeurbanne (69)", "name": …, "insee": …, "postal_codes": […]}]}
    for ?q=vill; nothing for an empty or overlong prefix. The same for everyone: cacheable."""
    prefix = request.GET.get("q", "")[:100]
    found = communes.suggest(prefix, SUGGESTIONS) if len(prefix.strip()) >= 2 else []
    return JsonResponse(
        {
            "communes": [
                {
                    "label": commune.label,
                    "name": commune.name,
                    "insee": commune.insee,
                    "postal_codes": list(commune.postal_codes),
                }
                for commune in found
            ]
        }
    )
