"""Moderators keep the sources: add them, run them, see their runs and split duplicates."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("sources", "source", ["view", "add", "change", "delete"]),
    ("sources", "sourcerun", ["view"]),
    ("sources", "sourceitem", ["view", "change"]),
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate): make them now.
    app_config = apps.get_app_config("sources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, model, actions in MODERATOR_PERMISSIONS:
        for action in actions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name="Moderators").first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="sources"))


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
        ("organisations", "0003_publisher_and_moderator_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
