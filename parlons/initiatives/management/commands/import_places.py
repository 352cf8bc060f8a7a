from django.core.management.base import BaseCommand, CommandError

from parlons.core.csv_import import ImportRejected
from parlons.core.queries import current_territory
from parlons.initiatives import services


class Command(BaseCommand):
    help = (
        "Importe les lieux de médiation numérique d'un fichier CSV au standard national "
        "(schéma « lieux de médiation numérique »). Chaque cellule invalide est signalée "
        "(ligne, colonne, raison) ; s'il y en a une, rien n'est importé, sauf avec "
        "--valid-rows-only. Les lieux sont publiés aussitôt (--draft pour les relire d'abord) ; "
        "un lieu déjà importé (même « id ») est mis à jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FICHIER.csv", help="le fichier CSV du standard")
        parser.add_argument(
            "--valid-rows-only",
            action="store_true",
            help="importer les lignes valides et laisser de côté les autres",
        )
        parser.add_argument(
            "--draft", action="store_true", help="créer les nouveaux lieux en brouillon"
        )

    def handle(self, *args, file, valid_rows_only=False, draft=False, **options):
        territory = current_territory()
        if territory is None:
            raise CommandError("Aucun territoire : lancez d'abord « parlons setup ».")
        try:
            with open(file, "rb") as handle:
                report = services.import_places(
                    actor=None,
                    territory=territory,
                    content=handle.read(),
                    file_name=file.rsplit("/", 1)[-1],
                    valid_rows_only=valid_rows_only,
                    draft=draft,
                    by_command=True,
                )
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from None
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(f"ligne {error.line}, colonne {error.column} : {error.reason}")
            raise CommandError(
                f"{len(rejected.errors)} problème(s) dans le fichier : rien n'a été importé "
                "(--valid-rows-only importe les lignes valides)."
            ) from None
        for error in report.errors:
            self.stderr.write(
                f"ligne {error.line}, colonne {error.column} : {error.reason} (ligne laissée de côté)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} lieu(x) créé(s), {report.updated} mis à jour"
                + (
                    f", {len({e.line for e in report.errors})} ligne(s) laissée(s) de côté."
                    if report.errors
                    else "."
                )
            )
        )
