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
import operator
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import islice
from json.encoder import encode_basestring as encode_json_string  # type: ignore[attr-defined]
from pathlib import Path
from typing import IO, Any

from parlons.core.datasets import ColumnChunk, Field, day_of, utc_datetime

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
    if kind == "datetime":  # a text is one already written in UTC (core.datasets.UtcText)
        return value if isinstance(value, str) else utc_datetime(value)
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
        return (value if isinstance(value, str) else utc_datetime(value)) or None
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
        self.write_bytes(data.encode("utf-8"))

    def write_bytes(self, encoded: bytes) -> None:
        self._file.write(encoded)
        self.sha256.update(encoded)
        self.bytes += len(encoded)

    def close(self) -> None:
        self._file.close()


ZERO = timedelta(0)
CHUNK = 2000


def _utc_text(moment: datetime) -> str:
    """utc_datetime(moment), without the conversion when the moment is already in UTC.

    A database returns its moments in UTC: isoformat() cut to the second gives
    the same text as utc_datetime's strftime, several times faster.
    """
    if moment.__class__ is datetime and moment.utcoffset() == ZERO and moment.year >= 1000:
        return moment.isoformat(timespec="seconds")[:19] + "Z"
    return utc_datetime(moment)


_NEEDS_QUOTES = re.compile('[",\n\r]').search
STR, NONE = frozenset((str,)), frozenset((type(None),))


def _quoted(cells: list[str]) -> list[str]:
    """Cells as csv.writer (QUOTE_MINIMAL, "\\r\\n" lines) writes them: quoted when needed.

    The whole column is looked at once first (most columns need no quotes at
    all), then only its cells that do are quoted.
    """
    joined = "\x00".join(cells)
    if not ('"' in joined or "," in joined or "\n" in joined or "\r" in joined):
        return cells
    return [
        '"' + cell.replace('"', '""') + '"' if needs else cell
        for cell, needs in zip(cells, map(_NEEDS_QUOTES, cells), strict=True)
    ]


def _encoded_strings(values: list[str]) -> list[str]:
    """JSON strings of a column of texts; a column of few distinct texts encodes each once."""
    distinct = set(values)
    if len(distinct) * 4 < len(values):
        table = {value: encode_json_string(value) for value in distinct}
        return list(map(table.__getitem__, values))
    return list(map(encode_json_string, values))


_FIRST_CHARACTER = operator.itemgetter(slice(0, 1))  # "" for an empty text
_FORMULA_SET = frozenset(FORMULA_STARTS)


def _string_cells(values: list[str]) -> list[str]:
    """The CSV cells of a column of texts: formula starts neutralised, quoted when needed.

    Whether any cell starts a formula is asked of the set of first characters
    (one C slice per cell, stopping at the first one found: 2.3 times faster
    than str.startswith with the tuple, per cell); only a column that has one
    is rewritten cell by cell.
    """
    if _FORMULA_SET.isdisjoint(map(_FIRST_CHARACTER, values)):
        return _quoted(values)
    return _quoted(
        [("'" + value if value.startswith(FORMULA_STARTS) else value) for value in values]
    )


# What an encoder of a column gives: its CSV cells, and its JSON cells (None when only
# the CSV file is written).
Encoded = tuple[list[str], list[str] | None]


def _string_column(column: Field, values: list, with_json: bool = True) -> Encoded:
    if set(map(type, values)) == STR:  # the usual case: every cell a text, handled by C code
        csv_cells = _string_cells(values)
        return csv_cells, _encoded_strings(values) if with_json else None
    csv_cells = [
        ("'" + value if value.startswith(FORMULA_STARTS) else value)
        if value.__class__ is str
        else csv_cell(column, value)
        for value in values
    ]
    if not with_json:
        return _quoted(csv_cells), None
    json_cells = [
        encode_json_string(value if value.__class__ is str else str(value))
        if value is not None
        else "null"
        for value in values
    ]
    return _quoted(csv_cells), json_cells


def _integer_column(column: Field, values: list, with_json: bool = True) -> Encoded:
    types = set(map(type, values))
    if types == INT:  # (not a bool among them: their type is bool)
        distinct = set(values)
        if len(distinct) * 4 < len(values):  # counts: a few small numbers, written once each
            table = {value: str(value) for value in distinct}
            texts = list(map(table.__getitem__, values))
        else:
            texts = list(map(str, values))
        return texts, texts
    if types == NONE:  # a column nobody filled in this chunk
        return [""] * len(values), ["null"] * len(values) if with_json else None
    if types <= INT_OR_NONE:
        texts = ["" if value is None else str(value) for value in values]
        if not with_json:
            return texts, None
        return texts, [
            "null" if value is None else text for value, text in zip(values, texts, strict=True)
        ]
    return _any_column(column, values, with_json)


INT, INT_OR_NONE = frozenset((int,)), frozenset((int, type(None)))


def _datetime_column(column: Field, values: list, with_json: bool = True) -> Encoded:
    types = set(map(type, values))
    if types == NONE:  # a moment nobody set (never edited)
        return [""] * len(values), ["null"] * len(values) if with_json else None
    if types == STR and all(values):  # texts written by the database (core.datasets.UtcText)
        return _quoted(values), list(map(encode_json_string, values)) if with_json else None
    texts = [
        value if value.__class__ is str else (None if value is None else _utc_text(value))
        for value in values
    ]
    return (
        _quoted([text or "" for text in texts]),
        [encode_json_string(text) if text else "null" for text in texts] if with_json else None,
    )


def _any_column(column: Field, values: list, with_json: bool = True) -> Encoded:
    """Any column, cell by cell: exactly what csv_cell and json_value say."""
    return (
        _quoted([csv_cell(column, value) for value in values]),
        [json.dumps(json_value(column, value), ensure_ascii=False) for value in values]
        if with_json
        else None,
    )


def _csv_lines(columns: list[list[str]]) -> str:
    """The CSV lines of columns of cells (already quoted): one join for the whole chunk.

    The cells and their separators are laid out in one list by slice
    assignments (C loops), then joined once: no tuple nor string per line.
    """
    width, count = len(columns), len(columns[0])
    step = 2 * width
    laid = [","] * (step * count)
    for position, cells in enumerate(columns):
        laid[2 * position :: step] = cells
    laid[step - 1 :: step] = ["\r\n"] * count
    return "".join(laid)


COLUMN_ENCODERS = {
    "string": _string_column,
    "integer": _integer_column,
    "datetime": _datetime_column,
}


def batches(rows: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """The rows in lists of `size` (the last one shorter)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class TableWriter:
    """Writes one table as CSV and JSON side by side, a chunk of rows at a time (flat memory).

    `encode(rows)` turns a chunk of rows into its CSV text and JSON records
    once; `write_encoded` writes them, so the same rows can go to the
    démarche's file and to the territory's without being encoded twice.

    A chunk is encoded column by column: each column's converter is chosen
    once from its type, and converts the whole column of the chunk in one
    pass (texts neutralised and quoted as csv.writer would); a CSV line is a
    join of its cells, and a JSON record one %-format of pre-encoded cells.
    The bytes are those of csv_cell and json_value written cell by cell with
    csv.writer and json.dumps (test_writers.py compares them on every type and
    edge value).
    """

    def __init__(self, fields: Sequence[Field], csv_path: Path, json_path: Path | None):
        self.fields = tuple(fields)
        self.names = [column.name for column in self.fields]
        self.csv_file = HashingFile(csv_path)
        # Without a JSON path, the CSV file only (nothing of the JSON is encoded).
        self.json_file = HashingFile(json_path) if json_path is not None else None
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\r\n")
        self._cells = operator.itemgetter(*self.names)
        self._encoders = [
            (column, COLUMN_ENCODERS.get(column.type, _any_column)) for column in self.fields
        ]
        # json.dumps(record, ensure_ascii=False) of a dict: '{"name": value, ...}'.
        self._record = (
            "{"
            + ", ".join(
                json.dumps(name, ensure_ascii=False).replace("%", "%%") + ": %s"
                for name in self.names
            )
            + "}"
        )
        self._csv.writerow(self.names)
        self.csv_file.write(self._take())
        if self.json_file is not None:
            self.json_file.write("[")
        self.rows = 0

    def _take(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text

    def encode(self, rows: Sequence[Mapping[str, Any]]) -> tuple[bytes, bytes, int]:
        """The chunk's CSV lines, its JSON records joined by ",\\n" (UTF-8), and its length."""
        if not rows:
            return b"", b"", 0
        cells = self._cells
        if len(self.names) == 1:
            columns = [[cells(row) for row in rows]]  # itemgetter of one name: not a tuple
        else:
            columns = [list(column) for column in zip(*map(cells, rows), strict=True)]
        return self.encode_columns(columns)

    def encode_columns(self, columns: ColumnChunk) -> tuple[bytes, bytes, int]:
        """encode() of a chunk given column by column (one list per field, in their order)."""
        count = len(columns[0]) if columns else 0
        if not count:
            return b"", b"", 0
        with_json = self.json_file is not None
        csv_columns, json_columns = [], []
        for (column, encoder), values in zip(self._encoders, columns, strict=True):
            csv_cells, json_cells = encoder(column, values, with_json)
            csv_columns.append(csv_cells)
            json_columns.append(json_cells)
        if len(csv_columns) == 1:  # csv.writer quotes a line of one empty cell: ""
            column = self.fields[0]
            self._csv.writerows([csv_cell(column, value)] for value in columns[0])
            csv_text = self._take()
        else:
            csv_text = _csv_lines(csv_columns)
        if not with_json:
            return csv_text.encode("utf-8"), b"", count
        record = self._record
        json_text = ",\n".join(map(record.__mod__, zip(*json_columns, strict=True)))
        return csv_text.encode("utf-8"), json_text.encode("utf-8"), count

    def write_encoded(self, csv_lines: bytes, json_records: bytes, count: int) -> None:
        if not count:
            return
        self.csv_file.write_bytes(csv_lines)
        if self.json_file is not None:
            self.json_file.write_bytes((b"\n" if self.rows == 0 else b",\n") + json_records)
        self.rows += count

    def write(self, row: Mapping[str, Any]) -> None:
        self.write_encoded(*self.encode([row]))

    def write_all(self, rows: Iterable[Mapping[str, Any]], *also: "TableWriter") -> None:
        """Every row, a chunk at a time, here and in the other writers given (same fields)."""
        for chunk in batches(rows):
            encoded = self.encode(chunk)
            self.write_encoded(*encoded)
            for other in also:
                other.write_encoded(*encoded)

    def write_chunks(self, chunks: Iterable[ColumnChunk], *also: "TableWriter") -> None:
        """write_all() of rows given as column chunks (Dataset.chunks_of): no dict per row.

        A second thread encodes a chunk and writes it (here and in the other
        writers given) while this one reads the next chunk: the database
        driver releases the GIL while it waits for the server (PostgreSQL)
        or steps through the table (SQLite), and so do file writes and the
        SHA-256 of large buffers. One chunk at most waits, in order; what the
        second thread raises is raised here. Measured: 20-25 % less time by
        the clock on PostgreSQL than encoding here, the same on SQLite
        (docs/decisions/0601-open-data-registry.md).
        """
        writers = (self, *also)

        def encode_and_write(columns: ColumnChunk) -> None:
            encoded = self.encode_columns(columns)
            for writer in writers:
                writer.write_encoded(*encoded)

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="opendata-write") as pool:
            pending: Future | None = None
            for columns in chunks:
                if pending is not None:
                    pending.result()  # raises what the encoding or the writing raised
                pending = pool.submit(encode_and_write, columns)
            if pending is not None:
                pending.result()

    def close(self) -> None:
        self.csv_file.close()
        if self.json_file is not None:
            self.json_file.write("\n]\n" if self.rows else "]\n")
            self.json_file.close()


def read_chunks(path: Path, size: int = 64 * 1024) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk
