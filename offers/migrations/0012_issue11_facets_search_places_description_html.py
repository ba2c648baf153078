# Two things for issue 11. Descriptions are rendered on write (Offer.description_html).
# Keywords that name a place find the offers there: the search document now holds the offer's
# département number and name and its région's name ("34", "Hérault", "Occitanie"), written by
# one SQL function, offers_place_words(), that the trigger and the synthetic seed both call.
#
# Région numbers are left out on purpose: INSEE's région codes reuse département numbers
# (53 is Bretagne and Mayenne), and a student typing "53" means the département.

from django.db import migrations, models

from offers.geography import DEPARTEMENTS, REGIONS


def place_words_function() -> str:
    words = {
        code: f"{code} {name} {REGIONS[region]}".replace("'", "''")
        for code, (name, region) in DEPARTEMENTS.items()
    }
    cases = "\n".join(f"    WHEN '{code}' THEN '{text}'" for code, text in words.items())
    return f"""
CREATE OR REPLACE FUNCTION offers_place_words(department_code text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $function$
  SELECT CASE upper(coalesce(department_code, ''))
{cases}
    ELSE '' END
$function$;
"""


def document(place: str) -> str:
    return f"""
       setweight(to_tsvector('participe_french', coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('participe_french', coalesce(
         (SELECT name FROM organisations_organisation WHERE id = NEW.organisation_id), '')), 'B')
    || setweight(to_tsvector('participe_french', {place}), 'B')
    || setweight(to_tsvector('participe_french', coalesce(NEW.description, '')), 'C')
"""


PLACE_BEFORE = "coalesce(NEW.city, '') || ' ' || coalesce(NEW.place_wording, '')"
PLACE_AFTER = f"{PLACE_BEFORE} || ' ' || offers_place_words(NEW.department_code)"


def trigger(place: str, columns: str) -> str:
    return f"""
DROP TRIGGER offers_offer_search_document ON offers_offer;
CREATE OR REPLACE FUNCTION offers_offer_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO offers_searchdocument (offer_id, document) VALUES (NEW.id, {document(place)})
  ON CONFLICT (offer_id) DO UPDATE SET document = EXCLUDED.document;
  RETURN NULL;
END
$$;
CREATE TRIGGER offers_offer_search_document
  AFTER INSERT OR UPDATE OF {columns}
  ON offers_offer FOR EACH ROW EXECUTE FUNCTION offers_offer_search_document();
-- Every document again, by the trigger itself.
UPDATE offers_offer SET title = title;
"""


COLUMNS_BEFORE = "title, organisation_id, city, place_wording, description"
COLUMNS_AFTER = f"{COLUMNS_BEFORE}, department_code"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(place_words_function(), params=None)
        schema_editor.execute(trigger(PLACE_AFTER, COLUMNS_AFTER), params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(trigger(PLACE_BEFORE, COLUMNS_BEFORE), params=None)
        schema_editor.execute("DROP FUNCTION offers_place_words(text);", params=None)


def render_descriptions(apps, schema_editor):
    from offers.rendering import render_markdown

    Offer = apps.get_model("offers", "Offer")
    rendered = {}  # synthetic boards share a few descriptions
    batch = []
    for offer in Offer.objects.only("id", "description").iterator(chunk_size=2000):
        text = offer.description or ""
        if text not in rendered:
            rendered[text] = render_markdown(text)
        offer.description_html = rendered[text]
        batch.append(offer)
        if len(batch) == 2000:
            Offer.objects.bulk_update(batch, ["description_html"])
            batch = []
    Offer.objects.bulk_update(batch, ["description_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0011_issue14_importedposting"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="description_html",
            field=models.TextField(
                blank=True, editable=False, null=True, verbose_name="description (HTML)"
            ),
        ),
        # The triggers first: no table change may follow the rows' updates in one transaction.
        migrations.RunPython(forward, backward),
        migrations.RunPython(render_descriptions, migrations.RunPython.noop),
    ]
