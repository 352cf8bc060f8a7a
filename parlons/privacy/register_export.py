"""The processing register (GDPR art. 30) as files: a table (CSV, ODS) and a PDF.

Everything comes from the declarations (parlons.core.charter) and the
settings (processors, inactive accounts, backups), like the register page: the
files cannot say something the code does not do.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.apps import apps
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from parlons.core.charter import declarations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RegisterRow:
    section: str
    field: str
    category: str
    purpose: str
    legal_basis: str
    retention: str
    visible_to: str


def register_rows() -> list[RegisterRow]:
    """One row per declared personal field, sorted by section as the register page shows them."""
    rows = []
    for item in declarations():
        model = apps.get_model(item.model)
        rows.append(
            RegisterRow(
                section=capfirst(str(item.section or model._meta.verbose_name_plural)),
                field=capfirst(str(item.label or model._meta.get_field(item.field).verbose_name)),
                category=str(item.category),
                purpose=str(item.purpose),
                legal_basis=str(item.legal_basis),
                retention=str(item.retention),
                visible_to=str(item.visible_to),
            )
        )
    return sorted(rows, key=lambda row: row.section)  # stable: fields keep their order


def header() -> list[str]:
    return [
        _("Traitement"),
        _("Donnée"),
        _("Catégorie"),
        _("Finalité"),
        _("Base légale"),
        _("Durée de conservation"),
        _("Qui la voit"),
    ]


def processors() -> list[dict[str, str]]:
    """The processors (GDPR art. 28) set in PARLONS_PROCESSORS, each with its four columns."""
    return [
        {key: entry.get(key, "") for key in ("name", "service", "location", "guarantees")}
        for entry in settings.PROCESSORS
    ]


def processor_header() -> list[str]:
    return [_("Sous-traitant"), _("Ce qu'il fait"), _("Où sont les données"), _("Garanties")]


def general_facts() -> list[tuple[str, str]]:
    """What the register says once for the whole platform: durations set in the settings."""
    return [
        (
            _("Comptes inactifs"),
            _(
                "Un compte sans connexion pendant %(days)d jours reçoit un courriel d'avertissement,"
                " puis est anonymisé %(grace)d jours plus tard s'il reste inutilisé."
            )
            % {
                "days": settings.INACTIVE_ACCOUNT_DAYS,
                "grace": settings.INACTIVE_ACCOUNT_GRACE_DAYS,
            },
        ),
        (
            _("Sauvegardes"),
            _("Les sauvegardes sont conservées %(days)d jours, puis supprimées.")
            % {"days": settings.BACKUP_RETENTION_DAYS},
        ),
    ]


def _neutralise(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _tables() -> list[tuple[str, list[str], list[list[str]]]]:
    rows = [
        [row.section, row.field, row.category, row.purpose, row.legal_basis, row.retention,
         row.visible_to]
        for row in register_rows()
    ]  # fmt: skip
    processor_rows = [list(entry.values()) for entry in processors()]
    facts = [list(fact) for fact in general_facts()]
    return [
        (_("Registre"), header(), rows),
        (_("Sous-traitants"), processor_header(), processor_rows),
        (_("Durées générales"), [_("Sujet"), _("Règle")], facts),
    ]


def register_csv() -> str:
    """The register's table of personal data, then the processors, as one CSV (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for index, (_title, head, rows) in enumerate(_tables()):
        if index:
            writer.writerow([])
        writer.writerow(head)
        writer.writerows([[_neutralise(cell) for cell in row] for row in rows])
    return out.getvalue()


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""

CONTENT_START = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>"""

CONTENT_END = "</office:spreadsheet></office:body></office:document-content>"


def _ods_row(cells: list[str]) -> str:
    return (
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(cell)}</text:p>'
            "</table:table-cell>"
            for cell in cells
        )
        + "</table:table-row>"
    )


def register_ods() -> bytes:
    """The register as an OpenDocument spreadsheet, one sheet per table."""
    sheets = []
    for title, head, rows in _tables():
        body = "".join(_ods_row(row) for row in [head, *rows])
        sheets.append(f'<table:table table:name="{escape(title)}">{body}</table:table>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The mimetype comes first and uncompressed, so tools recognise the file.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            "content.xml",
            CONTENT_START + "".join(sheets) + CONTENT_END,
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return out.getvalue()
