"""Reading pabulib `.pb` files (META, PROJECTS and VOTES sections, `;`-separated).

Any valid file is read, with its optional columns; a malformed one raises a
`PabulibError` naming the line, the column and what was expected. META and PROJECTS
are small and read row by row; VOTES, nearly all of a city-sized file, is read by
`votes`.
"""

from __future__ import annotations

import re
from pathlib import Path

from parlons.budgets.counting.election import (
    VOTE_TYPES,
    Election,
    Project,
    VoterColumns,
    is_missing,
)
from parlons.budgets.counting.errors import PabulibError
from parlons.budgets.counting.numbers import parse_decimal
from parlons.budgets.counting.pabulib.lines import (
    LineCursor,
    check_header,
    csv_row,
    expect_section,
    section_rows,
    section_title,
    shorten,
)
from parlons.budgets.counting.pabulib.votes import build_ballots, read_votes


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
    _refuse_control_characters(text)
    lines = LineCursor(text)
    warnings: list[str] = []

    meta, meta_lines = _read_meta(lines, warnings)
    vote_type = _check_meta(meta, meta_lines)
    projects, project_columns = _read_projects(lines)
    vote_columns, columns, line_numbers = read_votes(lines, raw)
    ballots, voter_fields = build_ballots(vote_type, projects, vote_columns, columns, line_numbers)
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
            "le fichier n'est pas encodé en UTF-8 (octet invalide) : "
            "enregistrez-le en UTF-8 avant de le dépouiller",
            line=line,
        ) from None


# C0 controls but tab and line ends, DEL and C1 controls (as parlons.core.validators, which
# an engine does not import): nothing a file should hold, and the reader itself uses
# U+001F and U+0000 as internal markers.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _refuse_control_characters(text: str) -> None:
    found = _CONTROL_CHARACTERS.search(text)
    if found is None:
        return
    line_start = text.rfind("\n", 0, found.start()) + 1
    raise PabulibError(
        f"caractère de contrôle invisible (U+{ord(found.group()):04X}) : retirez-le du fichier",
        line=text.count("\n", 0, found.start()) + 1,
        column=text.count(";", line_start, found.start()) + 1,
    )


def _read_meta(lines: LineCursor, warnings: list[str]) -> tuple[dict[str, str], dict[str, int]]:
    title_line = expect_section(lines, "meta")
    header = lines.next_non_blank()
    if header is None or [f.strip().lower() for f in csv_row(header[1], header[0])] != [
        "key",
        "value",
    ]:
        number = header[0] if header else title_line + 1
        found = shorten(header[1]) if header else "la fin du fichier"
        raise PabulibError(
            f"attendu l'en-tête « key;value » de la section META, trouvé « {found} »",
            line=number,
        )
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {"": title_line}
    for number, row in section_rows(lines):
        if len(row) != 2:
            raise PabulibError(
                f"attendu 2 champs « clé;valeur », trouvé {len(row)} "
                "(un texte qui contient « ; » doit être entre guillemets)",
                line=number,
                column=min(len(row), 2) + (1 if len(row) > 2 else 0),
            )
        key, value = row
        if not key:
            raise PabulibError("clé vide dans la section META", line=number, column=1)
        if key in meta:
            warnings.append(
                f"ligne {number} : la clé META « {key} » est répétée ; la dernière valeur compte"
            )
        meta[key] = value
        meta_lines[key] = number
    return meta, meta_lines


def _check_meta(meta: dict[str, str], meta_lines: dict[str, int]) -> str:
    title_line = meta_lines[""]
    for key in ("vote_type", "budget"):
        if key not in meta or is_missing(meta[key]):
            raise PabulibError(
                f"la section META doit donner « {key} » "
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
            f"type de vote « {meta['vote_type']} » inconnu : attendu approval, choose-1, "
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
                    f"« {key} » doit être un nombre, trouvé « {meta[key]} »",
                    line=meta_lines[key],
                    column=2,
                    column_name="value",
                ) from None
            if value < 0:
                raise PabulibError(
                    f"« {key} » ne peut pas être négatif ({meta[key]})",
                    line=meta_lines[key],
                    column=2,
                    column_name="value",
                )
    return vote_type


def _read_projects(lines: LineCursor) -> tuple[list[Project], list[str]]:
    title_line = expect_section(lines, "projects")
    header_item = lines.next_non_blank()
    if header_item is None or section_title(header_item[1]) is not None:
        raise PabulibError(
            "attendu l'en-tête des colonnes de la section PROJECTS (project_id;cost;...)",
            line=header_item[0] if header_item else title_line + 1,
        )
    header_line, header_text = header_item
    header = [field.strip() for field in csv_row(header_text, header_line)]
    check_header(header, header_line, required=("project_id", "cost"), section="PROJECTS")
    cost_column = header.index("cost")
    id_column = header.index("project_id")
    projects: list[Project] = []
    seen: dict[str, int] = {}
    for number, row in section_rows(lines):
        if len(row) != len(header):
            raise PabulibError(
                f"attendu {len(header)} champs comme l'en-tête ({';'.join(header)}), "
                f"trouvé {len(row)} (un texte qui contient « ; » doit être entre guillemets)",
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
                f"le projet « {project_id} » est déjà défini ligne {seen[project_id]}",
                line=number,
                column=id_column + 1,
                column_name="project_id",
            )
        seen[project_id] = number
        try:
            cost = parse_decimal(row[cost_column])
        except ValueError:
            raise PabulibError(
                f"attendu un nombre (le coût du projet), trouvé « {row[cost_column]} »",
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
                f"la colonne « votes » de PROJECTS ne correspond pas aux bulletins pour "
                f"{len(differing)} projet(s) : {shown}"
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
