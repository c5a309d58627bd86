"""Attachment rules: accepted types by extension *and* content signature, sizes and counts,
and safe file names for what is downloaded (manual §IV, SPEC §4 and §7)."""

from __future__ import annotations

import io
import re
import zipfile

from ep_contract.domain.text import cleaned

MAX_SIZE = 5 * 1024 * 1024
"""« Taille de pièce jointe maximum 5 Mo »."""
MAX_PER_REQUEST = 8
MAX_EXCHANGE_EXTRA = 8
"""Extra attachments allowed in the follow-up exchange after resolution."""
ACCEPTED_HINT = (
    "Fichiers acceptés pdf, word (.doc, .docx), excel (.xls, .xlsx, .csv), tiff, png, jpeg. "
    "Taille de pièce jointe maximum 5 Mo, 8 pièces jointes maximum."
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ACCEPTED_EXTENSIONS = frozenset(CONTENT_TYPES)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# The part an Office Open XML file must hold, by extension: a zip of anything else is refused.
_OOXML_MAIN_PART = {"docx": "word/", "xlsx": "xl/"}


def extension_of(name: str) -> str:
    _, dot, ext = name.rpartition(".")
    return ext.lower() if dot else ""


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is still text.
            if encoding == "utf-8" and error.start >= len(head) - 3:
                return True
    return False


# An Office file is a zip: read its directory only (nothing is extracted), and refuse what a
# mail gateway would — an entry whose name leaves the archive (« ../../tmp/evil.sh », « /etc »,
# « C:\\ »), a bomb (4 Mo that expand to 4 Gio), an archive with no Office structure.
ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_EXPANDED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
"""Expanded ÷ compressed, over the whole archive: Office XML compresses 5 to 20 times."""


def _entry_escapes(name: str) -> bool:
    path = name.replace("\\", "/")
    return (
        path.startswith("/") or re.match(r"^[A-Za-z]:", path) is not None or ".." in path.split("/")
    )


def _office_archive_is_sound(extension: str, content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    names = [entry.filename for entry in entries]
    expanded = sum(entry.file_size for entry in entries)
    compressed = sum(entry.compress_size for entry in entries)
    return (
        "[Content_Types].xml" in names
        and any(name.startswith(_OOXML_MAIN_PART[extension]) for name in names)
        and len(entries) <= ZIP_MAX_ENTRIES
        and not any(_entry_escapes(name) for name in names)
        and expanded <= ZIP_MAX_EXPANDED
        and expanded <= ZIP_MAX_RATIO * max(compressed, 1)
    )


# A table as text: no control character but tabs and line breaks (an executable has them:
# « \x7fELF »), and not markup (a web page or a script saved as .csv).
_BINARY_RE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MARKUP_STARTS = (b"<", b"\xef\xbb\xbf<")


def _looks_like_table(content: bytes) -> bool:
    head = content[:4096]
    if _BINARY_RE.search(head) or head.lstrip().startswith(_MARKUP_STARTS):
        return False
    return _looks_like_text(head)


def signature_matches(extension: str, content: bytes) -> bool:
    """Whether the content really is a file of that type (the extension alone proves nothing)."""
    head = content[:8]
    match extension:
        case "pdf":
            return content.startswith(b"%PDF-")
        case "doc" | "xls":
            return head == _OLE2
        case "docx" | "xlsx":
            if not head.startswith(_ZIP):
                return False
            return _office_archive_is_sound(extension, content)
        case "png":
            return head == b"\x89PNG\r\n\x1a\n"
        case "jpg" | "jpeg":
            return head.startswith(b"\xff\xd8\xff")
        case "tif" | "tiff":
            return head[:4] in {b"II*\x00", b"MM\x00*"}
        case "csv":
            return _looks_like_table(content)
        case _:
            return False


def check_attachment(name: str, content: bytes) -> str | None:
    """A French message saying why this file cannot be attached, or ``None``."""
    extension = extension_of(name)
    if not name.strip() or extension not in ACCEPTED_EXTENSIONS:
        return (
            "Type de fichier non accepté : pdf, word (.doc, .docx), excel (.xls, .xlsx, .csv), "
            "tiff, png, jpeg."
        )
    if len(content) == 0:
        return "Le fichier est vide."
    if len(content) > MAX_SIZE:
        return "Le fichier dépasse la taille maximum de 5 Mo."
    if not signature_matches(extension, content):
        return f"Le contenu du fichier ne correspond pas à un fichier .{extension}."
    return None


_UNSAFE_RE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{prefix}{n}" for prefix in ("COM", "LPT") for n in range(1, 10)
}


NAME_MAX_BYTES = 240
"""File systems allow 255 bytes in a name (not characters: « 😀 » is four); 240 leaves room
for « (999) » when a file of that name is already there."""


def _within_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def safe_filename(name: str, fallback: str = "piece-jointe") -> str:
    """A file name that cannot leave the folder it is written to, nor surprise a file system,
    nor read otherwise than it is (a direction override turns « fdp.exe » around).

    Path separators, control, invisible and direction characters and leading dots go; the
    name keeps its extension and is cut to ``NAME_MAX_BYTES`` bytes.
    """
    name = cleaned(name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_RE.sub("_", name).strip().lstrip(".").strip()
    if not name or name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"{fallback}{'.' + extension_of(name) if extension_of(name) else ''}"
    if len(name.encode("utf-8")) > NAME_MAX_BYTES:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext.encode("utf-8")) <= 10:
            room = NAME_MAX_BYTES - len(ext.encode("utf-8")) - 1
            name = _within_bytes(stem, room).rstrip("\u200d ") + dot + ext
        else:
            name = _within_bytes(name, NAME_MAX_BYTES)
    return name
