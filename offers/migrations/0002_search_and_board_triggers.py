# What the database keeps up to date by itself, on every write (admin, fixtures loaded raw,
# bulk writes, SQL), which no save() override or signal could promise:
#
# - French full-text search: a text search configuration that folds accents before stemming;
#   each offer's search document (title A, organisation and place B, description C) and its
#   compact summary in a narrow table of their own (offers.models.SearchDocument), with a GIN
#   index; the board's vocabulary (offers_search_word, no model: derived data a dump must not
#   carry), every word the documents were made of, with a trigram index for suggestions
#   ("concertaiton" finds "concertation").
# - Offer.application_closes_on, the copy of the offer's application deadline the list sorts on.
# - The board's version (offers_board_version, no model), moved on by every write that can
#   change the public list: offers.board_index keeps the published offers in memory and must
#   know when they change. A sequence: never reset by a flush, and a rolled-back write leaves
#   the committed value in place.
#
# docs/architecture.md says how the search and the board index use them.

from django.db import migrations

from offers.geography import DEPARTEMENTS, REGIONS

# The description's first lines: what ranking and highlights read (about 600 characters, cut at a
# space so that no half word is indexed).
LEAD_LENGTH = 600


def place_words_function() -> str:
    """Each département's number, name and région's name: "34 Hérault Occitanie".

    Région numbers are left out on purpose: INSEE's région codes reuse département numbers
    (53 is Bretagne and Mayenne), and a student typing "53" means the département.
    """
    words = {
        code: f"{code} {name} {REGIONS[region]}".replace("'", "''")
        for code, (name, region) in DEPARTEMENTS.items()
    }
    cases = "\n".join(f"    WHEN '{code}' THEN '{text}'" for code, text in words.items())
    return f"""
CREATE FUNCTION offers_place_words(department_code text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $function$
  SELECT CASE upper(coalesce(department_code, ''))
{cases}
    ELSE '' END
$function$;
"""


SEARCH = rf"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TEXT SEARCH CONFIGURATION participe_french (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION participe_french
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

-- Words as students mean them: "50-50/budget participatif" would be one file path for
-- PostgreSQL's parser. Mirrors offers.search.JOINS, which splits queries the same way.
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

-- An offer's place as the search reads it: city, wording, and the words of its département.
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

-- Documents always go to TOAST storage: the table's rows stay a few bytes long.
ALTER TABLE offers_searchdocument SET (toast_tuple_target = 128);
CREATE INDEX offers_searchdocument_gin ON offers_searchdocument USING gin (document);

CREATE TABLE offers_search_word (
  word text PRIMARY KEY,
  folded text NOT NULL
);
CREATE INDEX offers_search_word_folded ON offers_search_word (folded);
CREATE INDEX offers_search_word_trigram ON offers_search_word USING gin (folded gin_trgm_ops);

-- The words of a text as the search parser reads them, three letters or more. Words are only
-- added: a suggestion is checked against the published offers when it is made.
CREATE FUNCTION participe_add_words(text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO offers_search_word (word, folded)
  SELECT DISTINCT lower(token), unaccent(lower(token))
  FROM ts_parse('default', participe_words($1))
  WHERE tokid IN (1, 2) AND char_length(token) >= 3
  ON CONFLICT DO NOTHING
$$;

CREATE FUNCTION offers_offer_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER offers_offer_search_document
  AFTER INSERT OR UPDATE OF title, organisation_id, city, place_wording, description,
    department_code
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
"""

APPLICATION_CLOSES_ON = """
CREATE FUNCTION offers_sync_application_closes_on() RETURNS trigger AS $$
DECLARE
  touched bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    touched := ARRAY[NEW.offer_id];
  ELSIF TG_OP = 'DELETE' THEN
    touched := ARRAY[OLD.offer_id];
  ELSE
    touched := ARRAY[OLD.offer_id, NEW.offer_id];
  END IF;
  UPDATE offers_offer AS offer
     SET application_closes_on = (
       SELECT deadline.date FROM offers_deadline AS deadline
        WHERE deadline.offer_id = offer.id AND deadline.kind = 'application')
   WHERE offer.id = ANY(touched)
     AND offer.application_closes_on IS DISTINCT FROM (
       SELECT deadline.date FROM offers_deadline AS deadline
        WHERE deadline.offer_id = offer.id AND deadline.kind = 'application');
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER offers_deadline_sync_closes_on
  AFTER INSERT OR UPDATE OR DELETE ON offers_deadline
  FOR EACH ROW EXECUTE FUNCTION offers_sync_application_closes_on();

-- An offer saved from a stale object (loaded before its deadline changed) must not write an old
-- copy back: the database recomputes it on every write of the offer row.
CREATE FUNCTION offers_offer_closes_on() RETURNS trigger AS $$
BEGIN
  NEW.application_closes_on := (
    SELECT deadline.date FROM offers_deadline AS deadline
     WHERE deadline.offer_id = NEW.id AND deadline.kind = 'application');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER offers_offer_closes_on
  BEFORE INSERT OR UPDATE ON offers_offer
  FOR EACH ROW EXECUTE FUNCTION offers_offer_closes_on();
"""

BOARD_VERSION = """
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

-- Equivalences change what searches find: each worker reads them again with the board
-- (offers.vocabulary).
CREATE TRIGGER offers_searchequivalence_board_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offers_searchequivalence
  FOR EACH STATEMENT EXECUTE FUNCTION offers_board_changed();
"""

BACKWARD = """
DROP TRIGGER offers_searchequivalence_board_changed ON offers_searchequivalence;
DROP TRIGGER organisations_organisation_board_changed ON organisations_organisation;
DROP TRIGGER offers_offer_board_changed ON offers_offer;
DROP FUNCTION offers_board_changed();
DROP SEQUENCE offers_board_version_seq;
DROP TABLE offers_board_version;
DROP TRIGGER offers_offer_closes_on ON offers_offer;
DROP FUNCTION offers_offer_closes_on();
DROP TRIGGER offers_deadline_sync_closes_on ON offers_deadline;
DROP FUNCTION offers_sync_application_closes_on();
DROP TRIGGER organisations_organisation_search_document ON organisations_organisation;
DROP FUNCTION organisations_organisation_search_document();
DROP TRIGGER offers_offer_search_document ON offers_offer;
DROP FUNCTION offers_offer_search_document();
DROP FUNCTION participe_add_words(text);
DROP TABLE offers_search_word;
DROP INDEX offers_searchdocument_gin;
DROP FUNCTION participe_matching_ids(tsquery);
DROP FUNCTION participe_document(text, text, text, text);
DROP FUNCTION participe_place(text, text, text);
DROP FUNCTION participe_lead(text);
DROP FUNCTION participe_part(text, "char");
DROP FUNCTION participe_words(text);
DROP FUNCTION offers_place_words(text);
DROP TEXT SEARCH CONFIGURATION participe_french;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
    ]

    operations = [
        # Each script whole, as one simple query: its functions' bodies hold semicolons.
        migrations.RunSQL(
            [place_words_function() + SEARCH + APPLICATION_CLOSES_ON + BOARD_VERSION], [BACKWARD]
        ),
    ]
