"""What every import of a CSV file typed by staff shares: the report of its problems.

A file comes from a spreadsheet: UTF-8 with or without a byte order mark,
`;` (French spreadsheets) or `,` between columns. Every problem is reported
with its line, its column and a reason in French, so the person can fix the
file and try again; a file with any bad row imports nothing. Used by the
debate's paper forms and the questionnaires' paper answers.
"""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


class ImportRejected(Exception):
    """The file has problems; nothing was imported. `errors` lists each one."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda error: (error.line, error.column))
        super().__init__(f"{len(self.errors)} problem(s) in the imported file")


def normalise(value: str) -> str:
    """Lower case, no accents, single spaces: 'Mobilité ' and 'mobilite' are the same."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().replace("’", "'").split())


def decode(content: bytes) -> str:
    """The file's text, or ImportRejected saying on which line it stops being UTF-8."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportRejected(
            [
                RowError(
                    line,
                    "—",
                    _(
                        "le fichier n'est pas en UTF-8. Dans votre tableur, enregistrez-le "
                        "au format « CSV UTF-8 » puis importez-le à nouveau."
                    ),
                )
            ]
        ) from None


def delimiter(text: str) -> str:
    """`;` when the header uses it at least as often as `,`."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") and ";" in header else ","
