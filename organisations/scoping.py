"""Admin classes that show a publisher only what belongs to their organisations."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404

from .models import Contact, Organisation
from .roles import is_moderator, organisations_of


class OrganisationScopedAdmin:
    """Mixin for a ModelAdmin whose objects belong to an organisation.

    Moderators see everything. Anyone else sees, in lists, forms, choices and autocompletes,
    only the objects of the organisations they are a member of; another organisation's object
    answers 404, as if it did not exist.
    """

    # The lookup from the model to its organisation's primary key.
    organisation_lookup = "organisation"

    def scope(self, request, queryset, lookup: str | None = None):
        if is_moderator(request.user):
            return queryset
        lookup = lookup or self.organisation_lookup
        return queryset.filter(**{f"{lookup}__in": organisations_of(request.user).values("pk")})

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # The admin would redirect with "does not exist"; a plain 404 says the same and
            # is what a guessed URL should get.
            raise Http404("Cet objet n'existe pas.")
        return obj

    def in_scope(self, request, obj) -> bool:
        return self.scope(request, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not is_moderator(request.user):
            if db_field.related_model is Organisation:
                kwargs["queryset"] = organisations_of(request.user)
            elif db_field.related_model is Contact:
                kwargs["queryset"] = Contact.objects.filter(
                    organisation__in=organisations_of(request.user)
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not is_moderator(request.user) and db_field.related_model is Contact:
            kwargs["queryset"] = Contact.objects.filter(
                organisation__in=organisations_of(request.user)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect (/admin/r/<type>/<id>/), scoped like the admin.

    Django's own answers any staff user with the address of any object, which tells a publisher
    the slugs of other organisations' drafts. Here an object its model admin would not show
    the user is a 404, as its change page is.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    if model is None:
        raise Http404("Cet objet n'existe pas.")
    try:
        model_admin = admin.site.get_model_admin(model)
    except NotRegistered as error:
        raise Http404("Cet objet n'existe pas.") from error
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404("Cet objet n'existe pas.")
    return shortcut(request, content_type_id, object_id)
