"""The two roles as groups, so that no one has to tick permissions by hand in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# What a publisher needs and nothing more: their offers, deadlines and contacts (the admin
# scopes them to their organisations), and their organisation's own page, without creating any.
PUBLISHER_PERMISSIONS = [
    ("offers", "offer", ["view", "add", "change", "delete"]),
    ("offers", "deadline", ["view", "add", "change", "delete"]),
    ("organisations", "contact", ["view", "add", "change", "delete"]),
    ("organisations", "organisation", ["view", "change"]),
]
MODERATOR_PERMISSIONS = [
    ("offers", "offer", ["view", "add", "change", "delete", "moderate"]),
    ("offers", "deadline", ["view", "add", "change", "delete"]),
    ("offers", "offertransition", ["view"]),
    ("organisations", "contact", ["view", "add", "change", "delete"]),
    ("organisations", "organisation", ["view", "add", "change"]),
    ("organisations", "membership", ["view", "add", "change", "delete"]),
    ("auth", "user", ["view"]),
]
GROUPS = {"Publishers": PUBLISHER_PERMISSIONS, "Moderators": MODERATOR_PERMISSIONS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate): make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = []
        for app_label, model, actions in grants:
            for action in actions:
                codename = f"{action}_{model}"
                codenames.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
        group.permissions.set(codenames)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("offers", "0001_initial"),
        ("organisations", "0002_membership"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
