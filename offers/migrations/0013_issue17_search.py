# Search that finds what students type, as fast as the plain list (issue 17).
#
# - Words as students mean them: "50-50/budget participatif" was one file path for PostgreSQL's
#   parser; slashes, hyphens and similar joins now split words (participe_words), in documents
#   here and in queries (offers.search.words) alike.
# - A compact document beside the full one: title, organisation, place and the description's
#   first lines (summary), which ranking reads instead of the whole description, and those first
#   lines as text (excerpt), which the page's highlights read.
# - The board's vocabulary (offers_search_word, no model: derived data a dump must not carry),
#   every word the documents were made of, with a trigram index: "concertaiton" finds
#   "concertation" there. Words are only added: a suggestion is checked against the published
#   offers when it is made (offers.search.suggestion).
# - The field's equivalences (SearchEquivalence), seeded from offers/data/search_equivalences.txt;
#   a change moves the board's version on, as an offer's does.

import django.contrib.postgres.search
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# The description's first lines: what ranking and highlights read (about 600 characters, cut at a
# space so that no half word is indexed).
LEAD_LENGTH = 600

POSTGRESQL_FORWARD = rf"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION participe_words(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(coalesce($1, ''), '[-/\\|_+=<>@#*~^]+', ' ', 'g')
$$;

CREATE FUNCTION participe_part(text, "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('participe_french'::regconfig, participe_words($1)), $2)
$$;

CREATE FUNCTION participe_lead(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(coalesce($1, '')) <= {LEAD_LENGTH} THEN coalesce($1, '')
              ELSE regexp_replace(left($1, {LEAD_LENGTH} + 1), '\s+\S*$', '') END
$$;

-- An offer's place as the search reads it: city, wording, and the words of its département
-- (number, name, région: offers_place_words(), migration 0012).
CREATE FUNCTION participe_place(text, text, text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce($1, '') || ' ' || coalesce($2, '') || ' ' || offers_place_words($3)
$$;

-- Title first (A), then the organisation and the place (B), then the description (C).
CREATE FUNCTION participe_document(text, text, text, text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT participe_part($1, 'A') || participe_part($2, 'B') || participe_part($3, 'B')
      || participe_part($4, 'C')
$$;

-- A search's matches, from the GIN index: the planner, which does not count reading a
-- document out of TOAST storage, prefers reading every document of a broad search (1 s at
-- 100,000 offers, where the index answers in 40 ms).
CREATE FUNCTION participe_matching_ids(tsquery) RETURNS bigint[]
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
  SELECT coalesce(array_agg(offer_id), '{{}}') FROM offers_searchdocument WHERE document @@ $1
$$;

CREATE TABLE offers_search_word (
  word text PRIMARY KEY,
  folded text NOT NULL
);
CREATE INDEX offers_search_word_folded ON offers_search_word (folded);
CREATE INDEX offers_search_word_trigram ON offers_search_word USING gin (folded gin_trgm_ops);

-- The words of a text as the search parser reads them, three letters or more.
CREATE FUNCTION participe_add_words(text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO offers_search_word (word, folded)
  SELECT DISTINCT lower(token), unaccent(lower(token))
  FROM ts_parse('default', participe_words($1))
  WHERE tokid IN (1, 2) AND char_length(token) >= 3
  ON CONFLICT DO NOTHING
$$;

CREATE OR REPLACE FUNCTION offers_offer_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  organisation text := (SELECT name FROM organisations_organisation
                        WHERE id = NEW.organisation_id);
  place text := participe_place(NEW.city, NEW.place_wording, NEW.department_code);
  lead text := participe_lead(NEW.description);
BEGIN
  INSERT INTO offers_searchdocument (offer_id, document, summary, excerpt)
  VALUES (NEW.id, participe_document(NEW.title, organisation, place, NEW.description),
          participe_document(NEW.title, organisation, place, lead), lead)
  ON CONFLICT (offer_id) DO UPDATE
    SET document = EXCLUDED.document, summary = EXCLUDED.summary, excerpt = EXCLUDED.excerpt;
  PERFORM participe_add_words(concat_ws(' ', NEW.title, organisation, place, NEW.description));
  RETURN NULL;
END
$$;

UPDATE offers_offer SET title = title;

-- Equivalences change what searches find: the board's version moves on (migration 0007), and
-- each worker reads them again with the board (offers.vocabulary).
CREATE TRIGGER offers_searchequivalence_board_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offers_searchequivalence
  FOR EACH STATEMENT EXECUTE FUNCTION offers_board_changed();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER offers_searchequivalence_board_changed ON offers_searchequivalence;
CREATE OR REPLACE FUNCTION offers_offer_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO offers_searchdocument (offer_id, document) VALUES (NEW.id,
       setweight(to_tsvector('participe_french', coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('participe_french', coalesce(
         (SELECT name FROM organisations_organisation WHERE id = NEW.organisation_id), '')), 'B')
    || setweight(to_tsvector('participe_french',
         coalesce(NEW.city, '') || ' ' || coalesce(NEW.place_wording, '')
         || ' ' || offers_place_words(NEW.department_code)), 'B')
    || setweight(to_tsvector('participe_french', coalesce(NEW.description, '')), 'C'))
  ON CONFLICT (offer_id) DO UPDATE SET document = EXCLUDED.document;
  RETURN NULL;
END
$$;
-- The documents stay as 0013 wrote them (words split at joins): 0012 searches them as well.
DROP FUNCTION participe_add_words(text);
DROP FUNCTION participe_matching_ids(tsquery);
DROP TABLE offers_search_word;
DROP FUNCTION participe_document(text, text, text, text);
DROP FUNCTION participe_place(text, text, text);
DROP FUNCTION participe_lead(text);
DROP FUNCTION participe_part(text, "char");
DROP FUNCTION participe_words(text);
"""


SQLITE_TRIGGERS = {
    "offers_searchequivalence_board_insert": "AFTER INSERT ON offers_searchequivalence",
    "offers_searchequivalence_board_update": "AFTER UPDATE ON offers_searchequivalence",
    "offers_searchequivalence_board_delete": "AFTER DELETE ON offers_searchequivalence",
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FORWARD, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        bump = "UPDATE offers_board_version SET version = abs(random());"
        for name, event in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {name} {event} BEGIN {bump} END;")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")


def seed_equivalences(apps, schema_editor):
    from offers.vocabulary import read_equivalences

    SearchEquivalence = apps.get_model("offers", "SearchEquivalence")
    for wordings in read_equivalences():
        SearchEquivalence.objects.get_or_create(wordings="\n".join(wordings))
    # Moderators keep the list (organisations/migrations/0003 made their group). Permissions are
    # normally created after all migrations ran: make this model's now.
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
        ("offers", "0012_issue11_facets_search_places_description_html"),
        ("organisations", "0003_publisher_and_moderator_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="summary",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="excerpt",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.CreateModel(
            name="SearchEquivalence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "wordings",
                    models.TextField(
                        help_text=(
                            "Une formulation par ligne (par exemple « concertation » puis "
                            "« participation citoyenne ») : une recherche de l'une trouve "
                            "aussi les offres qui emploient les autres, classées après."
                        ),
                        verbose_name="formulations équivalentes",
                    ),
                ),
            ],
            options={
                "verbose_name": "équivalence de recherche",
                "verbose_name_plural": "équivalences de recherche",
                "ordering": ["wordings"],
            },
        ),
        migrations.RunPython(forward, backward),
        migrations.RunPython(seed_equivalences, migrations.RunPython.noop),
    ]
