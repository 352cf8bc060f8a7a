"""`parlons count_budget FILE.pb --rule ...`: recount a participatory budget and explain it."""

import json
import sys
from fractions import Fraction

from django.core.management.base import BaseCommand

from parlons.budgets.counting import (
    RULES,
    PabulibError,
    count_election,
    explain_result,
    read_pabulib,
    result_as_json,
    result_as_text,
)
from parlons.budgets.counting.numbers import parse_decimal


class Command(BaseCommand):
    help = (
        "Dépouille un budget participatif publié au format pabulib (.pb) avec la règle "
        "choisie, et explique pour chaque projet pourquoi il est ou n'est pas sélectionné."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FICHIER.pb", help="le fichier pabulib à dépouiller")
        parser.add_argument(
            "--rule",
            choices=RULES,
            default="greedy",
            help=(
                "greedy : les plus soutenus d'abord (par défaut) ; utilitarian : la "
                "combinaison qui réunit le plus de voix ; mes-cost, mes-cardinality, "
                "mes-points : méthode des parts égales ; mes-cost-completed, "
                "mes-points-completed : parts égales puis complément"
            ),
        )
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="text : tableau lisible (par défaut) ; json : pour les programmes",
        )
        parser.add_argument(
            "--min-score",
            metavar="SEUIL",
            help=(
                "règle greedy : nombre de voix (ou de points) qu'un projet doit atteindre ; "
                "par défaut celui du fichier (min_project_score_threshold), 0 pour aucun"
            ),
        )
        parser.add_argument(
            "--points-per-rank",
            metavar="3,2,1",
            help="bulletins classés : points du 1er, 2e... choix (par défaut k, k-1, ..., 1)",
        )
        parser.add_argument(
            "--district-budget",
            action="append",
            default=[],
            metavar="QUARTIER=MONTANT",
            help=(
                "dépouiller quartier par quartier, avec le budget de chaque quartier (à répéter "
                "pour chacun) ; sans cette option, le fichier est dépouillé comme il l'indique : "
                "un seul budget"
            ),
        )

    def handle(self, *args, **options):
        try:
            election = read_pabulib(options["file"])
            result = count_election(
                election,
                options["rule"],
                min_score=_number(options["min_score"], "--min-score"),
                points_per_rank=_points(options["points_per_rank"]),
                district_budgets=_district_budgets(options["district_budget"]),
            )
        except (PabulibError, ValueError) as error:
            self.stderr.write(f"Erreur : {error}")
            sys.exit(1)
        explanations = explain_result(result)
        if options["format"] == "json":
            for warning in election.warnings:
                self.stderr.write(f"Attention, fichier : {warning}")
            payload = result_as_json(result, explanations)
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                result_as_text(result, explanations, source=options["file"]), ending=""
            )


def _number(text: str | None, option: str) -> Fraction | None:
    if text is None:
        return None
    try:
        return parse_decimal(text)
    except ValueError:
        raise ValueError(f"{option} attend un nombre, pas « {text} »") from None


def _points(text: str | None) -> list[Fraction] | None:
    if text is None:
        return None
    try:
        values = [parse_decimal(part) for part in text.split(",")]
    except ValueError:
        raise ValueError(
            f"--points-per-rank attend des nombres séparés par des virgules, pas « {text} »"
        ) from None
    return values


def _district_budgets(items: list[str]) -> dict[str, Fraction] | None:
    budgets = {}
    for item in items:
        name, separator, amount = item.rpartition("=")
        if not separator or not name.strip():
            raise ValueError(f"--district-budget attend QUARTIER=MONTANT, pas « {item} »")
        budgets[name.strip()] = _number(amount, "--district-budget")
    return budgets or None
