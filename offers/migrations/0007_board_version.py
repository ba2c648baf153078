from django.db import migrations

# offers.board_index keeps the published offers in memory and must know when the board changes:
# this one-row table holds a new value after every write that can change the public list, set by
# triggers in the writing transaction (bulk and raw writes included, which no signal sees).
# A sequence on PostgreSQL (never reset by a flush; a rolled-back write leaves the committed
# value in place), a random 63-bit number on SQLite (`make run`). It is no model: a dump or a
# test's serialized database must not carry a version that does not describe their data.
POSTGRESQL_FORWARD = """
CREATE TABLE offers_board_version (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
CREATE SEQUENCE offers_board_version_seq;
INSERT INTO offers_board_version VALUES (1, nextval('offers_board_version_seq'));

CREATE FUNCTION offers_board_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE offers_board_version SET version = nextval('offers_board_version_seq');
  RETURN NULL;
END
$$;

CREATE TRIGGER offers_offer_board_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offers_offer
  FOR EACH STATEMENT EXECUTE FUNCTION offers_board_changed();

CREATE TRIGGER organisations_organisation_board_changed
  AFTER UPDATE OF kind ON organisations_organisation
  FOR EACH STATEMENT EXECUTE FUNCTION offers_board_changed();
"""
POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS organisations_organisation_board_changed ON organisations_organisation;
DROP TRIGGER IF EXISTS offers_offer_board_changed ON offers_offer;
DROP FUNCTION IF EXISTS offers_board_changed();
DROP SEQUENCE IF EXISTS offers_board_version_seq;
DROP TABLE IF EXISTS offers_board_version;
"""
SQLITE_BUMP = "UPDATE offers_board_version SET version = abs(random());"
SQLITE_TRIGGERS = {
    "offers_offer_board_insert": "AFTER INSERT ON offers_offer",
    "offers_offer_board_update": "AFTER UPDATE ON offers_offer",
    "offers_offer_board_delete": "AFTER DELETE ON offers_offer",
    "organisations_organisation_board_kind": "AFTER UPDATE OF kind ON organisations_organisation",
}


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE TABLE offers_board_version "
            "(id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)"
        )
        schema_editor.execute("INSERT INTO offers_board_version VALUES (1, abs(random()))")
        for name, event in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {name} {event} BEGIN {SQLITE_BUMP} END;")
    else:
        raise NotImplementedError(f"No trigger for {vendor}: Participe runs on PostgreSQL.")


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD)
    else:
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
        schema_editor.execute("DROP TABLE IF EXISTS offers_board_version")


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0006_moderation_queue_index"),
        ("organisations", "0003_publisher_and_moderator_groups"),
    ]

    operations = [migrations.RunPython(install, remove)]
