# The search document moves from the offers' rows to a narrow table of its own (see
# offers.models.SearchDocument): a broad search ("concertation", half the board) read every
# offer's row to find its ids; it now reads a few megabytes. The trigger of migration 0002 now
# writes that table, with the same document.

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

DOCUMENT = """
       setweight(to_tsvector('participe_french', coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('participe_french', coalesce(
         (SELECT name FROM organisations_organisation WHERE id = NEW.organisation_id), '')), 'B')
    || setweight(to_tsvector('participe_french',
         coalesce(NEW.city, '') || ' ' || coalesce(NEW.place_wording, '')), 'B')
    || setweight(to_tsvector('participe_french', coalesce(NEW.description, '')), 'C')
"""

POSTGRESQL_FORWARD = f"""
-- Documents always go to TOAST storage: the table's rows stay a few bytes long.
ALTER TABLE offers_searchdocument SET (toast_tuple_target = 128);
INSERT INTO offers_searchdocument (offer_id, document)
  SELECT id, search_document FROM offers_offer WHERE search_document IS NOT NULL;

DROP TRIGGER offers_offer_search_document ON offers_offer;
DROP FUNCTION offers_offer_search_document();
DROP INDEX offer_search_document_gin;

CREATE FUNCTION offers_offer_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO offers_searchdocument (offer_id, document) VALUES (NEW.id, {DOCUMENT})
  ON CONFLICT (offer_id) DO UPDATE SET document = EXCLUDED.document;
  RETURN NULL;
END
$$;

CREATE TRIGGER offers_offer_search_document
  AFTER INSERT OR UPDATE OF title, organisation_id, city, place_wording, description
  ON offers_offer FOR EACH ROW EXECUTE FUNCTION offers_offer_search_document();

CREATE INDEX offers_searchdocument_gin ON offers_searchdocument USING gin (document);
"""

POSTGRESQL_BACKWARD = f"""
DROP INDEX IF EXISTS offers_searchdocument_gin;
DROP TRIGGER offers_offer_search_document ON offers_offer;
DROP FUNCTION offers_offer_search_document();

CREATE FUNCTION offers_offer_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_document := {DOCUMENT};
  RETURN NEW;
END
$$;

CREATE TRIGGER offers_offer_search_document
  BEFORE INSERT OR UPDATE OF title, organisation_id, city, place_wording, description
  ON offers_offer FOR EACH ROW EXECUTE FUNCTION offers_offer_search_document();

UPDATE offers_offer AS offer SET search_document = document.document
  FROM offers_searchdocument AS document WHERE document.offer_id = offer.id;
CREATE INDEX offer_search_document_gin ON offers_offer USING gin (search_document);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0007_board_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "offer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="offers.offer",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "verbose_name": "document de recherche",
                "verbose_name_plural": "documents de recherche",
            },
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="offer", name="search_document"),
    ]
