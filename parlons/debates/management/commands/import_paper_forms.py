from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from parlons.accounts.models import User
from parlons.debates import services
from parlons.processes.models import Process


class Command(BaseCommand):
    help = (
        "Importe les contributions de formulaires papier depuis un fichier CSV "
        "(colonnes : texte, consentement, et si besoin theme, commune, reunion, date, signature). "
        "Tout le fichier est vérifié d'abord : s'il y a un problème, rien n'est importé."
    )

    def add_arguments(self, parser):
        parser.add_argument("process", metavar="DEMARCHE", help="adresse courte de la démarche")
        parser.add_argument("file", metavar="FICHIER.csv", help="le fichier CSV à importer")
        parser.add_argument(
            "--as",
            dest="email",
            required=True,
            metavar="COURRIEL",
            help="adresse de la personne (médiation ou organisation) qui fait l'import",
        )
        parser.add_argument(
            "--quand-meme",
            dest="import_anyway",
            action="store_true",
            help="importer même si ce fichier a déjà été importé dans cette démarche",
        )

    def handle(self, *args, process, file, email, import_anyway=False, **options):
        found = Process.objects.filter(slug=process).select_related("territory").first()
        if found is None:
            raise CommandError(f"Aucune démarche à l'adresse « {process} ».")
        actor = User.objects.filter(email=email.strip().lower()).first()
        if actor is None:
            raise CommandError(f"Aucun compte avec l'adresse « {email} ».")
        try:
            with open(file, "rb") as handle:
                paper_import = services.import_paper_forms(
                    actor=actor,
                    process=found,
                    file=handle.read(),
                    file_name=file.rsplit("/", 1)[-1],
                    import_anyway=import_anyway,
                )
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except services.PaperImportAlreadyDone as done:
            raise CommandError(
                f"{done.messages[0]} (en ligne de commande : ajoutez --quand-meme)"
            ) from None
        except services.PaperImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(f"ligne {error.line}, colonne {error.column} : {error.reason}")
            raise CommandError(
                f"{len(rejected.errors)} problème(s) dans le fichier : rien n'a été importé."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{paper_import.row_count} contribution(s) importée(s) dans « {found.title} »."
            )
        )
