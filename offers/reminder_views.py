"""The pages behind a deadline reminder's links (offers/freshness.py): a confirmation page with
one button, then what was done. Nobody signs in: the signed link is the authority."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from config.message_page import message_page

from . import freshness
from .models import DeadlineReminder, ReminderAction


def bad_link(request, error: freshness.BadLink):
    if error.expired:
        return message_page(
            request,
            "Lien expiré",
            f"Ce lien a expiré : il était valable {freshness.LINK_LIFETIME.days} jours. Rien "
            "n'a été changé. Pour modifier l'offre, connectez-vous à l'administration de "
            "Participe.",
            410,
        )
    return message_page(
        request,
        "Lien invalide",
        "Ce lien n'est pas valide : il a peut-être été coupé ou modifié. Rien n'a été changé. "
        "Copiez-le en entier depuis le courriel, ou modifiez l'offre depuis l'administration.",
        400,
    )


def gone(request):
    return message_page(
        request,
        "Offre introuvable",
        "L'offre de ce rappel n'existe plus : rien n'a été changé.",
        410,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def reminder_answer(request, token):
    try:
        link = freshness.read_token(token)
    except freshness.BadLink as error:
        return bad_link(request, error)
    if request.method == "POST":
        outcome = freshness.answer(link)
        if outcome is None:
            return gone(request)
        return render(request, "offers/reminder_answer.html", {"outcome": outcome})
    # Reading the link changes nothing: mail scanners and prefetchers follow links.
    reminder = (
        DeadlineReminder.objects.select_related("offer__organisation")
        .filter(pk=link.reminder_id)
        .first()
    )
    if reminder is None:
        return gone(request)
    today = timezone.localdate()
    refused = freshness.refusal(reminder, link, today)
    context = {
        "outcome": refused,
        "offer": reminder.offer,
        "action_label": ReminderAction(link.action).label,
        "consequence": freshness.describe(link.action, reminder, today),
    }
    return render(request, "offers/reminder_answer.html", context)
