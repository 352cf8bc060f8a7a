"""The VOTES section of a pabulib file: nearly all of a city-sized file.

When the section is plain (no quotes, no blank lines, every line as wide as the
header), its columns are cut straight out of the file's bytes in a few numpy passes;
the voter columns (voter_id, age...) are only decoded if someone reads them. Each
distinct ballot is then parsed once (Kraków 2024: 31,410 distinct ballots for 65,101
voters). Anything unusual takes the careful path, which names the line and column
of a mistake.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from itertools import repeat

import numpy as np

from parlons.budgets.counting.election import Ballots, Project, VoterColumns
from parlons.budgets.counting.errors import PabulibError
from parlons.budgets.counting.numbers import common_scale, parse_decimal
from parlons.budgets.counting.pabulib.lines import (
    LineCursor,
    check_header,
    csv_row,
    expect_section,
    section_title,
)

CARDINAL_TYPES = ("cumulative", "scoring")
_POINTS_SEPARATOR = "\x1f"
VOTER_COLUMNS = "\x00voters"
# Points times points_scale: summed over every voter in 64-bit integers, with room to spare.
MAX_SCALED_POINTS = 10**12


def read_votes(
    lines: LineCursor, raw: bytes
) -> tuple[list[str], dict[str, list], np.ndarray | int]:
    """The VOTES header, its columns, and the line number of each voter.

    Line numbers are an array, or a single int (the first data line) when voters
    sit on consecutive lines, which is the common case and costs nothing.
    """
    title_line = expect_section(lines, "votes")
    header_item = lines.next_non_blank()
    if header_item is None:
        raise PabulibError(
            "attendu l'en-tête des colonnes de la section VOTES (voter_id;vote;...)",
            line=title_line + 1,
        )
    header_line, header_text = header_item
    if section_title(header_text) is not None:
        raise PabulibError(
            f"section {section_title(header_text).upper()} inattendue après VOTES",
            line=header_line,
        )
    header = [field.strip() for field in csv_row(header_text, header_line)]
    check_header(header, header_line, required=("vote",), section="VOTES")
    byte_start = len(lines.text[: lines.position].encode("utf-8", "surrogatepass"))
    fast_columns = _split_bytes(raw, byte_start, header)
    if fast_columns is not None:
        return header, fast_columns, lines.number + 1
    first_line, data = lines.rest()
    data = data.rstrip("\n")
    if not data.strip():
        return header, {name: [] for name in header}, first_line
    fast = _split_consecutive_lines(data, len(header))
    if fast is not None:
        columns = dict(zip(header, fast, strict=True))
        line_numbers: np.ndarray | int = first_line
    else:
        columns, line_numbers = _split_general(data, header, first_line)
    for name in ("vote", "points"):
        # The first column carries the line breaks of the fast split; ballots are
        # otherwise trimmed item by item when parsed.
        if name in columns and header.index(name) == 0:
            columns[name] = [value.strip() for value in columns[name]]
    return header, columns, line_numbers


def _split_bytes(raw: bytes, start: int, header: list[str]) -> dict | None:
    """The VOTES columns straight from the file's bytes, when the section is plain (no
    quotes, no blank lines, every line with as many fields as the header), or None.

    The ballot columns come back as bytes, one per voter; the other columns are cut
    out (and decoded) only if someone reads them (`VoterColumns`).
    """
    width = len(header)
    data = np.frombuffer(raw, dtype=np.uint8, offset=start)
    end = len(data)
    while end and data[end - 1] in (10, 13):
        end -= 1
    if end == 0 or width < 2:
        return None
    data = data[:end]
    if (data == 34).any():
        return None
    breaks = np.flatnonzero(data == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [end]))
    ends = ends - (data[np.maximum(ends - 1, 0)] == 13)
    if (ends <= starts).any():
        return None
    separators = np.flatnonzero(data == 59)
    per_line = np.searchsorted(separators, ends) - np.searchsorted(separators, starts)
    if (per_line != width - 1).any():
        return None
    separators = separators.reshape(-1, width - 1) + start
    starts, ends = starts + start, ends + start

    def spans(column: int) -> tuple[list[int], list[int]]:
        first = starts if column == 0 else separators[:, column - 1] + 1
        last = ends if column == width - 1 else separators[:, column]
        return first.tolist(), last.tolist()

    def cut(column: int) -> list[bytes]:
        return [raw[a:b] for a, b in zip(*spans(column), strict=True)]

    columns: dict = {}
    loaders = {}
    for column, name in enumerate(header):
        if name in ("vote", "points"):
            columns[name] = cut(column)
        else:
            loaders[name] = lambda column=column: [value.decode("utf-8") for value in cut(column)]
    voters = VoterColumns(loaders)
    if "voter_id" in header:
        voters.undecoded["voter_id"] = lambda: cut(header.index("voter_id"))
    columns[VOTER_COLUMNS] = voters
    return columns


def _split_consecutive_lines(data: str, width: int) -> list[list[str]] | None:
    """Columns of a plain section (no quotes, no blank lines), or None to take the careful
    path. Values are untrimmed, and those of the first column start with a line break
    (from the second line on), see `VoterColumns`."""
    if '"' in data or "\n\n" in data:
        return None
    if width == 1:
        return [data.split("\n")]
    # Every line break starts a field of its own: the line is aligned with the header
    # when each first-column field but the very first starts with one.
    fields = data.replace("\n", ";\n").split(";")
    lines = data.count("\n") + 1
    if len(fields) != lines * width:
        return None
    starts = fields[width::width]
    if starts and "\n".join(starts).count("\n") != 2 * len(starts) - 1:
        return None
    return [fields[position::width] for position in range(width)]


def _split_general(
    data: str, header: list[str], first_line: int
) -> tuple[dict[str, list[str]], np.ndarray]:
    columns: list[list[str]] = [[] for _ in header]
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(data), delimiter=";", strict=True, skipinitialspace=True)
    line = first_line
    try:
        for row in reader:
            row_line = line
            line = first_line + reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != len(header):
                if len(row) == 1 and section_title(row[0]) is not None:
                    raise PabulibError(
                        f"section {row[0].strip().upper()} inattendue : VOTES est la dernière "
                        "section d'un fichier pabulib",
                        line=row_line,
                    )
                raise PabulibError(
                    f"attendu {len(header)} champs comme l'en-tête ({';'.join(header)}), "
                    f"trouvé {len(row)}",
                    line=row_line,
                    column=min(len(row), len(header)) + (1 if len(row) > len(header) else 0),
                )
            for column, value in zip(columns, row, strict=True):
                column.append(value)
            numbers.append(row_line)
    except csv.Error as error:
        raise PabulibError(
            f"ligne illisible ({error}) : guillemet mal fermé ?",
            line=first_line + reader.line_num - 1,
        ) from None
    return dict(zip(header, columns, strict=True)), np.asarray(numbers, dtype=np.int64)


def _voter_line(line_numbers: np.ndarray | int, voter: int) -> int:
    if isinstance(line_numbers, int):
        return line_numbers + voter
    return int(line_numbers[voter])


def build_ballots(
    vote_type: str,
    projects: list[Project],
    header: list[str],
    columns: dict[str, list[str]],
    line_numbers: np.ndarray | int,
) -> tuple[Ballots, dict[str, list[str]]]:
    vote_column = header.index("vote")
    has_points = "points" in columns
    if vote_type in CARDINAL_TYPES and not has_points:
        raise PabulibError(
            f"les votes de type {vote_type} ont besoin d'une colonne « points » dans l'en-tête VOTES",
            line=_voter_line(line_numbers, 0) - 1,
        )
    votes = columns["vote"]
    as_bytes = bool(votes) and isinstance(votes[0], bytes)
    separator = _POINTS_SEPARATOR.encode() if as_bytes else _POINTS_SEPARATOR
    keys = (
        list(map(separator.join, zip(votes, columns["points"], strict=True)))
        if has_points
        else votes
    )
    distinct = list(dict.fromkeys(keys))
    position = {key: index for index, key in enumerate(distinct)}
    voter_ballot = np.fromiter(map(position.__getitem__, keys), dtype=np.int64, count=len(keys))
    if as_bytes:
        # The whole file was decoded once already: these bytes are valid UTF-8.
        distinct = [key.decode("utf-8") for key in distinct]

    def located(row: int, column: int, name: str, message: str) -> PabulibError:
        voter = int(np.argmax(voter_ballot == row))
        return PabulibError(
            message, line=_voter_line(line_numbers, voter), column=column + 1, column_name=name
        )

    vote_texts = (
        [key.split(_POINTS_SEPARATOR, 1)[0] for key in distinct] if has_points else distinct
    )
    tokens, lengths = _tokens(vote_texts)
    index = {project.project_id: number for number, project in enumerate(projects)}
    entries = np.fromiter(map(index.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
    empty = _empty_tokens(tokens)
    rows = np.repeat(np.arange(len(distinct), dtype=np.int64), lengths)
    unknown = np.flatnonzero((entries < 0) & ~empty)
    if len(unknown):
        token = tokens[unknown[0]]
        raise located(
            int(rows[unknown[0]]),
            vote_column,
            "vote",
            f"le projet « {token} » n'est pas dans la section PROJECTS",
        )

    points_values = None
    points_scale = 1
    if has_points:
        points_column = header.index("points")
        # An empty ballot may carry "None" points (that is how pabutools expects it).
        point_texts = [
            "" if text.strip().lower() == "none" else text
            for text in (key.split(_POINTS_SEPARATOR, 1)[1] for key in distinct)
        ]
        point_tokens, point_lengths = _tokens(point_texts)
        mismatch = np.flatnonzero(point_lengths != lengths)
        point_empty = _empty_tokens(point_tokens)
        if len(mismatch) == 0:
            mismatch_entries = np.flatnonzero(point_empty != empty)
            if len(mismatch_entries):
                mismatch = rows[mismatch_entries[:1]]
        if len(mismatch):
            row = int(mismatch[0])
            raise located(
                row,
                points_column,
                "points",
                f"attendu autant de points que de projets votés ({vote_texts[row] or 'aucun'} / "
                f"{point_texts[row] or 'aucun'})",
            )
        values: dict[str, Fraction] = {}
        for number, token in enumerate(point_tokens):
            if token in values or not token:
                continue
            try:
                values[token] = parse_decimal(token)
            except ValueError:
                raise located(
                    int(rows[number]),
                    points_column,
                    "points",
                    f"attendu un nombre de points, trouvé « {token} »",
                ) from None
        if vote_type == "cumulative" and any(value < 0 for value in values.values()):
            number = next(n for n, token in enumerate(point_tokens) if token and values[token] < 0)
            raise located(
                int(rows[number]),
                points_column,
                "points",
                f"un bulletin cumulatif répartit des points : « {point_tokens[number]} » est "
                "négatif",
            )
        points_scale = common_scale(values.values())
        scaled = {token: int(value * points_scale) for token, value in values.items()}
        if any(abs(value) > MAX_SCALED_POINTS for value in scaled.values()):
            # Points are counted as exact 64-bit integers (times points_scale).
            number = next(
                n
                for n, token in enumerate(point_tokens)
                if token and abs(scaled[token]) > MAX_SCALED_POINTS
            )
            raise located(
                int(rows[number]),
                points_column,
                "points",
                f"« {point_tokens[number]} » : trop de points, ou des fractions trop fines "
                "pour être comptées exactement (écrivez des points entiers)",
            )
        scaled[""] = 0
        points_values = np.array([scaled[token] for token in point_tokens], dtype=np.int64)

    if len(np.flatnonzero(empty)):
        if vote_type in CARDINAL_TYPES:
            lone_empty = np.flatnonzero(empty & (np.repeat(lengths, lengths) > 1))
            if len(lone_empty):
                raise located(
                    int(rows[lone_empty[0]]),
                    vote_column,
                    "vote",
                    "identifiant de projet vide entre deux virgules",
                )
        keep = ~empty
        entries, rows = entries[keep], rows[keep]
        if points_values is not None:
            points_values = points_values[keep]
    counts = np.bincount(rows, minlength=len(distinct))
    offsets = np.zeros(len(distinct) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])

    if len(entries):
        pair = rows * len(projects) + entries
        order = np.argsort(pair, kind="stable")
        repeated = np.flatnonzero(np.diff(pair[order]) == 0)
        if len(repeated):
            entry = order[repeated[0] + 1]
            raise located(
                int(rows[entry]),
                vote_column,
                "vote",
                f"le projet « {projects[entries[entry]].project_id} » figure deux fois dans le "
                "même bulletin",
            )
    ballots = Ballots(
        offsets=offsets,
        projects=entries.astype(np.int32),
        voter_ballot=voter_ballot.astype(np.int32),
        points=points_values,
        points_scale=points_scale,
    )
    voter_fields = columns.get(VOTER_COLUMNS) or VoterColumns(
        {name: values for name, values in columns.items() if name not in ("vote", "points")}
    )
    return ballots, voter_fields


def _empty_tokens(tokens: list[str]) -> np.ndarray:
    """Which items are empty (an empty ballot, or two commas in a row)."""
    if "" not in tokens:
        return np.zeros(len(tokens), dtype=bool)
    return np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens)) == 0


def _tokens(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """All comma-separated items of the texts, and how many each text has (an empty text has one)."""
    if not texts:
        return [], np.zeros(0, dtype=np.int64)
    lengths = np.array(list(map(str.count, texts, repeat(","))), dtype=np.int64) + 1
    joined = ",".join(texts)
    tokens = joined.split(",")
    if " " in joined or "\t" in joined:
        tokens = [token.strip() for token in tokens]
    return tokens, lengths
