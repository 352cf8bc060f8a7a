"""Walking a pabulib file: lines, section titles, semicolon-separated rows."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from parlons.budgets.counting.errors import PabulibError

SECTIONS = ("meta", "projects", "votes")


class LineCursor:
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


def section_title(line: str) -> str | None:
    first = line.split(";", 1)[0].strip().strip('"').strip().lower()
    return first if first in SECTIONS else None


def expect_section(lines: LineCursor, name: str) -> int:
    item = lines.next_non_blank()
    if item is None:
        raise PabulibError(
            f"le fichier s'arrête avant la section {name.upper()} : "
            "un fichier pabulib a trois sections, META, PROJECTS puis VOTES",
            line=lines.number + 1,
        )
    number, line = item
    title = section_title(line)
    if title != name:
        found = f"la section {title.upper()}" if title else f"« {shorten(line)} »"
        raise PabulibError(
            f"attendu le titre de section « {name.upper()} », trouvé {found} "
            "(les sections se suivent dans l'ordre META, PROJECTS, VOTES)",
            line=number,
        )
    return number


def csv_row(line: str, number: int) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=";", strict=True, skipinitialspace=True))
    except (csv.Error, StopIteration) as error:
        raise PabulibError(
            f"ligne illisible ({error}) : guillemet mal fermé ?", line=number
        ) from None


def section_rows(lines: LineCursor) -> Iterator[tuple[int, list[str]]]:
    """Rows of a small section (META or PROJECTS) up to the next section title."""
    while (item := lines.next()) is not None:
        number, line = item
        if not line.strip():
            continue
        if section_title(line) is not None:
            lines.rewind(number)
            return
        while has_open_quote(line) and (more := lines.next()) is not None:
            # A quoted field may span several lines (a long project description).
            line += "\n" + more[1]
        yield number, [field.strip() for field in csv_row(line, number)]


def has_open_quote(line: str) -> bool:
    return line.count('"') % 2 == 1


def check_header(header: list[str], line: int, *, required: tuple[str, ...], section: str) -> None:
    for position, name in enumerate(header):
        if not name:
            raise PabulibError(
                f"nom de colonne vide dans l'en-tête de la section {section}",
                line=line,
                column=position + 1,
            )
        if name in header[:position]:
            raise PabulibError(
                f"la colonne « {name} » apparaît deux fois dans l'en-tête de {section}",
                line=line,
                column=position + 1,
                column_name=name,
            )
    for name in required:
        if name not in header:
            raise PabulibError(
                f"l'en-tête de la section {section} doit avoir une colonne « {name} » "
                f"(trouvé : {';'.join(header)})",
                line=line,
            )


def shorten(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
