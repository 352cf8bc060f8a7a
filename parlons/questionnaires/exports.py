"""Raw answers for staff: a CSV streamed row by row, and an XLSX workbook.

The CSV opens right in a French spreadsheet: UTF-8 with a byte order mark,
`;` between columns, and every cell that a spreadsheet would run as a
formula (=, +, -, @, tab, carriage return) starts with an apostrophe. The
query count does not depend on the number of answers: responses and answers
are read in two ordered streams and merged.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parlons.core.public_url import absolute_url

from .answering import display
from .models import Answer, Question, Questionnaire, QuestionVersion, Response
from .queries import questions_of

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
# Distinct answers kept in words during one export (bounded: memory stays flat).
MEMO_LIMIT = 20_000


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _table(questionnaire: Questionnaire) -> Iterator[list[str]]:
    questions = questions_of(questionnaire)
    by_id = {question.pk: question for question in questions}
    versions = {
        version.pk: version
        for version in QuestionVersion.objects.filter(question__questionnaire=questionnaire)
    }
    yield [
        _("réponse"),
        _("origine"),
        _("envoyée le"),
        _("réunion"),
        *[f"Q{number}. {question.wording}" for number, question in enumerate(questions, start=1)],
        _("corrigée par l'équipe"),
    ]
    numbers = {question.pk: number for number, question in enumerate(questions, start=1)}
    slug = questionnaire.process.slug
    position = {question.pk: index for index, question in enumerate(questions)}
    sources = dict(Response.Source.choices)
    responses = (
        Response.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "source", "submitted_at", "occasion__title")
        .iterator(chunk_size=CHUNK)
    )
    answers = (
        Answer.objects.filter(
            response__questionnaire=questionnaire, response__submitted_at__isnull=False
        )
        .order_by("response_id", "pk")
        .values_list(
            "response_id",
            "question_id",
            "version_id",
            "value",
            "text",
            "corrected_at",
            "file__pk",
            "file__name",
        )
        .iterator(chunk_size=CHUNK)
    )
    said: dict[tuple, str] = {}
    pending = next(answers, None)
    for pk, source, submitted_at, occasion in responses:
        cells = [""] * len(questions)
        corrected: list[str] = []
        while pending is not None and pending[0] <= pk:
            response_id, question_id, version_id, value, text, corrected_at, file_pk, name = pending
            if response_id == pk and corrected_at is not None:
                corrected.append(f"Q{numbers[question_id]}")
            if response_id == pk and by_id[question_id].kind == Question.Kind.FILE:
                # The file's name and the staff's download link (signed-in team only).
                cells[position[question_id]] = (
                    f"{name} — "
                    + absolute_url(
                        reverse(
                            "questionnaires:download_file", args=[slug, questionnaire.pk, file_pk]
                        )
                    )
                    if file_pk is not None
                    else _("(fichier supprimé)")
                )
            elif response_id == pk:
                # Choices repeat across responses: each distinct answer is put in words once.
                key = (version_id, repr(value), text)
                words = said.get(key)
                if words is None:
                    words = display(by_id[question_id], versions[version_id], value, text)
                    if len(said) < MEMO_LIMIT:
                        said[key] = words
                cells[position[question_id]] = words
            pending = next(answers, None)
        yield [
            str(pk),
            str(sources.get(source, source)),
            timezone.localtime(submitted_at).strftime("%d/%m/%Y %H:%M"),
            occasion or "",
            *cells,
            ", ".join(corrected),
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(questionnaire: Questionnaire) -> Iterator[str]:
    """The export, one line at a time (StreamingHttpResponse)."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for row in _table(questionnaire):
        yield writer.writerow([neutralise(cell) for cell in row])


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def xlsx_file(questionnaire: Questionnaire) -> bytes:
    """A minimal Office Open XML workbook: one sheet, every cell as text (docs/decisions/0020)."""
    sheet = io.StringIO()
    sheet.write(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    for number, row in enumerate(_table(questionnaire), start=1):
        sheet.write(f'<row r="{number}">')
        for index, cell in enumerate(row):
            text = escape(_xml_safe(cell))
            sheet.write(
                f'<c r="{_column(index)}{number}" t="inlineStr"><is><t xml:space="preserve">'
                f"{text}</t></is></c>"
            )
        sheet.write("</row>")
    sheet.write("</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    return buffer.getvalue()


def _xml_safe(text: str) -> str:
    """XML 1.0 refuses most control characters: drop them (they were refused at entry anyway)."""
    return "".join(char for char in text if char in "\t\n\r" or ord(char) >= 32)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Réponses" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def public_results_rows(questionnaire: Questionnaire) -> Iterator[str]:
    """The published results as CSV, masked like the page: "< 5", no total beside a masked cell."""
    from .queries import results

    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow([_("question"), _("réponse"), _("nombre"), _("part (%)")])
    for result in results(questionnaire, public=True):
        wording = f"Q{result.number}. {result.question.wording}"
        rows = [(cell.label, cell) for cell in result.cells]
        rows += [(f"{row} : {cell.label}", cell) for row, cells in result.matrix for cell in cells]
        for label, cell in rows:
            yield writer.writerow(
                [
                    neutralise(wording),
                    neutralise(label),
                    "< 5" if cell.masked else str(cell.count),
                    "" if cell.percent is None else str(cell.percent).replace(".", ","),
                ]
            )
