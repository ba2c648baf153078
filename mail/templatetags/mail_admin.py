from django import template

from ..models import OutgoingEmail

register = template.Library()


@register.simple_tag(takes_context=True)
def failed_emails(context) -> int | None:
    """How many e-mails were given up on, for whoever may see the outbox (the moderators)."""
    if not context["request"].user.has_perm("mail.view_outgoingemail"):
        return None
    return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
