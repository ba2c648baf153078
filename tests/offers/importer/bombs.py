"""Archives that inflate far beyond their size ("ZIP bombs"), made here rather than stored.

Deflate compresses a run of one byte about 1000 times: a 1 MB member inflates to 1 GB.
"""

import functools
import io
import random
import struct
import zipfile

from tests.offers.importer import documents

_CHUNK = b"\0" * (1024 * 1024)


def _with_member(base: bytes, name: str, megabytes: int, *, method=zipfile.ZIP_DEFLATED) -> bytes:
    """The archive `base` with member `name` replaced by `megabytes` MB of zeros."""
    source = zipfile.ZipFile(io.BytesIO(base))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != name:
                archive.writestr(info.filename, source.read(info))
        member = zipfile.ZipInfo(name)
        member.compress_type = method
        with archive.open(member, "w") as stream:
            for _ in range(megabytes):
                stream.write(_CHUNK)
    return buffer.getvalue()


@functools.cache
def docx(megabytes: int) -> bytes:
    """A Word document whose word/document.xml inflates to `megabytes` MB."""
    return _with_member(documents.docx("Stage"), "word/document.xml", megabytes)


@functools.cache
def odt(megabytes: int) -> bytes:
    """An OpenDocument text whose `mimetype` member inflates to `megabytes` MB."""
    return _with_member(documents.odt("Stage"), "mimetype", megabytes)


@functools.cache
def lying_docx(megabytes: int, declared: int = 1000) -> bytes:
    """docx(megabytes) whose directory says word/document.xml holds `declared` bytes.

    The CRC is the one of those first bytes: a reader that stops at the declared size sees a
    sound member; one that inflates the whole stream gets `megabytes` MB.
    """
    data = bytearray(docx(megabytes))
    name = b"word/document.xml"
    crc = zipfile.crc32(b"\0" * declared)
    # Central directory entry: CRC at 16, uncompressed size at 24, name from 46.
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 16, crc)
    struct.pack_into("<I", data, entry + 24, declared)
    # Local header: CRC at 14, uncompressed size at 22.
    local = struct.unpack_from("<I", data, entry + 42)[0]
    struct.pack_into("<I", data, local + 14, crc)
    struct.pack_into("<I", data, local + 22, declared)
    return bytes(data)


def many_members(count: int, megabytes: int = 0) -> bytes:
    """A Word document with `count` more members, each of `megabytes` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for index in range(count):
            archive.writestr(f"word/media/{index}.bin", _CHUNK * megabytes)
    return buffer.getvalue()


def bzip2_docx() -> bytes:
    """A Word document whose body is bzip2-compressed, which zipfile inflates in one piece."""
    return _with_member(documents.docx("Stage"), "word/document.xml", 1, method=zipfile.ZIP_BZIP2)


def xml_heavy(megabytes: int) -> bytes:
    """A Word document of `megabytes` MB of XML, stored: no bomb, but more than a reader parses."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for index in range(megabytes):
            archive.writestr(f"word/part{index}.xml", b"<x>" + b" " * (1024 * 1024 - 3))
    return buffer.getvalue()


def heaviest_odt(xml_bytes: int) -> bytes:
    """An OpenDocument text whose XML totals about `xml_bytes`, in the smallest elements odfpy
    makes objects of, with random values so that it compresses as text does (no bomb)."""
    source = zipfile.ZipFile(io.BytesIO(documents.odt("Compte rendu de la réunion du conseil")))
    others = sum(i.file_size for i in source.infolist() if i.filename.endswith(".xml"))
    content = source.read("content.xml").decode()
    chance = random.Random(27)
    elements, size = [], others
    while size < xml_bytes - 64:
        elements.append(f'<text:s text:c="{chance.randrange(100_000)}"/>')
        size += len(elements[-1])
    content = content.replace("<office:text>", "<office:text>" + "".join(elements), 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = content.encode() if info.filename == "content.xml" else source.read(info)
            archive.writestr(info.filename, data)
    return buffer.getvalue()
