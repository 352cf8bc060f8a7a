"""`parlons opinion_groups VOTES.csv`: opinion groups of a Pol.is votes export, Pol.is' way."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from parlons.synthesis.engine.opinion_groups import (
    ExportError,
    VoteError,
    as_french_text,
    find_opinion_groups,
    read_comments,
    read_votes,
)


class Command(BaseCommand):
    help = (
        "Trouve les groupes d'opinion (méthode de Pol.is) à partir d'un export de votes "
        "Pol.is (votes.csv : voter-id, comment-id, vote avec 1 = d'accord, -1 = pas "
        "d'accord, 0 = passe) : qui vote de façon semblable, ce qui distingue chaque groupe "
        "et ce que tous partagent. Les groupes aident à lire une consultation ; ils ne "
        "servent à décider de rien au sujet des personnes."
    )

    def add_arguments(self, parser):
        parser.add_argument("votes", metavar="VOTES.csv", help="l'export votes.csv de Pol.is")
        parser.add_argument(
            "--format",
            choices=("json", "text"),
            default="json",
            help="json : pour les programmes (par défaut) ; text : résumé lisible en français",
        )
        parser.add_argument(
            "--comments",
            metavar="COMMENTS.csv",
            help=(
                "l'export comments.csv de la même conversation : les commentaires retirés "
                "par la modération sont laissés hors des calculs, et le résumé cite les textes"
            ),
        )

    def handle(self, *args, **options):
        try:
            records = _read(options["votes"], read_votes)
            comments = _read(options["comments"], read_comments) if options["comments"] else None
            result = find_opinion_groups(
                records, withdrawn_comments=comments.withdrawn if comments else ()
            )
        except (ExportError, VoteError, OSError) as error:
            self.stderr.write(f"Erreur : {error}")
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
        raise OSError(f"fichier introuvable : {path}") from None


def _first_line_not_utf8(path: Path) -> int:
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1
