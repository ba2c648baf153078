# The summaries that ranking reads move to a table of their own, kept in the row (storage MAIN):
# beside the documents they were read out of TOAST storage, one lookup each (a search's first
# ranking of 64,000 offers took 1 s, 120 ms from the rows), and in the documents' rows they would
# make the rows that matching reads (offers.search.full_text_matches) ten times longer.

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

TRIGGER = r"""
CREATE OR REPLACE FUNCTION offers_offer_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  organisation text := (SELECT name FROM organisations_organisation
                        WHERE id = NEW.organisation_id);
  place text := participe_place(NEW.city, NEW.place_wording, NEW.department_code);
  lead text := participe_lead(NEW.description);
BEGIN
  INSERT INTO offers_searchdocument (offer_id, document, excerpt)
  VALUES (NEW.id,
          participe_with_pairs(participe_document(NEW.title, organisation, place,
                                                  NEW.description)),
          lead)
  ON CONFLICT (offer_id) DO UPDATE
    SET document = EXCLUDED.document, excerpt = EXCLUDED.excerpt;
  INSERT INTO offers_searchsummary (offer_id, summary)
  VALUES (NEW.id, participe_document(NEW.title, organisation, place, lead))
  ON CONFLICT (offer_id) DO UPDATE SET summary = EXCLUDED.summary;
  PERFORM participe_add_words(concat_ws(' ', NEW.title, organisation, place, NEW.description));
  RETURN NULL;
END
$$;
"""

MOVE = r"""
ALTER TABLE offers_searchsummary ALTER COLUMN summary SET STORAGE MAIN;
SET LOCAL statement_timeout = 0;
INSERT INTO offers_searchsummary (offer_id, summary)
SELECT offer_id, summary FROM offers_searchdocument WHERE summary IS NOT NULL;
"""

MOVE_BACK = r"""
SET LOCAL statement_timeout = 0;
UPDATE offers_searchdocument AS document SET summary = kept.summary
FROM offers_searchsummary AS kept WHERE kept.offer_id = document.offer_id;
"""

TRIGGER_BEFORE = r"""
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
"""


class Migration(migrations.Migration):
    dependencies = [("offers", "0009_search_document_word_pairs")]

    operations = [
        migrations.CreateModel(
            name="SearchSummary",
            fields=[
                (
                    "offer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_summary",
                        serialize=False,
                        to="offers.offer",
                    ),
                ),
                ("summary", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "verbose_name": "résumé de recherche",
                "verbose_name_plural": "résumés de recherche",
            },
        ),
        migrations.RunSQL(MOVE + TRIGGER, MOVE_BACK + TRIGGER_BEFORE),
        migrations.RemoveField(model_name="searchdocument", name="summary"),
    ]
