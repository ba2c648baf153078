# The board's version (migration 0002) moves on at every write to what a public page shows, so
# that it alone keys every cache (offers/caches.py): besides the offers, an organisation's kind
# and the equivalences, now every write to deadlines, organisations, contacts and the offers'
# contacts. Statement triggers: a bulk write moves it once.

from django.db import migrations

TABLES = [
    ("offers_deadline", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("organisations_organisation", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("organisations_contact", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("offers_offer_contacts", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
]

FORWARD = "DROP TRIGGER organisations_organisation_board_changed ON organisations_organisation;\n" + "".join(
    f"CREATE TRIGGER {table}_board_changed AFTER {events} ON {table}"
    " FOR EACH STATEMENT EXECUTE FUNCTION offers_board_changed();\n"
    for table, events in TABLES
)
BACKWARD = "".join(f"DROP TRIGGER {table}_board_changed ON {table};\n" for table, _ in TABLES) + (
    "CREATE TRIGGER organisations_organisation_board_changed"
    " AFTER UPDATE OF kind ON organisations_organisation"
    " FOR EACH STATEMENT EXECUTE FUNCTION offers_board_changed();\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0007_offer_position_full_remote"),
        ("organisations", "0004_organisation_verified_and_join_requests"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
