from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.message_page import message_page
from config.request_body import small_form

from . import abuse, services, tokens
from .forms import FrequencyForm, SubscribeForm
from .models import Frequency, Subscription
from .searches import describe_search


@require_POST
@csrf_exempt  # Replaced by abuse.same_origin(): the list page is cached, without a token.
@never_cache
# Open to anybody: a body bigger than the form, or a multipart one, is refused unread.
@small_form
def subscribe(request):
    if not abuse.same_origin(request):
        return message_page(
            request,
            _("Demande refusée"),
            _(
                "Ce formulaire doit être envoyé depuis une page de Participe. "
                "Ouvrez la liste des offres et réessayez."
            ),
            403,
        )
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        context = {"alert_form": form, "search_querystring": form.data.get("search", "")}
        return render(request, "alerts/subscribe.html", context, status=400)
    email = form.cleaned_data["email"]
    if not abuse.client_allowed(request) or not abuse.mailbox_allowed(email):
        response = message_page(
            request,
            _("Trop de demandes"),
            _(
                "Trop de demandes d'abonnement pour cette adresse ou depuis votre "
                "connexion. Rien n'a été enregistré : réessayez dans une heure."
            ),
            429,
        )
        response["Retry-After"] = str(abuse.WINDOW_SECONDS)
        return response
    # Only queued here: a mail server that refuses delays the confirmation, the outbox
    # retries it, and the visitor gets the same answer.
    services.subscribe(
        email,
        form.cleaned_data["search"],
        form.cleaned_data["frequency"],
        translation.get_language() or settings.LANGUAGE_CODE,
    )
    return redirect("alerts:subscribed")


@require_safe
def subscribed(request):
    return render(request, "alerts/subscribed.html")


def bad_link(request, error: tokens.BadLink):
    if error.expired:
        message = _(
            "Ce lien a expiré. Abonnez-vous de nouveau depuis la liste des offres, ou "
            "utilisez le lien « Gérer mes alertes » de votre dernier e-mail de Participe."
        )
    else:
        message = _(
            "Ce lien n'est pas valide : il a peut-être été coupé ou modifié. Copiez l'adresse "
            "complète depuis l'e-mail reçu. Rien n'a été modifié."
        )
    return message_page(request, _("Lien invalide"), message, 400)


def gone(request):
    return message_page(
        request,
        _("Abonnement introuvable"),
        _(
            "Cet abonnement n'existe plus : il a été supprimé, ou n'a pas été confirmé "
            "dans les 7 jours. Vous ne recevrez aucun e-mail pour lui."
        ),
        404,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def confirm(request, token):
    """A page with one button: mail scanners follow links, they do not press buttons."""
    try:
        pk = tokens.read_confirm_token(token)
    except tokens.BadLink as error:
        return bad_link(request, error)
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None:
        return gone(request)
    if request.method == "POST":
        if subscription.confirm():
            messages.success(request, _("Votre alerte est confirmée."))
        return redirect("alerts:manage", token=tokens.manage_token(subscription.email))
    context = {"subscription": subscription, "filters": describe_search(subscription.querystring)}
    return render(request, "alerts/confirm.html", context)


# RFC 8058: mail clients post "List-Unsubscribe=One-Click" with neither cookie nor token. The
# signed link is the authority; a forged cross-site post could only unsubscribe the link's owner.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def unsubscribe(request, token):
    try:
        pk = tokens.read_unsubscribe_token(token)
    except tokens.BadLink as error:
        return bad_link(request, error)
    subscription = Subscription.objects.filter(pk=pk).first()
    if request.method == "POST":
        if subscription is not None:
            services.unsubscribe(subscription)
        # Already gone is the same outcome: a mail client may post twice.
        return render(request, "alerts/unsubscribed.html")
    if subscription is None:
        return gone(request)
    context = {"subscription": subscription, "filters": describe_search(subscription.querystring)}
    return render(request, "alerts/unsubscribe.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def manage(request, token):
    """The address's subscriptions: change a frequency, delete one, or delete them all."""
    try:
        email = tokens.read_manage_token(token)
    except tokens.BadLink as error:
        return bad_link(request, error)
    subscriptions = Subscription.objects.of_address(email)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete-all":
            services.forget_address(email)
            return render(request, "alerts/forgotten.html")
        subscription = get_object_or_404(subscriptions, pk=parse_pk(request.POST.get("id")))
        if action == "delete":
            services.unsubscribe(subscription)
            messages.success(request, _("L'alerte a été supprimée."))
        elif action == "frequency":
            form = FrequencyForm(request.POST)
            if not form.is_valid():
                messages.error(
                    request, _("Choisissez une fréquence : chaque jour ou chaque semaine.")
                )
            else:
                subscription.change_frequency(form.cleaned_data["frequency"])
                messages.success(request, _("La fréquence de l'alerte a été modifiée."))
        else:
            messages.error(request, _("Action inconnue : rien n'a été modifié."))
        if not subscriptions.exists():
            return render(request, "alerts/forgotten.html")
        return redirect(reverse("alerts:manage", args=[token]))
    rows = [
        {
            "subscription": subscription,
            "filters": describe_search(subscription.querystring),
        }
        for subscription in subscriptions
    ]
    context = {
        "email": email,
        "rows": rows,
        "frequencies": Frequency.choices,
        "messages": messages.get_messages(request),
    }
    return render(request, "alerts/manage.html", context)


def parse_pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404("Abonnement inconnu") from exc
