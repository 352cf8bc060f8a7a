"""Every project's result in plain French, from the facts the rules record.

The only place where counting results become words: the command line and the
budget pages both call `explain_result` (one sentence per project),
`describe_rule` and `describe_count` (what was counted, how).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from parlons.budgets.counting import outcome as why
from parlons.budgets.counting.count import CountResult
from parlons.budgets.counting.outcome import Decision
from parlons.budgets.counting.profile import POINTS

RULE_LABELS = {
    "greedy": "glouton : les projets les plus soutenus d'abord, tant que le budget restant suffit",
    "utilitarian": (
        "optimum utilitariste : la combinaison de projets qui réunit le plus de {unit} au "
        "total sans dépasser le budget"
    ),
    "mes-cost": (
        "parts égales (méthode des parts égales, satisfaction = coût des projets soutenus) : "
        "chaque votant reçoit la même part du budget et les soutiens d'un projet le paient "
        "ensemble"
    ),
    "mes-cardinality": (
        "parts égales (méthode des parts égales, satisfaction = nombre de projets soutenus) : "
        "chaque votant reçoit la même part du budget et les soutiens d'un projet le paient "
        "ensemble"
    ),
    "mes-points": (
        "parts égales (méthode des parts égales, satisfaction = points donnés) : chaque votant "
        "reçoit la même part du budget et les soutiens d'un projet le paient en proportion de "
        "leurs points"
    ),
}
RULE_LABELS["mes-cost-completed"] = RULE_LABELS["mes-cost"] + (
    ", puis complément : part de chacun augmentée par pas de 1 % tant que le résultat tient "
    "dans le budget, et ce qui reste attribué dans l'ordre des voix"
)
RULE_LABELS["mes-points-completed"] = RULE_LABELS["mes-points"] + (
    ", puis complément : part de chacun augmentée par pas de 1 % tant que le résultat tient "
    "dans le budget, et ce qui reste attribué dans l'ordre des points"
)


# --- numbers -----------------------------------------------------------------------------


# Numbers never wrap: a narrow no-break space between thousands (as the rest of Parlons,
# `parlons.budgets.formatting.euros`), a no-break space between a number and its unit.
THOUSANDS = "\u202f"
UNIT = "\u00a0"


def format_number(value: Fraction | int, decimals: int = 2) -> str:
    """French digits: `1 240`, `65,56`, `12,5` (a narrow no-break space between thousands,
    a comma for decimals)."""
    if isinstance(value, int) or value.denominator == 1:
        return f"{int(value):,}".replace(",", THOUSANDS)
    value = Fraction(value)
    magnitude = abs(value)
    rounded = (Decimal(magnitude.numerator) / Decimal(magnitude.denominator)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )
    whole_text, _, fraction_digits = format(rounded, "f").partition(".")
    fraction_digits = fraction_digits.rstrip("0")
    grouped = f"{int(whole_text):,}".replace(",", THOUSANDS)
    sign = "-" if value < 0 and (int(whole_text) or fraction_digits) else ""
    return f"{sign}{grouped}" + (f",{fraction_digits}" if fraction_digits else "")


# Currencies written as French readers write them; another pabulib currency keeps its code.
CURRENCY_SYMBOLS = {"EUR": "€"}


def format_amount(value: Fraction | int, currency: str) -> str:
    """ "40 000 €" (a file in euros), "40 000 PLN" (another currency, by its code)."""
    return f"{format_number(value)}{UNIT}{CURRENCY_SYMBOLS.get(currency.upper(), currency)}"


def plural(count: Fraction | int, singular: str, plural_form: str) -> str:
    """French agreement: 0 and 1 take the singular."""
    return singular if abs(Fraction(count)) < 2 else plural_form


def format_score(value: Fraction | int, measure: str) -> str:
    if measure == POINTS:
        return f"{format_number(value)}{UNIT}{plural(value, 'point', 'points')}"
    return f"{format_number(value)}{UNIT}voix"


def score_unit(measure: str) -> str:
    return "points" if measure == POINTS else "voix"


def ordinal(rank: int) -> str:
    return "1er" if rank == 1 else f"{rank}e"


# --- one project --------------------------------------------------------------------------


def explain_decision(
    decision: Decision, *, ids: list[str], measure: str, currency: str, satisfaction: str = ""
) -> str:
    """The sentence for one project."""
    facts = decision.facts
    money = lambda value: format_amount(value, currency)  # noqa: E731
    score = lambda value: format_score(value, measure)  # noqa: E731
    reason = decision.reason

    if reason == why.FUNDED:
        text = (
            f"sélectionné : {score(facts['score'])}, {money(facts['cost'])}, "
            f"il restait {money(facts['remaining_after'])} ({ordinal(facts['rank'])} au classement)"
        )
        if facts["score"] <= 0:
            text += " ; personne ne l'avait soutenu, mais il tenait dans le budget restant"
        return text + _greedy_tie(facts, ids)
    if reason == why.TOO_EXPENSIVE:
        return (
            f"non sélectionné : son coût de {money(facts['cost'])} dépassait les "
            f"{money(facts['remaining_before'])} qui restaient quand son tour est venu "
            f"({score(facts['score'])}, {ordinal(facts['rank'])} au classement)"
        ) + _greedy_tie(facts, ids)
    if reason == why.BELOW_THRESHOLD:
        return (
            f"non sélectionné : {score(facts['score'])}, sous le seuil de "
            f"{score(facts['threshold'])} exigé pour qu'un projet puisse être retenu"
        )
    if reason == why.IN_OPTIMUM:
        return (
            f"sélectionné : {score(facts['score'])}, {money(facts['cost'])} ; il fait partie de la "
            f"combinaison qui réunit le plus de {score_unit(measure)} sans dépasser le budget "
            f"({score(facts['best_total'])} au total pour {money(facts['best_cost'])})"
        )
    if reason == why.OUT_OF_OPTIMUM:
        if facts.get("total_with_exact"):
            comparison = (
                f"la meilleure combinaison qui le contient réunit {score(facts['total_with'])}"
            )
        else:
            comparison = (
                "aucune combinaison qui le contient et tient dans le budget ne dépasse "
                f"{score(facts['total_with'])}"
            )
        return (
            f"non sélectionné : {score(facts['score'])}, {money(facts['cost'])} ; {comparison}, "
            f"contre {score(facts['best_total'])} pour la combinaison retenue"
        )
    if reason == why.LOST_TIE:
        return (
            f"non sélectionné : {score(facts['score'])}, {money(facts['cost'])} ; une combinaison "
            f"qui le contient réunit aussi {score(facts['total_with'])}, à égalité avec celle "
            "retenue : l'égalité est départagée en faveur de la combinaison la moins chère, puis "
            "des projets dont l'identifiant vient en premier"
        )
    if reason == why.OVER_BUDGET:
        return (
            f"non sélectionné : son coût de {money(facts['cost'])} dépasse à lui seul le budget de "
            f"{money(facts['budget'])}"
        )
    if reason == why.NO_SUPPORT:
        return "non sélectionné : personne n'a voté pour lui"
    if reason == why.FREE_WITHOUT_SATISFACTION:
        return (
            "non sélectionné : il ne coûte rien, et avec cette règle la satisfaction d'un "
            "soutien se mesure au coût du projet, nulle ici"
        )
    if reason == why.FREE:
        return "sélectionné d'office : il ne coûte rien et a des soutiens"
    if reason == why.BOUGHT:
        return _bought(facts, ids, money, satisfaction)
    if reason == why.UNAFFORDABLE:
        return "non sélectionné : " + _unaffordable(facts, money)
    if reason == why.COMPLETION_FUNDED:
        if facts.get("cost") == 0:
            before = "il ne coûte rien"
        elif "supporters_remaining" in facts:
            before = (
                f"leur part ne suffisait pas à ses soutiens ({money(facts['supporters_remaining'])} "
                f"pour {money(facts['cost'])})"
            )
        else:
            before = "personne n'avait voté pour lui"
        return (
            f"sélectionné au complément : {before} ; attribué ensuite dans l'ordre des "
            f"{score_unit(_fill_measure(facts, measure))} : {_fill_score(facts, measure)}, "
            f"{money(facts['cost'])}, il restait {money(facts['fill_remaining_after'])}"
        )
    if reason == why.COMPLETION_TOO_EXPENSIVE:
        if "supporters_remaining" in facts:
            start = "non sélectionné : " + _unaffordable(facts, money)
        else:
            start = "non sélectionné : personne n'a voté pour lui"
        return (
            f"{start} ; au complément, son coût dépassait les "
            f"{money(facts['fill_remaining_before'])} qui restaient quand son tour est venu"
        )
    raise ValueError(f"unknown reason {reason!r}")


def _greedy_tie(facts: dict, ids: list[str]) -> str:
    tied = facts.get("tied_with")
    if not tied:
        return ""
    names = ", ".join(ids[index] for index in tied)
    return (
        f" ; à égalité avec {names} : l'égalité est départagée par l'ordre des identifiants "
        "de projet"
    )


def _bought(facts: dict, ids: list[str], money, satisfaction: str) -> str:
    supporters = facts["supporters"]
    who = (
        f"{format_number(supporters)}{UNIT}{plural(supporters, 'soutien', 'soutiens')}"
        f" {plural(supporters, 'a', 'ont')} payé"
    )
    share = "en proportion de leurs points, " if satisfaction == POINTS else ""
    text = (
        f"sélectionné au tour {facts['round']} : ses {who} ses {money(facts['cost'])} sur leur "
        f"part, {share}au plus {money(facts['largest_payment'])} chacun (part de départ : "
        f"{money(facts['share'])} par votant)"
    )
    if facts["paid_all_they_had"]:
        count = facts["paid_all_they_had"]
        text += (
            f" ; {format_number(count)}{UNIT}d'entre eux y {plural(count, 'a', 'ont')} mis tout ce "
            f"qui {plural(count, 'lui', 'leur')} restait"
        )
    if facts.get("tied_with"):
        names = ", ".join(ids[index] for index in facts["tied_with"])
        text += (
            f" ; à égalité avec {names} (même coût par unité de satisfaction) : l'égalité est "
            "départagée par l'ordre des identifiants de projet"
        )
    return text


def _unaffordable(facts: dict, money) -> str:
    supporters = facts["supporters"]
    text = (
        f"ses {format_number(supporters)}{UNIT}{plural(supporters, 'soutien', 'soutiens')} "
        f"n'{plural(supporters, 'avait', 'avaient')} plus que "
        f"{money(facts['supporters_remaining'])} sur {plural(supporters, 'sa', 'leur')} part, "
        f"moins que son coût de {money(facts['cost'])}"
    )
    if facts["supporters_initial"] < facts["cost"]:
        text += (
            f" ; même au départ, {plural(supporters, 'sa part', 'leurs parts')} ne "
            f"{plural(supporters, 'faisait', 'réunissaient')} que "
            f"{money(facts['supporters_initial'])}"
        )
    return text


def _fill_measure(facts: dict, measure: str) -> str:
    return facts.get("fill_measure", measure)


def _fill_score(facts: dict, measure: str) -> str:
    return format_score(facts["fill_score"], _fill_measure(facts, measure))


# --- a whole count ------------------------------------------------------------------------


def explain_result(result: CountResult) -> dict[str, str]:
    """Project id → sentence, for every project of the election, in file order."""
    currency = result.election.currency
    texts: dict[str, str] = {}
    for district in result.districts:
        profile = district.profile
        outcome = district.outcome
        measure = outcome.details.get("measure", profile.measure)
        satisfaction = outcome.details.get("satisfaction", "")
        fill_measure = outcome.details.get("fill_measure")
        for index, decision in enumerate(outcome.decisions):
            if fill_measure:
                decision.facts.setdefault("fill_measure", fill_measure)
            text = explain_decision(
                decision,
                ids=profile.project_ids,
                measure=measure,
                currency=currency,
                satisfaction=satisfaction,
            )
            if district.name is not None:
                text = f"quartier {district.name} : {text}"
            texts[profile.project_ids[index]] = text
    order = [project.project_id for project in result.election.projects]
    return {project_id: texts[project_id] for project_id in order if project_id in texts}


def describe_rule(result: CountResult) -> str:
    label = RULE_LABELS[result.rule].format(unit=score_unit(result.measure))
    if result.rule == "greedy":
        label = label.replace(
            "les plus soutenus", f"qui ont le plus de {score_unit(result.measure)}"
        )
        if result.min_score:
            label += f", à condition d'atteindre {format_score(result.min_score, result.measure)}"
    return label


def describe_count(result: CountResult) -> list[str]:
    """Sentences about the count as a whole: districts, points per rank, completion."""
    currency = result.election.currency
    lines: list[str] = []
    if result.by_district:
        lines.append(
            f"décompte par quartier, comme demandé : {len(result.districts)} quartiers, chacun "
            "dépouillé à part avec le budget indiqué pour lui, ses projets et les votants qui "
            "ont voté pour au moins un de ses projets"
        )
    else:
        named = {project.district for project in result.election.projects} - {None}
        sentence = (
            f"décompte d'un seul budget de {format_amount(result.budget, currency)} pour "
            "tous les projets, comme le fichier l'indique"
        )
        if named:
            sentence += (
                f" ; ses projets indiquent leur quartier ({len(named)} "
                f"{plural(len(named), 'quartier', 'quartiers')}) mais le fichier "
                "ne donne pas de budget par quartier : un décompte par quartier demande le "
                "budget de chacun"
            )
        lines.append(sentence)
    for note in result.notes:
        if note["kind"] == "points_per_rank":
            scale = "/".join(format_number(value) for value in note["ranks"])
            if note["differing"]:
                lines.append(
                    f"bulletins classés : {scale} points pour le 1er, 2e... choix ; avec ce barème, "
                    f"{note['differing']} projet(s) n'ont pas le score indiqué dans le fichier "
                    "(colonne « score ») : le barème de la ville est sans doute autre "
                    "(option --points-per-rank)"
                )
            else:
                lines.append(
                    f"bulletins classés : {scale} points pour le 1er, 2e... choix ; ce barème "
                    "redonne exactement les scores du fichier (colonne « score »)"
                )
    if not result.by_district:
        lines.extend(describe_district(result, result.districts[0]))
    return lines


def describe_district(result: CountResult, district) -> list[str]:
    """Sentences about one district's count (or the whole count): the completion's share."""
    currency = result.election.currency
    details = district.outcome.details
    if not (details.get("completed") and details.get("voters")):
        return []
    return [
        f"part par votant portée de {format_amount(details['initial_share'], currency)} à "
        f"{format_amount(details['share'], currency)} (+{details['steps']} %) avant le complément"
    ]
