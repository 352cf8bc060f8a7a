"""A count as JSON (the shape the command line promises) or as a readable French table."""

from __future__ import annotations

from parlons.budgets.counting.count import CountResult
from parlons.budgets.counting.explanations import (
    describe_count,
    describe_district,
    describe_rule,
    explain_result,
    format_amount,
    format_number,
    plural,
    score_unit,
)
from parlons.budgets.counting.numbers import as_plain_number

VOTE_TYPE_LABELS = {
    "approval": "bulletins d'approbation (on coche les projets soutenus)",
    "choose-1": "bulletins à un seul choix",
    "ordinal": "bulletins classés (du projet préféré au moins préféré)",
    "cumulative": "bulletins à points cumulables",
    "scoring": "bulletins à notes",
}


def result_as_json(result: CountResult, explanations: dict[str, str] | None = None) -> dict:
    """`{"rule", "selected", "total_cost", "budget", "explanations"}`; `selected` lists
    project ids as written in the file, in the order the rule chose them."""
    return {
        "rule": result.rule,
        "selected": result.selected_ids,
        "total_cost": as_plain_number(result.total_cost),
        "budget": as_plain_number(result.budget),
        "explanations": explanations if explanations is not None else explain_result(result),
    }


def result_as_text(
    result: CountResult, explanations: dict[str, str] | None = None, *, source: str = ""
) -> str:
    explanations = explanations if explanations is not None else explain_result(result)
    election = result.election
    currency = election.currency
    title = " ".join(
        part
        for part in (
            election.meta.get("unit", ""),
            election.meta.get("subunit", ""),
            election.meta.get("instance", ""),
        )
        if part and part.lower() != "none"
    )
    selected_count = len(result.selected_ids)
    lines = [
        "Dépouillement du budget participatif"
        + (f" : {title}" if title else "")
        + (f" ({source})" if source else ""),
        f"Règle « {result.rule} » : {describe_rule(result)}.",
        f"{format_number(election.num_voters)} votants, {len(election.projects)} projets, "
        f"{VOTE_TYPE_LABELS.get(election.vote_type, election.vote_type)}.",
        f"Budget : {format_amount(result.budget, currency)} ; dépensé : "
        f"{format_amount(result.total_cost, currency)} ; {selected_count} "
        f"{plural(selected_count, 'projet sélectionné', 'projets sélectionnés')}.",
    ]
    lines += [f"À savoir : {sentence}." for sentence in describe_count(result)]
    lines += [f"Attention, fichier : {warning}." for warning in election.warnings]
    for district in result.districts:
        profile = district.profile
        outcome = district.outcome
        lines.append("")
        chosen = len(outcome.selected)
        if district.name is not None:
            lines.append(
                f"Quartier {district.name} : budget {format_amount(district.budget, currency)}, "
                f"{format_number(profile.num_voters)} votants, {chosen} "
                f"{plural(chosen, 'projet sélectionné', 'projets sélectionnés')} sur "
                f"{profile.num_projects} pour {format_amount(district.total_cost, currency)}."
            )
            lines += [f"À savoir : {sentence}." for sentence in describe_district(result, district)]
        lines.extend(_table(result, district, explanations))
    return "\n".join(lines) + "\n"


def _table(result: CountResult, district, explanations: dict[str, str]) -> list[str]:
    profile = district.profile
    outcome = district.outcome
    election = result.election
    currency = election.currency
    measure = outcome.details.get("measure", profile.measure)
    scores = profile.scores()
    selected = outcome.selected
    others = sorted(
        (index for index in range(profile.num_projects) if index not in set(selected)),
        key=lambda index: (-scores[index], profile.project_ids[index]),
    )
    rows = []
    for index in [*selected, *others]:
        project = election.projects[profile.source_index[index]]
        rows.append(
            (
                "sélectionné" if index in selected else "non retenu",
                project.project_id,
                format_amount(profile.costs[index], currency),
                format_number(scores[index]),
                _shorten(project.name),
                explanations.get(project.project_id, ""),
            )
        )
    header = ("Résultat", "Projet", "Coût", score_unit(measure).capitalize(), "Nom")
    widths = [max([len(header[i]), *(len(row[i]) for row in rows)]) for i in range(4)]
    out = ["  " + _line(header, widths)]
    for row in rows:
        out.append("  " + _line(row[:5], widths))
        out.append("      → " + row[5].removeprefix(f"quartier {district.name} : "))
    return out


def _line(cells: tuple, widths: list[int]) -> str:
    result, project, cost, score, name = cells
    return "  ".join(
        [
            result.ljust(widths[0]),
            project.ljust(widths[1]),
            cost.rjust(widths[2]),
            score.rjust(widths[3]),
            name,
        ]
    ).rstrip()


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
