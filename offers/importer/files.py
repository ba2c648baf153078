"""A posting's text from an uploaded file: plain text, PDF, DOCX or ODT, told apart by content.

The file's name and the browser's content type say nothing reliable; the first bytes do. A PDF
starts with "%PDF-"; DOCX and ODT are ZIP archives, told apart by the members they must hold,
and unpacked within bounds before any reader sees them (offers.importer.archives).
"""

import io

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .archives import RefusedArchive, repacked, unpacked

MAX_BYTES = 5 * 1024 * 1024
# No posting is longer than this once read: a bigger text is a document of another kind.
MAX_CHARS = 200_000
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class UnreadableFile(Exception):
    """A file the importer cannot read: the message says why, for the person who sent it."""


def kind_of(data: bytes) -> str:
    return _kind(data)[0]


def _kind(data: bytes) -> tuple[str, bytes]:
    """The document's kind, and the bytes its reader reads: an archive's bounded copy."""
    if data.startswith(b"%PDF-"):
        return "pdf", data
    if not data.startswith(b"PK\x03\x04"):
        return "text", data
    try:
        members = unpacked(data)
    except RefusedArchive as refused:
        raise UnreadableFile(str(refused)) from None
    if members.get("mimetype", b"").strip() == _ODT_MIMETYPE:
        return "odt", repacked(members)
    if "word/document.xml" in members and "[Content_Types].xml" in members:
        return "docx", repacked(members)
    raise UnreadableFile(
        _("Ce fichier est une archive ZIP, pas un document Word (.docx) ni OpenDocument (.odt).")
    )


def _text(data: bytes) -> str:
    if b"\x00" in data:
        raise UnreadableFile(_("Ce fichier n'est pas un texte ni un document reconnu."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile(_("Ce fichier n'est pas un texte ni un document reconnu."))
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text) / 100:
        raise UnreadableFile(_("Ce fichier n'est pas un texte ni un document reconnu."))
    return text


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(
                _("Ce PDF est protégé par un mot de passe : envoyez-en une version non protégée.")
            )
        pages = [_pdf_page(page) for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise UnreadableFile(_("Ce PDF est illisible ou endommagé.")) from None
    except Exception as error:  # pypdf raises its own errors for encryption it cannot handle
        if "crypt" in type(error).__name__.lower() or "crypt" in str(error).lower():
            raise UnreadableFile(
                _("Ce PDF est protégé par un mot de passe : envoyez-en une version non protégée.")
            ) from None
        raise UnreadableFile(_("Ce PDF est illisible ou endommagé.")) from None
    text, runs_on = "", False
    for page, full in pages:
        # A page whose last line is as long as its longest ended mid-paragraph: it goes on.
        runs_on = runs_on and not page.lstrip().startswith(("•", "-", "–", "*"))
        text = f"{text} {page}" if text and runs_on else f"{text}\n\n{page}" if text else page
        runs_on = full
    return text


def _pdf_page(page) -> tuple[str, bool]:
    """A page's paragraphs, one per line: lines closer than a paragraph's spacing are joined.

    A PDF holds visual lines, wrapped where the page ended them; the gap above a line tells
    whether it goes on a paragraph or starts one.
    """
    fragments: list[tuple[float, float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            size = font_size * (abs(tm[3] * cm[3]) or 1)
            fragments.append((round(y, 1), x, size, text.replace("\n", " ")))

    page.extract_text(visitor_text=visit)
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for y, x, size, text in fragments:
        lines.setdefault(y, []).append((x, size, text))
    ordered = sorted(lines.items(), key=lambda item: -item[0])
    paragraphs: list[str] = []
    previous_y = None
    widths = []
    for y, parts in ordered:
        text = " ".join(t.strip() for _x, _s, t in sorted(parts)).strip()
        widths.append(len(text))
        size = max(s for _x, s, _t in parts)
        # Lines of a paragraph sit about 1.2 to 1.5 font sizes apart; paragraphs further.
        if previous_y is not None and previous_y - y <= size * 1.8 and paragraphs:
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        previous_y = y
    # Ended mid-paragraph: the page's last line fills the width (a list item that follows
    # on the next page is not its continuation, see _pdf).
    full = len(widths) > 1 and widths[-1] >= 0.85 * max(widths)
    return "\n\n".join(paragraphs), full


def _docx(data: bytes) -> str:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    try:
        document = docx.Document(io.BytesIO(data))
        # Each style's name, once: python-docx's paragraph.style scans every style for each
        # paragraph, and a document of 16,000 short paragraphs took 26 s.
        names: dict[str, str] = {}
        for found in document.styles:
            names.setdefault(found.style_id, found.name or "")
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        default_name = (default.name if default is not None else "") or ""
    except Exception:  # python-docx raises several kinds for a broken package
        raise UnreadableFile(_("Ce document Word est illisible ou endommagé.")) from None
    paragraphs = []
    # The body's paragraphs, as document.paragraphs gives them (its XML, document.element).
    for paragraph in document.element.body.p_lst:
        style = names.get(paragraph.style, default_name) if paragraph.style else default_name
        text = paragraph.text.strip()
        if text and style.lower().startswith("list"):
            text = f"- {text}"
        paragraphs.append(text)
    for table in document.tables:
        for row in table.rows:
            paragraphs.extend(cell.text.strip() for cell in row.cells)
    # One paragraph per line, blank lines between, as in a text file.
    return "\n\n".join(p for p in paragraphs if p)


def _odt(data: bytes) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
    except Exception:  # odfpy raises whatever its XML parser raises
        raise UnreadableFile(_("Ce document OpenDocument est illisible ou endommagé.")) from None
    paragraphs = []
    for element in document.text.getElementsByType(text.P) + document.text.getElementsByType(
        text.H
    ):
        content = teletype.extractText(element).strip()
        if not content:
            continue
        parent = element.parentNode
        in_list = parent is not None and getattr(parent, "qname", (None, ""))[1] == "list-item"
        paragraphs.append((element, f"- {content}" if in_list else content))
    # getElementsByType gives paragraphs then headings: put them back in document order.
    order = {id(e): i for i, e in enumerate(_walk(document.text))}
    paragraphs.sort(key=lambda pair: order.get(id(pair[0]), 0))
    return "\n\n".join(p for _e, p in paragraphs)


def _walk(node):
    for child in node.childNodes:
        yield child
        yield from _walk(child)


def read_upload(data: bytes) -> str:
    """The text of an uploaded posting, or UnreadableFile with a message saying why not."""
    if not data or not data.strip():
        raise UnreadableFile(_("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            _("Le fichier dépasse %(size)s Mo.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    kind, readable = _kind(data)
    content = {"pdf": _pdf, "docx": _docx, "odt": _odt, "text": _text}[kind](readable)
    if not content.strip():
        raise UnreadableFile(_("Aucun texte n'a pu être lu dans ce fichier."))
    return bounded(content)


def bounded(text: str) -> str:
    """The text, if no longer than a posting (read from a file, or pasted)."""
    if len(text) > MAX_CHARS:
        raise UnreadableFile(too_long())
    return text


def too_long() -> str:
    return _("Ce texte est trop long pour une annonce (%(count)s caractères au plus).") % {
        "count": number_format(MAX_CHARS, force_grouping=True)
    }
