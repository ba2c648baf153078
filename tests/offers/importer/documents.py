"""Documents made from a posting's text, as host organisations send them: PDF, DOCX, ODT."""

import io
import unicodedata
from pathlib import Path

FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def printable(text: str) -> str:
    """The text without pictographs (📢, ⭐): the PDF's font has no glyph for them."""
    return "".join(c for c in text if unicodedata.category(c) != "So")


def pdf(text: str, password: str | None = None) -> bytes:
    from fpdf import FPDF

    font = next((f for f in FONTS if f.exists()), None)
    assert font is not None, "a Unicode TrueType font is needed (Debian: fonts-dejavu-core)"
    document = FPDF(format="A4")
    document.add_font("body", fname=str(font))
    document.set_font("body", size=10)
    document.add_page()
    for paragraph in paragraphs(text):
        document.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
        document.ln(4)
    if password:
        document.set_encryption(owner_password=password + "-owner", user_password=password)
    return bytes(document.output())


def docx(text: str) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for paragraph in paragraphs(text):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt(text: str) -> bytes:
    from odf import text as odf_text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    for paragraph in paragraphs(text):
        document.text.addElement(odf_text.P(text=paragraph))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
