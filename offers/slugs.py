"""Addresses made from titles and names: free when chosen, and still free when saved.

The admin gives a new offer the first free address for its title (stage, stage-2…); so does
the importer for its drafts and the organisations it creates. Two people saving the same title
at once are both given the same free address, and the database's unique index lets one of them
in: the other takes the next free one instead of an error page.
"""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

# Each retry follows a save that took the address in between: more than a few means a bug.
ATTEMPTS = 5


def free_slug(model, text: str, *, exclude_pk: int | None = None) -> str:
    """The first address from `text` that no row of `model` has: base, base-2, base-3… (the
    base is the model's name, "offre", when `text` has no letter or digit)."""
    max_length = model._meta.get_field("slug").max_length
    base = slugify(text)[: max_length - 6].strip("-") or slugify(model._meta.verbose_name)
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def save_new(instance, text: str) -> None:
    """Insert `instance` under its slug, or under the next free one if another save took it."""
    model = type(instance)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic():
                instance.save()
            return
        except IntegrityError:
            # Another constraint, or the address still taken after a few tries: a real error.
            if attempt == ATTEMPTS or not model.objects.filter(slug=instance.slug).exists():
                raise
            instance.slug = free_slug(model, text)
