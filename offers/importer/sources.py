"""Where a posting comes from: a pasted text or an uploaded file, read within the importer's
bounds. The admin's import form and the public "Proposer une offre" form both take it so."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .files import MAX_BYTES, UnreadableFile, bounded, read_upload
from .posting import ExtractedPosting, found_postings
from .text import plain


class PostingSourceForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Texte de l'annonce"),
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("ou un fichier"),
        required=False,
        help_text=gettext_lazy(".txt, .pdf, .docx ou .odt, 5 Mo au plus."),
    )

    def clean_text(self):
        # A pasted text is bounded as a file's text is, before anything reads it.
        try:
            return bounded(self.cleaned_data.get("text", ""))
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        # The size the browser announced is checked before anything is read.
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse %(size)s Mo.") % {"size": MAX_BYTES // (1024 * 1024)}
            )
        data = upload.read(MAX_BYTES + 1)
        try:
            return read_upload(data)
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None

    def source_text(self) -> str:
        """The pasted text or the file's, once cleaned; refuses both, or neither."""
        text, from_file = self.cleaned_data.get("text", "").strip(), self.cleaned_data.get("file")
        if text and from_file:
            raise forms.ValidationError(_("Collez le texte ou envoyez un fichier, pas les deux."))
        source = from_file or text
        if not source:
            raise forms.ValidationError(_("Collez le texte de l'annonce ou choisissez un fichier."))
        return source


def one_posting(source: str) -> tuple[str, ExtractedPosting]:
    """The one posting a text holds, and what was read in it; a clear refusal otherwise."""
    readable = [(posting, read) for _index, posting, read in found_postings(plain(source))]
    if not readable:
        raise forms.ValidationError(
            _(
                "Aucune annonce n'a été reconnue dans ce texte : il n'y a ni intitulé ni "
                "aucun des faits d'une offre (dates, lieu, durée, contacts…)."
            )
        )
    if len(readable) > 1:
        raise forms.ValidationError(
            _(
                "Ce texte contient %(count)s annonces : importez-les une par une (ou avec la "
                "commande import_postings)."
            )
            % {"count": len(readable)}
        )
    return readable[0]
