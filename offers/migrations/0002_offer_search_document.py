# French full-text search on PostgreSQL: a text search configuration that folds accents before
# stemming, a search document per offer kept up to date by triggers, and its GIN index.
# On SQLite (`make run`) only the column is added; the search falls back to folded substrings.

import django.contrib.postgres.search
from django.db import migrations

FORWARD = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'participe_french') THEN
    CREATE TEXT SEARCH CONFIGURATION participe_french (COPY = pg_catalog.french);
    ALTER TEXT SEARCH CONFIGURATION participe_french
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;

-- Title first (A), then the organisation and the place (B), then the description (C).
CREATE FUNCTION offers_offer_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_document :=
       setweight(to_tsvector('participe_french', coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('participe_french', coalesce(
         (SELECT name FROM organisations_organisation WHERE id = NEW.organisation_id), '')), 'B')
    || setweight(to_tsvector('participe_french',
         coalesce(NEW.city, '') || ' ' || coalesce(NEW.place_wording, '')), 'B')
    || setweight(to_tsvector('participe_french', coalesce(NEW.description, '')), 'C');
  RETURN NEW;
END
$$;

CREATE TRIGGER offers_offer_search_document
  BEFORE INSERT OR UPDATE OF title, organisation_id, city, place_wording, description
  ON offers_offer FOR EACH ROW EXECUTE FUNCTION offers_offer_search_document();

-- A renamed organisation is found under its new name: touching its offers re-runs the above.
CREATE FUNCTION organisations_organisation_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE offers_offer SET title = title WHERE organisation_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER organisations_organisation_search_document
  AFTER UPDATE OF name ON organisations_organisation FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION organisations_organisation_search_document();

UPDATE offers_offer SET title = title;

CREATE INDEX offer_search_document_gin ON offers_offer USING gin (search_document);
"""

BACKWARD = r"""
DROP INDEX IF EXISTS offer_search_document_gin;
DROP TRIGGER IF EXISTS organisations_organisation_search_document ON organisations_organisation;
DROP FUNCTION IF EXISTS organisations_organisation_search_document();
DROP TRIGGER IF EXISTS offers_offer_search_document ON offers_offer;
DROP FUNCTION IF EXISTS offers_offer_search_document();
DROP TEXT SEARCH CONFIGURATION IF EXISTS participe_french;
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: psycopg then sends the whole script as one simple query.
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
