"""The chunked writer writes the same bytes as the plain cell-by-cell way (csv.writer, json.dumps)."""

import csv
import io
import json
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from parlons.core.datasets import Field
from parlons.opendata.writers import TableWriter, csv_cell, json_value

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FIELDS = (
    Field("id", "integer", "n"),
    Field("texte", "string", "t"),
    Field("nombre", "number", "x"),
    Field("oui", "boolean", "b"),
    Field("jour", "date", "d"),
    Field("le", "datetime", "m"),
    Field("100%", "string", "a name with a percent sign"),
)
TEXTS = [
    "",
    None,
    "simple",
    '=HYPERLINK("http://x")',
    "+33 6",
    "-1",
    "@home",
    "\tindent",
    "\rreturn",
    'with "quotes"',
    "a, b",
    "two\nlines",
    "cr\rinside",
    "accents é à ç — «»",
    "emoji 🎉",
    "\x00control\x1f",
    "back\\slash",
    "% sign %s",
    " space",
    "'already",
    7,  # a number given to a text column
]
MOMENTS = [
    None,
    datetime(2026, 12, 1, 9, 30, 12, 999999, tzinfo=UTC),
    datetime(2026, 7, 1, 23, 30, tzinfo=PARIS),  # summer time: the day before in UTC
    datetime(2026, 1, 1, 0, 0, tzinfo=UTC) + timedelta(microseconds=1),
    "2026-12-01T09:30:00Z",  # already written by the database (core.datasets.UtcText)
    "",
    'odd, "text"',
]


def reference(fields, rows) -> tuple[bytes, bytes]:
    """What a writer of one cell at a time gives: csv_cell + csv.writer, json_value + json.dumps."""
    lines = io.StringIO()
    writer = csv.writer(lines, lineterminator="\r\n")
    writer.writerow([column.name for column in fields])
    records = []
    for row in rows:
        writer.writerow([csv_cell(column, row[column.name]) for column in fields])
        records.append(
            json.dumps(
                {column.name: json_value(column, row[column.name]) for column in fields},
                ensure_ascii=False,
            )
        )
    text = "[" + ("\n" + ",\n".join(records) + "\n]\n" if records else "]\n")
    return lines.getvalue().encode(), text.encode()


def written(fields, rows, tmp_path: Path, chunk: int) -> tuple[bytes, bytes]:
    writer = TableWriter(fields, tmp_path / "t.csv", tmp_path / "t.json")
    for start in range(0, len(rows), chunk):
        writer.write_encoded(*writer.encode(rows[start : start + chunk]))
    writer.close()
    return (tmp_path / "t.csv").read_bytes(), (tmp_path / "t.json").read_bytes()


def test_chunked_writer_writes_the_bytes_of_the_cell_by_cell_writer(tmp_path):
    rows = []
    for n, text in enumerate(TEXTS * 3):
        rows.append(
            {
                "id": [n, None, True, 2**40][n % 4],
                "texte": text,
                "nombre": [Decimal("12.50"), 3, 2.25, None, Decimal("0")][n % 5],
                "oui": [True, False, None][n % 3],
                "jour": [date(2026, 3, 1), None, datetime(2026, 3, 1, 23, 30, tzinfo=UTC)][n % 3],
                "le": MOMENTS[n % len(MOMENTS)],
                "100%": TEXTS[-1 - n % len(TEXTS)],
            }
        )
    expected = reference(FIELDS, rows)
    for chunk in (1, 7, len(rows)):
        assert written(FIELDS, rows, tmp_path, chunk) == expected
    assert b"'=HYPERLINK" in expected[0]  # the reference does neutralise


def test_a_table_of_one_column_and_an_empty_table_are_written_the_same(tmp_path):
    one = (Field("texte", "string", "t"),)
    rows = [{"texte": text} for text in TEXTS]
    assert written(one, rows, tmp_path, 5) == reference(one, rows)
    assert b'\r\n""\r\n' in reference(one, rows)[0]  # csv.writer quotes a lone empty cell
    assert written(FIELDS, [], tmp_path, 5) == reference(FIELDS, [])


def test_columns_of_one_type_take_the_fast_paths_and_write_the_same_bytes(tmp_path):
    # Every text a str (with formulas, quotes, commas, line breaks), integers only, moments
    # only as the database's UTC texts or never set, few distinct values (encoded once each)
    # and many: the column-at-once paths of the writer, against the cell-by-cell reference.
    texts = [text for text in TEXTS if isinstance(text, str)]
    fields = (
        Field("id", "integer", "n"),
        Field("texte", "string", "t"),
        Field("peu", "string", "few distinct texts"),
        Field("le", "datetime", "m"),
        Field("jamais", "datetime", "never set"),
        Field("compte", "integer", "few distinct numbers (written once each)"),
        Field("vide", "integer", "never set"),
    )
    rows = [
        {
            "compte": [0, 1, 0, 0, 12, 0][n % 6],
            "vide": None,
            "id": n,
            "texte": f"{texts[n % len(texts)]} {n}",
            "peu": texts[n % 3],
            "le": f"2026-12-01T09:30:{n % 60:02d}Z",
            "jamais": None,
        }
        for n in range(200)
    ]
    expected = reference(fields, rows)
    for chunk in (1, 50, len(rows)):
        assert written(fields, rows, tmp_path, chunk) == expected
    assert b"'=HYPERLINK" in expected[0] and b'"a, b ' in expected[0]
    assert b'"compte": 12, "vide": null}' in expected[1]
    writer = TableWriter(fields, tmp_path / "c.csv", tmp_path / "c.json")
    names = [column.name for column in fields]
    writer.write_chunks([[[row[name] for row in rows] for name in names]])
    writer.close()
    assert ((tmp_path / "c.csv").read_bytes(), (tmp_path / "c.json").read_bytes()) == expected


def test_a_writer_of_the_csv_file_only_writes_the_same_csv_bytes(tmp_path):
    # Without a JSON path (the CSV file alone: what bench/opendata.py times for issue 17's
    # figure), the CSV bytes are those of the reference, and no JSON file is made.
    rows = [
        {
            "id": n,
            "texte": f"{TEXTS[n % 4 + 2]} {n}" if n % 5 else TEXTS[n % len(TEXTS)],
            "nombre": Decimal("1.5"),
            "oui": n % 2 == 0,
            "jour": date(2026, 3, 1),
            "le": MOMENTS[n % len(MOMENTS)],
            "100%": "=1+1" if n % 7 == 0 else "x",
        }
        for n in range(120)
    ]
    expected_csv = reference(FIELDS, rows)[0]
    for chunk in (1, 13, len(rows)):
        writer = TableWriter(FIELDS, tmp_path / "only.csv", None)
        writer.write_chunks(
            [
                [[row[column.name] for row in rows[start : start + chunk]] for column in FIELDS]
                for start in range(0, len(rows), chunk)
            ]
        )
        writer.close()
        assert (tmp_path / "only.csv").read_bytes() == expected_csv
        assert writer.rows == len(rows)
    assert b"'=1+1" in expected_csv
    assert sorted(path.name for path in tmp_path.iterdir()) == ["only.csv"]
