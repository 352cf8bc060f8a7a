from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parlons.operations.crypto import CryptoError, read_key_file
from parlons.operations.services import (
    BackupError,
    check_fits_this_installation,
    restore_backup,
    staged_archive,
)
from parlons.privacy.services import ReplayReport, replay_erasures


class Command(BaseCommand):
    help = (
        "Restaure une archive de `parlons backup` dans une installation vide (base neuve, "
        "sans `parlons migrate`, dossier des fichiers envoyés vide), puis efface à nouveau "
        "les personnes qui avaient supprimé leur compte depuis la sauvegarde (journal des "
        "effacements). Toute l'archive est vérifiée avant que rien ne soit écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", nargs="?", metavar="ARCHIVE", help="le fichier de sauvegarde"
        )
        parser.add_argument(
            "--key-file", metavar="CLE", help="la clé avec laquelle l'archive a été chiffrée"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="vérifier seulement l'archive (clé, sommes de contrôle, migrations) sans rien restaurer",
        )
        parser.add_argument(
            "--replay-erasures",
            action="store_true",
            help="sans archive : rejouer seulement le journal des effacements sur la base actuelle",
        )

    def handle(self, *args, archive=None, key_file=None, check=False, **options):
        if options.get("replay_erasures"):
            if archive or check or key_file:
                raise CommandError("--replay-erasures se lance seul, sans archive.")
            self._report(replay_erasures())
            return
        if not archive:
            raise CommandError("Donnez le fichier de sauvegarde à restaurer (ARCHIVE).")
        path = Path(archive)
        try:
            key = read_key_file(Path(key_file)) if key_file else None
            if check:
                with staged_archive(path=path, key=key) as staged:
                    manifest = staged.manifest
                    check_fits_this_installation(manifest)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{path.name} est complète et restaurable ici : faite le "
                        f"{manifest['created_at']} par Parlons {manifest['parlons_version']}, "
                        f"{len(manifest['files'])} fichier(s) vérifié(s)."
                    )
                )
                return
            result = restore_backup(path=path, key=key)
        except (BackupError, CryptoError) as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifest['created_at']} (Parlons {manifest['parlons_version']}) "
                f"restaurée : base et {result.media_files} fichier(s) envoyé(s), "
                f"en {result.seconds:.1f} s."
            )
        )
        self._report(result.replay)

    def _report(self, replay: ReplayReport) -> None:
        self.stdout.write(
            f"Effacements rejoués : {replay.erased_again} personne(s) effacée(s) à nouveau "
            f"({replay.known} effacement(s) connu(s) du journal)."
        )
        if replay.foreign:
            self.stdout.write(
                f"{replay.foreign} ligne(s) du journal viennent d'une autre installation "
                "(autre secret) : elles ne concernent pas cette base."
            )
        if replay.unreadable_lines:
            lines = ", ".join(str(number) for number in replay.unreadable_lines[:20])
            raise CommandError(
                f"Le journal des effacements ({settings.ERASURE_LOG}) a des lignes illisibles "
                f"({lines}) : elles n'ont pas été rejouées. Réparez-les (une ligne JSON par "
                "effacement), puis rejouez le journal : `parlons restore --replay-erasures`."
            )
