# An imported posting's digest hashes its organisation with its text (offers.importer.drafts):
# the same text imported by another organisation is no longer "already imported". The digests
# already stored are computed again the new way.

import hashlib

from django.db import migrations


def _normalised(text):
    # As offers.importer.drafts.digest_of, frozen here: spaces and case do not count.
    return " ".join(text.split()).casefold()


def with_organisation(apps, schema_editor):
    ImportedPosting = apps.get_model("offers", "ImportedPosting")
    for record in ImportedPosting.objects.select_related("offer").iterator():
        key = f"{record.offer.organisation_id}:{_normalised(record.text)}"
        record.digest = hashlib.sha256(key.encode()).hexdigest()
        record.save(update_fields=["digest"])


def text_only(apps, schema_editor):
    # Fails if two organisations imported the same text, which the old digest forbade.
    ImportedPosting = apps.get_model("offers", "ImportedPosting")
    for record in ImportedPosting.objects.iterator():
        record.digest = hashlib.sha256(_normalised(record.text).encode()).hexdigest()
        record.save(update_fields=["digest"])


class Migration(migrations.Migration):
    dependencies = [("offers", "0013_issue17_search")]

    operations = [migrations.RunPython(with_organisation, text_only)]
