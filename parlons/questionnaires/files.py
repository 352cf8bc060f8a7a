"""Files joined to answers: which kinds are accepted, how they are recognised, where they live.

A file is recognised by its content (its first bytes, and for office
documents the parts inside their ZIP container), not only by its name: a
program renamed `cv.pdf` is refused. Files are written under
settings.PRIVATE_FILES_DIR, outside MEDIA_ROOT, under a random name without
extension; the web server never serves them, only the staff's download page
does (as an attachment, `nosniff`). The original name is kept in the
database, cleaned, for the staff and the exports.
"""

import contextlib
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_MB = 5
MB = 1024 * 1024
HEAD = 2048


@dataclass(frozen=True)
class FileKind:
    """A kind the organiser may allow: its name, its extensions and how its content starts."""

    key: str
    label: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", _("PDF"), ("pdf",))
IMAGE = FileKind("image", _("image JPEG ou PNG"), ("jpg", "jpeg", "png"))
DOCUMENT = FileKind("document", _("texte ODT ou DOCX"), ("odt", "docx"))
SPREADSHEET = FileKind("spreadsheet", _("tableur ODS ou XLSX"), ("ods", "xlsx"))
KINDS = {kind.key: kind for kind in (PDF, IMAGE, DOCUMENT, SPREADSHEET)}
KIND_CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]

# What the content says it is, by extension: (extension, content type).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def ceiling_mb() -> int:
    return int(settings.QUESTIONNAIRE_FILE_MAX_MB)


def _zip_kind(path_or_file) -> str | None:
    """An OpenDocument or Office Open XML file, from the parts of its ZIP container."""
    try:
        with zipfile.ZipFile(path_or_file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    declared = part.read(100).decode("ascii", "replace").strip()
                for extension in ("odt", "ods"):
                    if declared == CONTENT_TYPES[extension]:
                        return extension
                return None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def sniff(upload) -> str | None:
    """The extension the content really has ("pdf", "jpg", "png", "odt"…), or None."""
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    found = None
    if head.startswith(b"%PDF-"):
        found = "pdf"
    elif head.startswith(b"\xff\xd8\xff"):
        found = "jpg"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = "png"
    elif head.startswith(b"PK\x03\x04"):
        found = _zip_kind(upload)
    upload.seek(0)
    return found


def extension_of(name: str) -> str:
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    return "jpg" if extension == "jpeg" else extension


def allowed_extensions(kinds: list[str]) -> set[str]:
    return {
        "jpg" if extension == "jpeg" else extension
        for key in kinds
        if key in KINDS
        for extension in KINDS[key].extensions
    }


def clean_name(name: str) -> str:
    """A file name safe to show and to send back: no folders, no control characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(char for char in base if char.isprintable() and char not in '"<>|:*?')
    base = " ".join(base.split()).strip(". ")
    return (base or "fichier")[-120:]


def _root() -> Path:
    return Path(settings.PRIVATE_FILES_DIR) / "questionnaires"


def path_of(stored_name: str) -> Path:
    path = (_root() / stored_name).resolve()
    if _root().resolve() not in path.parents:
        raise ValueError(f"not a stored file name: {stored_name!r}")
    return path


def write(upload) -> str:
    """Write an upload under a random name; returns that name (relative to the private dir)."""
    token = secrets.token_hex(16)
    stored_name = f"{token[:2]}/{token}"
    path = _root() / stored_name
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_suffix(".part")
    upload.seek(0)
    with open(partial, "wb") as out:
        os.chmod(partial, 0o600)
        if hasattr(upload, "chunks"):
            for chunk in upload.chunks():
                out.write(chunk)
        else:
            out.write(upload.read())
    os.replace(partial, path)
    return stored_name


def remove(stored_name: str) -> None:
    with contextlib.suppress(ValueError):
        path_of(stored_name).unlink(missing_ok=True)


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, ready to be written."""

    upload: object
    name: str
    extension: str
    size: int
