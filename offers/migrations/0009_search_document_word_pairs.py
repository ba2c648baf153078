# Each search document also carries its pairs of adjacent words, each pair one lexeme without
# positions ("particip citoyen"). A two-word phrase, such as the equivalence "participation
# citoyenne" that every search for "concertation" adds, is then matched from the GIN index alone:
# checking a phrase's word positions makes PostgreSQL read every candidate's document out of
# TOAST storage (1 s for "concertation" at 100,000 offers, about 60,000 documents read). A pair
# contains a space, which no word of a search has: no search word, nor any prefix of one, can
# match a pair instead of a word (offers.search.matching_tsquery).

from django.db import migrations

PAIRS = r"""
-- The pairs of a document: lexemes at adjacent positions, as `<->` reads them. Lexemes without
-- positions (pairs already added) make none.
CREATE FUNCTION participe_pairs(tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH positioned AS (SELECT lexeme, unnest(positions) AS position FROM unnest($1))
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT first.lexeme || ' ' || second.lexeme)),
                  ''::tsvector)
  FROM positioned AS first JOIN positioned AS second ON second.position = first.position + 1
$$;

CREATE FUNCTION participe_with_pairs(tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT $1 || participe_pairs($1)
$$;

-- A phrase as the matching query reads it: two words of one lexeme each are their pair;
-- anything else (a stop word, three words) is the phrase as to_tsquery() reads it.
CREATE FUNCTION participe_phrase_query(text[]) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN cardinality($1) = 2 AND (SELECT array_agg(position ORDER BY position)
                                  FROM unnest(phrase), unnest(positions) AS position)
                                 = ARRAY[1, 2]::smallint[]
    THEN (SELECT quote_literal(string_agg(lexeme, ' ' ORDER BY position))::tsquery
          FROM unnest(phrase), unnest(positions) AS position)
    ELSE to_tsquery('participe_french'::regconfig,
                    (SELECT string_agg(quote_literal(word), ' <-> ') FROM unnest($1) AS word))
  END
  FROM to_tsvector('participe_french'::regconfig, array_to_string($1, ' ')) AS phrase
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
  VALUES (NEW.id,
          participe_with_pairs(participe_document(NEW.title, organisation, place,
                                                  NEW.description)),
          participe_document(NEW.title, organisation, place, lead), lead)
  ON CONFLICT (offer_id) DO UPDATE
    SET document = EXCLUDED.document, summary = EXCLUDED.summary, excerpt = EXCLUDED.excerpt;
  PERFORM participe_add_words(concat_ws(' ', NEW.title, organisation, place, NEW.description));
  RETURN NULL;
END
$$;

-- The existing documents (minutes at 100,000 offers, beyond the site's statement timeout): the
-- index is rebuilt once rather than updated row by row.
SET LOCAL statement_timeout = 0;
DROP INDEX offers_searchdocument_gin;
UPDATE offers_searchdocument SET document = participe_with_pairs(document);
CREATE INDEX offers_searchdocument_gin ON offers_searchdocument USING gin (document);
"""

NO_PAIRS = r"""
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

SET LOCAL statement_timeout = 0;
DROP INDEX offers_searchdocument_gin;
-- Pairs are the lexemes without positions: the documents' own words all have some.
UPDATE offers_searchdocument
  SET document = ts_delete(document, ARRAY(SELECT lexeme FROM unnest(document)
                                           WHERE positions IS NULL OR positions = '{}'));
CREATE INDEX offers_searchdocument_gin ON offers_searchdocument USING gin (document);

DROP FUNCTION participe_phrase_query(text[]);
DROP FUNCTION participe_with_pairs(tsvector);
DROP FUNCTION participe_pairs(tsvector);
"""


class Migration(migrations.Migration):
    dependencies = [("offers", "0008_board_version_follows_every_public_write")]

    operations = [migrations.RunSQL(PAIRS, NO_PAIRS)]
