"""Attachment rules: accepted types by extension *and* content signature, sizes and counts,
and safe file names for what is downloaded (manual §IV, SPEC §4 and §7)."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

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
            try:
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    names = archive.namelist()
            except (zipfile.BadZipFile, ValueError):
                return False
            return any(name.startswith(_OOXML_MAIN_PART[extension]) for name in names)
        case "png":
            return head == b"\x89PNG\r\n\x1a\n"
        case "jpg" | "jpeg":
            return head.startswith(b"\xff\xd8\xff")
        case "tif" | "tiff":
            return head[:4] in {b"II*\x00", b"MM\x00*"}
        case "csv":
            return _looks_like_text(content[:4096])
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


def safe_filename(name: str, fallback: str = "piece-jointe") -> str:
    """A file name that cannot leave the folder it is written to, nor surprise a file system.

    Path separators, control characters and leading dots go; the name keeps its extension and
    is cut to 120 characters.
    """
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_RE.sub("_", name).strip().lstrip(".").strip()
    if not name or name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"{fallback}{'.' + extension_of(name) if extension_of(name) else ''}"
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 119 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else name[:120]
    return name
