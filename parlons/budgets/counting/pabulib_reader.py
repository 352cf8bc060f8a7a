"""Reading pabulib `.pb` files (META, PROJECTS and VOTES sections, `;`-separated).

Any valid file is read, with its optional columns; a malformed one raises a
`PabulibError` naming the line, the column and what was expected. The VOTES
section, which holds nearly all of a city-sized file, is split in a few passes over
the whole text rather than line by line, and each distinct ballot is parsed once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from fractions import Fraction
from itertools import repeat
from pathlib import Path

import numpy as np

from parlons.budgets.counting.election import (
    VOTE_TYPES,
    Ballots,
    Election,
    Project,
    VoterColumns,
    is_missing,
)
from parlons.budgets.counting.errors import PabulibError
from parlons.budgets.counting.numbers import common_scale, parse_decimal

SECTIONS = ("meta", "projects", "votes")
CARDINAL_TYPES = ("cumulative", "scoring")
_POINTS_SEPARATOR = "\x1f"
_VOTER_COLUMNS = "\x00voters"


def read_pabulib(path: str | Path) -> Election:
    """Read a `.pb` file; errors name the file, the line and the column."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise PabulibError(
            f"impossible de lire le fichier ({error.strerror or error})", path=str(path)
        ) from None
    try:
        return parse_pabulib(content)
    except PabulibError as error:
        raise error.with_path(str(path)) from None


def parse_pabulib(content: str | bytes) -> Election:
    """Read the text (or UTF-8 bytes) of a `.pb` file."""
    if isinstance(content, str):
        content = content.removeprefix("\ufeff").encode("utf-8", "surrogatepass")
    raw = content.removeprefix(b"\xef\xbb\xbf")
    text = _decode(raw)
    if "\r" in text and "\n" not in text:
        # Old Mac line ends: rare enough to be turned into ordinary ones.
        text = text.replace("\r", "\n")
        raw = text.encode("utf-8")
    lines = _LineCursor(text)
    warnings: list[str] = []

    meta, meta_lines = _read_meta(lines, warnings)
    vote_type = _check_meta(meta, meta_lines)
    projects, project_columns = _read_projects(lines)
    vote_columns, columns, line_numbers = _read_votes(lines, raw)
    ballots, voter_fields = _build_ballots(vote_type, projects, vote_columns, columns, line_numbers)
    election = Election(
        meta=meta,
        projects=projects,
        ballots=ballots,
        project_columns=project_columns,
        vote_columns=vote_columns,
        voter_fields=voter_fields,
        warnings=warnings,
    )
    _check_consistency(election, warnings)
    return election


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise PabulibError(
            "le fichier n'est pas encodé en UTF-8 (octet invalide) : "
            "enregistrez-le en UTF-8 avant de le dépouiller",
            line=line,
        ) from None


class _LineCursor:
    """Walks the text line by line, knowing each line's number, without splitting it all."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.number = 0

    def next(self) -> tuple[int, str] | None:
        if self.position > len(self.text) or (self.position == len(self.text) and self.number > 0):
            return None
        end = self.text.find("\n", self.position)
        if end == -1:
            end = len(self.text)
        line = self.text[self.position : end].removesuffix("\r")
        self.last_start = self.position
        self.position = end + 1
        self.number += 1
        return self.number, line

    def next_non_blank(self) -> tuple[int, str] | None:
        while (item := self.next()) is not None:
            if item[1].strip():
                return item
        return None

    def rest(self) -> tuple[int, str]:
        """Number of the next line and the remaining text (with ordinary line ends)."""
        data = self.text[self.position :]
        if "\r" in data:
            data = data.replace("\r\n", "\n").replace("\r", "\n")
        return self.number + 1, data

    def rewind(self, number: int) -> None:
        """Go back to the start of the line just read."""
        self.position = self.last_start
        self.number = number - 1


def _section_title(line: str) -> str | None:
    first = line.split(";", 1)[0].strip().strip('"').strip().lower()
    return first if first in SECTIONS else None


def _expect_section(lines: _LineCursor, name: str) -> int:
    item = lines.next_non_blank()
    if item is None:
        raise PabulibError(
            f"le fichier s'arrête avant la section {name.upper()} : "
            "un fichier pabulib a trois sections, META, PROJECTS puis VOTES",
            line=lines.number + 1,
        )
    number, line = item
    title = _section_title(line)
    if title != name:
        found = f"la section {title.upper()}" if title else f"« {_shorten(line)} »"
        raise PabulibError(
            f"attendu le titre de section « {name.upper()} », trouvé {found} "
            "(les sections se suivent dans l'ordre META, PROJECTS, VOTES)",
            line=number,
        )
    return number


def _csv_row(line: str, number: int) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=";", strict=True, skipinitialspace=True))
    except (csv.Error, StopIteration) as error:
        raise PabulibError(
            f"ligne illisible ({error}) : guillemet mal fermé ?", line=number
        ) from None


def _section_rows(lines: _LineCursor) -> Iterator[tuple[int, list[str]]]:
    """Rows of a small section (META or PROJECTS) up to the next section title."""
    while (item := lines.next()) is not None:
        number, line = item
        if not line.strip():
            continue
        if _section_title(line) is not None:
            lines.rewind(number)
            return
        while _has_open_quote(line) and (more := lines.next()) is not None:
            # A quoted field may span several lines (a long project description).
            line += "\n" + more[1]
        yield number, [field.strip() for field in _csv_row(line, number)]


def _has_open_quote(line: str) -> bool:
    return line.count('"') % 2 == 1


def _read_meta(lines: _LineCursor, warnings: list[str]) -> tuple[dict[str, str], dict[str, int]]:
    title_line = _expect_section(lines, "meta")
    header = lines.next_non_blank()
    if header is None or [f.strip().lower() for f in _csv_row(header[1], header[0])] != [
        "key",
        "value",
    ]:
        number = header[0] if header else title_line + 1
        found = _shorten(header[1]) if header else "la fin du fichier"
        raise PabulibError(
            f"attendu l'en-tête « key;value » de la section META, trouvé « {found} »",
            line=number,
        )
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {"": title_line}
    for number, row in _section_rows(lines):
        if len(row) != 2:
            raise PabulibError(
                f"attendu 2 champs « clé;valeur », trouvé {len(row)} "
                "(un texte qui contient « ; » doit être entre guillemets)",
                line=number,
                column=min(len(row), 2) + (1 if len(row) > 2 else 0),
            )
        key, value = row
        if not key:
            raise PabulibError("clé vide dans la section META", line=number, column=1)
        if key in meta:
            warnings.append(
                f"ligne {number} : la clé META « {key} » est répétée ; la dernière valeur compte"
            )
        meta[key] = value
        meta_lines[key] = number
    return meta, meta_lines


def _check_meta(meta: dict[str, str], meta_lines: dict[str, int]) -> str:
    title_line = meta_lines[""]
    for key in ("vote_type", "budget"):
        if key not in meta or is_missing(meta[key]):
            raise PabulibError(
                f"la section META doit donner « {key} » "
                + (
                    "(approval, ordinal, cumulative ou scoring)"
                    if key == "vote_type"
                    else "(le montant à répartir)"
                ),
                line=meta_lines.get(key, title_line),
            )
    vote_type = meta["vote_type"].strip().lower()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            f"type de vote « {meta['vote_type']} » inconnu : attendu approval, choose-1, "
            "ordinal, cumulative ou scoring",
            line=meta_lines["vote_type"],
            column=2,
            column_name="value",
        )
    for key in ("budget", "min_length", "max_length", "min_project_score_threshold"):
        if key in meta and not (key != "budget" and is_missing(meta[key])):
            try:
                value = parse_decimal(meta[key])
            except ValueError:
                raise PabulibError(
                    f"« {key} » doit être un nombre, trouvé « {meta[key]} »",
                    line=meta_lines[key],
                    column=2,
                    column_name="value",
                ) from None
            if value < 0:
                raise PabulibError(
                    f"« {key} » ne peut pas être négatif ({meta[key]})",
                    line=meta_lines[key],
                    column=2,
                    column_name="value",
                )
    return vote_type


def _read_projects(lines: _LineCursor) -> tuple[list[Project], list[str]]:
    title_line = _expect_section(lines, "projects")
    header_item = lines.next_non_blank()
    if header_item is None or _section_title(header_item[1]) is not None:
        raise PabulibError(
            "attendu l'en-tête des colonnes de la section PROJECTS (project_id;cost;...)",
            line=header_item[0] if header_item else title_line + 1,
        )
    header_line, header_text = header_item
    header = [field.strip() for field in _csv_row(header_text, header_line)]
    _check_header(header, header_line, required=("project_id", "cost"), section="PROJECTS")
    cost_column = header.index("cost")
    id_column = header.index("project_id")
    projects: list[Project] = []
    seen: dict[str, int] = {}
    for number, row in _section_rows(lines):
        if len(row) != len(header):
            raise PabulibError(
                f"attendu {len(header)} champs comme l'en-tête ({';'.join(header)}), "
                f"trouvé {len(row)} (un texte qui contient « ; » doit être entre guillemets)",
                line=number,
                column=min(len(row), len(header)) + (1 if len(row) > len(header) else 0),
            )
        project_id = row[id_column]
        if not project_id:
            raise PabulibError(
                "identifiant de projet vide",
                line=number,
                column=id_column + 1,
                column_name="project_id",
            )
        if project_id in seen:
            raise PabulibError(
                f"le projet « {project_id} » est déjà défini ligne {seen[project_id]}",
                line=number,
                column=id_column + 1,
                column_name="project_id",
            )
        seen[project_id] = number
        try:
            cost = parse_decimal(row[cost_column])
        except ValueError:
            raise PabulibError(
                f"attendu un nombre (le coût du projet), trouvé « {row[cost_column]} »",
                line=number,
                column=cost_column + 1,
                column_name="cost",
            ) from None
        if cost < 0:
            raise PabulibError(
                f"un coût ne peut pas être négatif ({row[cost_column]})",
                line=number,
                column=cost_column + 1,
                column_name="cost",
            )
        projects.append(Project(project_id, cost, dict(zip(header, row, strict=True))))
    return projects, header


def _check_header(header: list[str], line: int, *, required: tuple[str, ...], section: str) -> None:
    for position, name in enumerate(header):
        if not name:
            raise PabulibError(
                f"nom de colonne vide dans l'en-tête de la section {section}",
                line=line,
                column=position + 1,
            )
        if name in header[:position]:
            raise PabulibError(
                f"la colonne « {name} » apparaît deux fois dans l'en-tête de {section}",
                line=line,
                column=position + 1,
                column_name=name,
            )
    for name in required:
        if name not in header:
            raise PabulibError(
                f"l'en-tête de la section {section} doit avoir une colonne « {name} » "
                f"(trouvé : {';'.join(header)})",
                line=line,
            )


def _read_votes(
    lines: _LineCursor, raw: bytes
) -> tuple[list[str], dict[str, list], np.ndarray | int]:
    """The VOTES header, its columns, and the line number of each voter.

    Line numbers are an array, or a single int (the first data line) when voters
    sit on consecutive lines, which is the common case and costs nothing.
    """
    title_line = _expect_section(lines, "votes")
    header_item = lines.next_non_blank()
    if header_item is None:
        raise PabulibError(
            "attendu l'en-tête des colonnes de la section VOTES (voter_id;vote;...)",
            line=title_line + 1,
        )
    header_line, header_text = header_item
    if _section_title(header_text) is not None:
        raise PabulibError(
            f"section {_section_title(header_text).upper()} inattendue après VOTES",
            line=header_line,
        )
    header = [field.strip() for field in _csv_row(header_text, header_line)]
    _check_header(header, header_line, required=("vote",), section="VOTES")
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
    columns[_VOTER_COLUMNS] = voters
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
                if len(row) == 1 and _section_title(row[0]) is not None:
                    raise PabulibError(
                        f"section {row[0].strip().upper()} inattendue : VOTES est la dernière "
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
            f"ligne illisible ({error}) : guillemet mal fermé ?",
            line=first_line + reader.line_num - 1,
        ) from None
    return dict(zip(header, columns, strict=True)), np.asarray(numbers, dtype=np.int64)


def _voter_line(line_numbers: np.ndarray | int, voter: int) -> int:
    if isinstance(line_numbers, int):
        return line_numbers + voter
    return int(line_numbers[voter])


def _build_ballots(
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
            f"les votes de type {vote_type} ont besoin d'une colonne « points » dans l'en-tête VOTES",
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
            f"le projet « {token} » n'est pas dans la section PROJECTS",
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
                    f"attendu un nombre de points, trouvé « {token} »",
                ) from None
        points_scale = common_scale(values.values())
        scaled = {token: int(value * points_scale) for token, value in values.items()}
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
                f"le projet « {projects[entries[entry]].project_id} » figure deux fois dans le "
                "même bulletin",
            )
    ballots = Ballots(
        offsets=offsets,
        projects=entries.astype(np.int32),
        voter_ballot=voter_ballot.astype(np.int32),
        points=points_values,
        points_scale=points_scale,
    )
    voter_fields = columns.get(_VOTER_COLUMNS) or VoterColumns(
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


def _check_consistency(election: Election, warnings: list[str]) -> None:
    declared_projects = election.meta_int("num_projects")
    if declared_projects is not None and declared_projects != len(election.projects):
        warnings.append(
            f"META annonce {declared_projects} projets (num_projects), la section PROJECTS en "
            f"compte {len(election.projects)}"
        )
    declared_votes = election.meta_int("num_votes")
    if declared_votes is not None and declared_votes != election.num_voters:
        warnings.append(
            f"META annonce {declared_votes} votes (num_votes), la section VOTES en compte "
            f"{election.num_voters}"
        )
    if _repeats_voter_ids(election.voter_fields):
        warnings.append("certains identifiants de votants (voter_id) sont répétés")
    if any("votes" in project.fields for project in election.projects):
        counted = election.vote_counts()
        differing = [
            project.project_id
            for project, count in zip(election.projects, counted.tolist(), strict=True)
            if not is_missing(project.fields.get("votes"))
            and _as_int(project.fields["votes"]) != count
        ]
        if differing:
            shown = ", ".join(differing[:5]) + (" ..." if len(differing) > 5 else "")
            warnings.append(
                f"la colonne « votes » de PROJECTS ne correspond pas aux bulletins pour "
                f"{len(differing)} projet(s) : {shown}"
            )


def _repeats_voter_ids(voter_fields) -> bool:
    """Whether a voter id appears twice (a warning only), on the values as split: trimming
    and decoding 65,000 ids to check it is not worth it. Values from the text split start
    with a line break from the second one on."""
    if isinstance(voter_fields, VoterColumns) and "voter_id" in voter_fields.undecoded:
        undecoded = voter_fields.undecoded["voter_id"]()
        return len(set(undecoded)) != len(undecoded)
    if "voter_id" not in voter_fields:
        return False
    raw = voter_fields.raw("voter_id") if isinstance(voter_fields, VoterColumns) else None
    raw = raw if raw is not None else voter_fields["voter_id"]
    if not raw:
        return False
    later = set(raw[1:])
    return len(later) != len(raw) - 1 or raw[0] in later or ("\n" + raw[0]) in later


def _as_int(text: str) -> int | None:
    try:
        return int(parse_decimal(text))
    except ValueError:
        return None


def _shorten(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
