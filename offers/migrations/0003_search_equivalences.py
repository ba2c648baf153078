# The field's search equivalences, seeded from offers/data/search_equivalences.txt; moderators
# keep the list (organisations/migrations/0003 made their group).

from django.contrib.auth.management import create_permissions
from django.db import migrations


def seed_equivalences(apps, schema_editor):
    from offers.vocabulary import read_equivalences

    SearchEquivalence = apps.get_model("offers", "SearchEquivalence")
    for wordings in read_equivalences():
        SearchEquivalence.objects.get_or_create(wordings="\n".join(wordings))
    # Permissions are normally created after all migrations ran: make this model's now.
    app_config = apps.get_app_config("offers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="offers",
                codename__in=[
                    f"{action}_searchequivalence" for action in ("view", "add", "change", "delete")
                ],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0002_search_and_board_triggers"),
        ("organisations", "0003_publisher_and_moderator_groups"),
    ]

    operations = [
        migrations.RunPython(seed_equivalences, migrations.RunPython.noop),
    ]
