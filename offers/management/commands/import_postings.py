"""Imports posting files as draft offers: `python manage.py import_postings FILE… [--dry-run]`.

A file may hold several postings, each beginning with a heading line (see
offers.importer.headings). Each becomes one draft; a posting already imported (the same text, or
the same file and rank) is left as it is, so importing a file twice creates nothing new. A file
that cannot be read, or holds no posting, is named and skipped; the command then exits non-zero.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from offers.importer.drafts import (
    create_draft,
    find_existing,
    match_organisation,
    organisation_for,
)
from offers.importer.files import UnreadableFile, read_upload
from offers.importer.posting import found_postings
from offers.importer.text import plain
from organisations.models import Organisation


class Command(BaseCommand):
    help = "Importe des fichiers d'annonces (.txt, .pdf, .docx, .odt) comme brouillons d'offres."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="N'enregistre rien ; écrit sur la sortie standard un tableau JSON des annonces.",
        )

    def handle(self, *args, files, dry_run, **options):
        found, failed = [], []
        for path in files:
            try:
                drafts = self._postings_of(path)
            except CommandError as error:
                # One unreadable file does not stop the others: it is named, and the command
                # fails at the end.
                self.stderr.write(str(error))
                failed.append(str(error))
                continue
            found += [(path.name, *draft) for draft in drafts]

        if dry_run:
            array = [extracted.as_json(name, index) for name, index, _text, extracted in found]
            self.stdout.write(json.dumps(array, ensure_ascii=False, indent=2))
        else:
            self._create(found)
        if failed:
            raise CommandError(f"{len(failed)} fichier(s) non importé(s) :\n" + "\n".join(failed))

    def _postings_of(self, path: Path) -> list:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path} : {error.strerror}") from None
        try:
            text = plain(read_upload(data))
        except UnreadableFile as error:
            raise CommandError(f"{path} : {error}") from None
        drafts = found_postings(text)
        if not drafts:
            raise CommandError(f"{path} : Aucune annonce n'a été reconnue dans ce fichier.")
        return drafts

    def _create(self, found: list) -> None:
        created = kept = 0
        for name, index, posting, extracted in found:
            known = match_organisation(extracted.organisation, Organisation.objects.all())
            if find_existing(posting, known, name, index) is not None:
                kept += 1
                continue
            organisation = known or organisation_for(extracted, Organisation.objects.all())
            create_draft(
                extracted,
                text=posting,
                organisation=organisation,
                source_file=name,
                source_index=index,
            )
            created += 1
        self.stderr.write(f"{created} brouillon(s) créé(s), {kept} annonce(s) déjà importée(s).")
