"""`parlons opinion_groups VOTES.csv`: opinion groups of a Pol.is votes export, Pol.is' way."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from parlons.synthesis.engine.opinion_groups import (
    ExportError,
    OpinionGroupParameters,
    OpinionGroupState,
    VoteError,
    as_french_text,
    find_opinion_groups,
    read_comments,
    read_votes,
)


class Command(BaseCommand):
    help = (
        "Trouve les groupes d'opinion (méthode de Pol.is) à partir d'un export de votes "
        "Pol.is (votes.csv : voter-id, comment-id, vote avec 1 = d'accord, -1 = pas "
        "d'accord, 0 = passe) : qui vote de façon semblable, ce qui distingue chaque groupe "
        "et ce que tous partagent. Les groupes aident à lire une consultation ; ils ne "
        "servent à décider de rien au sujet des personnes."
    )

    def add_arguments(self, parser):
        parser.add_argument("votes", metavar="VOTES.csv", help="l'export votes.csv de Pol.is")
        parser.add_argument(
            "--format",
            choices=("json", "text"),
            default="json",
            help="json : pour les programmes (par défaut) ; text : résumé lisible en français",
        )
        parser.add_argument(
            "--comments",
            metavar="COMMENTS.csv",
            help=(
                "l'export comments.csv de la même conversation : les commentaires retirés "
                "par la modération sont laissés hors des calculs, et le résumé cite les textes"
            ),
        )
        parser.add_argument(
            "--state",
            metavar="ETAT.json",
            help=(
                "fichier d'état : s'il existe, le calcul repart des groupes qu'il contient "
                "(comme Pol.is d'une mise à jour à la suivante, les groupes restent stables "
                "quand des votes arrivent) ; il est ensuite réécrit avec le nouvel état"
            ),
        )
        parser.add_argument(
            "--stability-runs",
            type=int,
            default=OpinionGroupParameters.stability_runs,
            metavar="N",
            help=(
                "nombre de reprises dans un autre ordre d'arrivée pour mesurer la solidité "
                "des groupes (par défaut 20 ; 0 pour ne pas la mesurer)"
            ),
        )

    def handle(self, *args, **options):
        if options["stability_runs"] < 0:
            self.stderr.write("Erreur : --stability-runs doit être un nombre positif ou nul")
            sys.exit(1)
        state_path = Path(options["state"]) if options["state"] else None
        try:
            records = _read(options["votes"], read_votes)
            comments = _read(options["comments"], read_comments) if options["comments"] else None
            previous = _read_state(state_path) if state_path and state_path.exists() else None
            result = find_opinion_groups(
                records,
                withdrawn_comments=comments.withdrawn if comments else (),
                previous=previous,
                parameters=OpinionGroupParameters(stability_runs=options["stability_runs"]),
            )
            if state_path:
                state_path.write_text(
                    json.dumps(result.state.as_dict(), ensure_ascii=False), encoding="utf-8"
                )
        except (ExportError, VoteError, OSError) as error:
            self.stderr.write(f"Erreur : {error}")
            sys.exit(1)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            texts = comments.texts if comments else {}
            self.stdout.write(as_french_text(result, texts), ending="")


def _read(path: str, reader):
    file = Path(path)
    try:
        with file.open(encoding="utf-8-sig", newline="") as stream:
            return reader(stream)
    except UnicodeDecodeError:
        raise ExportError("le fichier n'est pas en UTF-8", _first_line_not_utf8(file)) from None
    except FileNotFoundError:
        raise OSError(f"fichier introuvable : {path}") from None


def _read_state(path: Path) -> OpinionGroupState:
    try:
        return OpinionGroupState.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError, AttributeError) as error:
        raise OSError(
            f"fichier d'état illisible ({path}) : {error}. Supprimez-le pour repartir de zéro."
        ) from None


def _first_line_not_utf8(path: Path) -> int:
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1
