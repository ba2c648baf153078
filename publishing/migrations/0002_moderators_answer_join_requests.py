"""Moderators answer join requests and see the publish requests, as they see memberships."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = [
    ("organisations", "joinrequest", ["view", "change"]),
    ("publishing", "publishrequest", ["view"]),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Moderators").first()
    if group is None:
        return
    for app_label, model, actions in GRANTS:
        for action in actions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_publish_request"),
        ("organisations", "0004_organisation_verified_and_join_requests"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
