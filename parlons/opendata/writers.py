"""Cells as the published files write them: CSV (RFC 4180, formulas neutralised) and JSON.

A spreadsheet runs a cell that starts with = + - @ (or a tab or a carriage
return, which some of them skip first) as a formula: a text such as
`=HYPERLINK("http://…")` would become a link, or worse. Text cells of the CSV
files starting with one of these characters get a leading apostrophe, which
spreadsheets show as plain text; numbers and dates are never changed, and the
JSON files keep every text as written (docs/decisions/0602-formula-neutralisation.md).
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from parlons.core.datasets import Field, day_of, utc_datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """'=1+1' -> "'=1+1": a spreadsheet shows it as text instead of running it."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_cell(column: Field, value: Any) -> str:
    if value is None or value == "":
        return ""
    kind = column.type
    if kind == "string":
        return neutralise(str(value))
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "datetime":
        return utc_datetime(value)
    if kind == "date":
        return day_of(value)
    return str(value)


def json_value(column: Field, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if kind == "string":
        return str(value)
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value) if isinstance(value, Decimal) else value
    if kind == "boolean":
        return bool(value)
    if kind == "datetime":
        return utc_datetime(value) or None
    if kind == "date":
        return day_of(value) or None
    return value


class HashingFile:
    """A file written in binary, counting its bytes and their SHA-256 on the way."""

    def __init__(self, path: Path):
        self.path = path
        self._file: IO[bytes] = path.open("wb")
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, data: str) -> None:
        encoded = data.encode("utf-8")
        self._file.write(encoded)
        self.sha256.update(encoded)
        self.bytes += len(encoded)

    def close(self) -> None:
        self._file.close()


class LineWriter(io.StringIO):
    """The csv module writes one row here; the text is read back and cleared."""

    def take(self) -> str:
        text = self.getvalue()
        self.seek(0)
        self.truncate()
        return text


class TableWriter:
    """Writes one table as CSV and JSON side by side, one row at a time (flat memory).

    `encode(row)` turns a row into its CSV line and JSON record once;
    `write_encoded` writes them, so the same row can go to the démarche's file
    and to the territory's without being encoded twice.
    """

    def __init__(self, fields: Sequence[Field], csv_path: Path, json_path: Path):
        self.fields = tuple(fields)
        self.names = [column.name for column in self.fields]
        self.csv_file = HashingFile(csv_path)
        self.json_file = HashingFile(json_path)
        self._line = LineWriter()
        self._csv = csv.writer(self._line, lineterminator="\r\n")
        self._csv.writerow(self.names)
        self.csv_file.write(self._line.take())
        self.json_file.write("[")
        self.rows = 0

    def encode(self, row: Mapping[str, Any]) -> tuple[str, str]:
        """The row's CSV line and JSON record: each cell converted once for both.

        The same cells as csv_cell and json_value give, written inline for the
        common cases (texts, dates, empty cells): an export spends most of its
        time here, row after row.
        """
        cells: list[str] = []
        record: dict[str, Any] = {}
        for column in self.fields:
            name, kind = column.name, column.type
            value = row[name]
            if value is None:
                cells.append("")
                record[name] = None
            elif kind == "string":
                text = str(value)
                cells.append(neutralise(text))
                record[name] = text
            elif kind == "datetime" and value != "":
                text = utc_datetime(value)
                cells.append(text)
                record[name] = text or None
            else:
                cells.append(csv_cell(column, value))
                record[name] = json_value(column, value)
        self._csv.writerow(cells)
        return self._line.take(), json.dumps(record, ensure_ascii=False)

    def write_encoded(self, csv_line: str, json_record: str) -> None:
        self.csv_file.write(csv_line)
        self.json_file.write(("\n" if self.rows == 0 else ",\n") + json_record)
        self.rows += 1

    def write(self, row: Mapping[str, Any]) -> None:
        self.write_encoded(*self.encode(row))

    def close(self) -> None:
        self.json_file.write("\n]\n" if self.rows else "]\n")
        self.csv_file.close()
        self.json_file.close()


def read_chunks(path: Path, size: int = 64 * 1024) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk
