"""Reading Pol.is open-data exports: votes.csv and comments.csv.

votes.csv: `timestamp, datetime, comment-id, voter-id, vote`, with agree = 1,
disagree = -1, pass = 0 (Pol.is flips its internal signs on export). Rows come
sorted by comment, not by time: we put them back in casting order, since the
last vote on a comment counts and arrival order seeds the clustering.

comments.csv: `moderated` is -1 for a comment moderated out, and newer exports
carry `is-meta`; Pol.is leaves both out of the groups' statistics.
"""

import csv
import re
from dataclasses import dataclass
from typing import TextIO

from .votes import VALID_VOTES, VoteError

VOTE_COLUMNS = ("voter-id", "comment-id", "vote")
# ASCII digits only ("١٢" is not a number here), and short enough to stay a number.
_INTEGER = re.compile(r"-?[0-9]{1,18}")
# Seconds since 1970 as Pol.is writes them (milliseconds in newer exports): a plain
# decimal, never nan, inf, an exponent or hexadecimal.
_TIMESTAMP = re.compile(r"-?[0-9]{1,18}(?:\.[0-9]{1,9})?")
# C0 controls but tab and line ends, DEL and C1 controls (as parlons.core.validators, which
# an engine does not import).
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ExportError(VoteError):
    """Bad input, with the line of the file it was found on (1 = header) and its column."""

    def __init__(self, message: str, line: int, column: str | None = None) -> None:
        where = f"ligne {line}, colonne « {column} »" if column else f"ligne {line}"
        super().__init__(f"{where} : {message}")
        self.line = line
        self.column = column


def _rows(reader, header: dict[str, int]):
    """(line, row) of each non-blank row; malformed CSV and control characters refused."""
    names = {position: name for name, position in header.items()}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            for position, cell in enumerate(row):
                found = _CONTROL_CHARACTERS.search(cell)
                if found:
                    raise ExportError(
                        f"caractère de contrôle invisible (U+{ord(found.group()):04X}) : "
                        "retirez-le du fichier",
                        line,
                        names.get(position, str(position + 1)),
                    )
            yield line, row
    except csv.Error as error:
        raise ExportError(f"CSV illisible ({error})", max(reader.line_num, 2)) from None


def read_votes(stream: TextIO) -> list[tuple]:
    """(voter, comment, vote) records from a Pol.is votes.csv, in casting order."""
    reader = csv.reader(stream)
    header = _header(reader, VOTE_COLUMNS)
    voter_at, comment_at, vote_at = (header[name] for name in VOTE_COLUMNS)
    time_at = header.get("timestamp")
    timed = []
    for line, row in _rows(reader, header):
        if len(row) < len(header):
            raise ExportError(f"{len(row)} colonnes au lieu de {len(header)}", line)
        voter, comment = (
            _identifier(row[voter_at], "voter-id", line),
            _identifier(row[comment_at], "comment-id", line),
        )
        vote = row[vote_at].strip()
        if not _INTEGER.fullmatch(vote) or int(vote) not in VALID_VOTES:
            raise ExportError(
                f"vote {vote!r} invalide : attendu 1 (d'accord), -1 (pas d'accord) ou 0 (passe)",
                line,
                "vote",
            )
        when = 0.0
        if time_at is not None:
            if not _TIMESTAMP.fullmatch(row[time_at].strip()):
                raise ExportError(f"horodatage {row[time_at]!r} illisible", line, "timestamp")
            when = float(row[time_at])
        timed.append((when, voter, comment, int(vote)))
    # A stable sort: votes cast at the same instant keep the file's order.
    timed.sort(key=lambda item: item[0])
    return [(voter, comment, vote) for _, voter, comment, vote in timed]


@dataclass(frozen=True)
class PolisComments:
    withdrawn: list  # moderated out (moderated = -1) or meta comments
    texts: dict  # comment id -> text, when the export has a comment-body column


def read_comments(stream: TextIO) -> PolisComments:
    """What a Pol.is comments.csv says about each comment: withdrawn or not, and its text."""
    reader = csv.reader(stream)
    header = _header(reader, ("comment-id", "moderated"))
    meta_at, body_at = header.get("is-meta"), header.get("comment-body")
    withdrawn, texts = [], {}
    for line, row in _rows(reader, header):
        if len(row) < len(header):
            raise ExportError(f"{len(row)} colonnes au lieu de {len(header)}", line)
        comment = _identifier(row[header["comment-id"]], "comment-id", line)
        moderated = row[header["moderated"]].strip()
        is_meta = meta_at is not None and row[meta_at].strip().lower() == "true"
        if moderated == "-1" or is_meta:
            withdrawn.append(comment)
        if body_at is not None:
            texts[comment] = row[body_at].strip()
    return PolisComments(withdrawn=withdrawn, texts=texts)


def _header(reader, required: tuple[str, ...]) -> dict[str, int]:
    try:
        names = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ExportError("fichier vide, en-tête attendu", 1) from None
    except csv.Error as error:
        raise ExportError(f"en-tête illisible ({error})", 1) from None
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ExportError(f"colonne(s) en double dans l'en-tête : {', '.join(repeated)}", 1)
    positions = {name: i for i, name in enumerate(names)}
    missing = [name for name in required if name not in positions]
    if missing:
        raise ExportError(
            f"colonne(s) manquante(s) : {', '.join(missing)} (en-tête lu : {', '.join(names)})", 1
        )
    return positions


def _identifier(cell: str, column: str, line: int):
    value = cell.strip()
    if not value:
        raise ExportError(f"{column} vide", line, column)
    return int(value) if _INTEGER.fullmatch(value) else value
