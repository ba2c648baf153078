"""DOCX and ODT files are ZIP archives, opened here without trusting them.

A 2 MB archive may inflate to gigabytes (a "ZIP bomb"). The sizes its directory declares are
checked before anything is inflated; members are then read in bounded chunks, and the readers
(python-docx, odfpy) get a copy rebuilt from what was read, never the archive itself: a member
whose declared size lies is cut at that size instead of being inflated whole by the reader.
"""

import io
import zipfile
import zlib

from django.utils.translation import gettext as _

# A posting's document holds a few dozen members, each well under a megabyte, and perhaps an
# image of a few megabytes. The bounds keep a worker's memory low whatever the archive holds.
MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 4 * 1024 * 1024
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
# The XML the readers parse takes them 30 to 45 times its size in memory (odfpy the most): 3 MB
# of it is about 140 MB, and far more than a posting's 200,000 characters need.
MAX_XML_BYTES = 3 * 1024 * 1024
# Text and XML compress about 5 to 20 times; a run of one byte compresses 1000 times.
MAX_RATIO = 100
# Members this small are harmless whatever their ratio (a short run of spaces compresses well).
RATIO_FREE_BYTES = 1024 * 1024
# Stored or deflated, as every DOCX and ODT is: bzip2 and LZMA members are inflated whole by
# zipfile whatever the size asked for, so they cannot be read in bounded chunks.
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_CHUNK = 64 * 1024


class RefusedArchive(Exception):
    """An archive not unpacked: the message says why, for the person who sent it."""


def unpacked(data: bytes) -> dict[str, bytes]:
    """Every member of the archive by name, read within the bounds above."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            _check_directory(members)
            contents = {member.filename: _read(archive, member) for member in members}
    except (zipfile.BadZipFile, zlib.error, RuntimeError, ValueError, OSError, EOFError):
        # RuntimeError: an encrypted member; the others: a broken directory or stream.
        raise RefusedArchive(_("Cette archive ZIP est endommagée.")) from None
    if sum(len(content) for content in contents.values() if _is_xml(content)) > MAX_XML_BYTES:
        raise RefusedArchive(_too_big(MAX_XML_BYTES))
    return contents


def repacked(contents: dict[str, bytes]) -> bytes:
    """An archive holding exactly these members, stored: what the readers are given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in contents.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _check_directory(members: list[zipfile.ZipInfo]) -> None:
    """Refuses from the sizes the archive declares, before a byte is inflated."""
    if len(members) > MAX_MEMBERS:
        raise RefusedArchive(
            _("Cette archive contient plus de %(count)s fichiers : ce n'est pas un document.")
            % {"count": MAX_MEMBERS}
        )
    if any(m.compress_type not in _METHODS for m in members):
        raise RefusedArchive(_("Ce document est compressé d'une façon que l'import ne lit pas."))
    if any(m.file_size > MAX_MEMBER_BYTES for m in members):
        raise RefusedArchive(_too_big(MAX_MEMBER_BYTES))
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise RefusedArchive(_too_big(MAX_UNPACKED_BYTES))
    for member in members:
        if member.file_size > RATIO_FREE_BYTES and (
            member.file_size > MAX_RATIO * max(member.compress_size, 1)
        ):
            raise RefusedArchive(
                _(
                    "Ce document se décompresse en plus de %(ratio)s fois sa taille : c'est le "
                    "signe d'un fichier piégé, il est refusé."
                )
                % {"ratio": MAX_RATIO}
            )


def _read(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """The member's content, read a chunk at a time and never past the bound."""
    chunks, size = [], 0
    with archive.open(member) as stream:
        # Asking for a chunk inflates at most that much, whatever the member really holds
        # (read() without a size would inflate the whole stream before cutting it). zipfile
        # also stops at the declared size; the bound below does not rely on it.
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_MEMBER_BYTES:
                raise RefusedArchive(_too_big(MAX_MEMBER_BYTES))
            chunks.append(chunk)
    return b"".join(chunks)


def _is_xml(content: bytes) -> bool:
    """Whether a reader would parse this member: its first character, in any of the encodings
    XML allows (byte order marks, UTF-16 and UTF-32 zeros and blanks skipped), is "<". Images
    (PNG, JPEG) start otherwise."""
    return content.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")[:1] == b"<"


def _too_big(bound: int) -> str:
    return _("Ce document dépasse %(size)s Mo une fois décompressé : il est refusé.") % {
        "size": bound // (1024 * 1024)
    }
