from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parlons.operations.crypto import CryptoError, read_key_file
from parlons.operations.services import (
    BackupError,
    check_fits_this_installation,
    restore_backup,
    staged_archive,
)


class Command(BaseCommand):
    help = (
        "Restaure une archive de `parlons backup` dans une installation vide (base neuve, "
        "sans `parlons migrate`, dossier des fichiers envoyés vide), puis efface à nouveau "
        "les personnes qui avaient supprimé leur compte depuis la sauvegarde (journal des "
        "effacements). Toute l'archive est vérifiée avant que rien ne soit écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE", help="le fichier de sauvegarde")
        parser.add_argument(
            "--key-file", metavar="CLE", help="la clé avec laquelle l'archive a été chiffrée"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="vérifier seulement l'archive (clé, sommes de contrôle, migrations) sans rien restaurer",
        )

    def handle(self, *args, archive, key_file=None, check=False, **options):
        path = Path(archive)
        try:
            key = read_key_file(Path(key_file)) if key_file else None
            if check:
                with staged_archive(path=path, key=key) as staged:
                    manifest = staged.manifest
                    check_fits_this_installation(manifest)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{path.name} est complète et restaurable ici : faite le "
                        f"{manifest['created_at']} par Parlons {manifest['parlons_version']}, "
                        f"{len(manifest['files'])} fichier(s) vérifié(s)."
                    )
                )
                return
            result = restore_backup(path=path, key=key)
        except (BackupError, CryptoError) as error:
            raise CommandError(str(error)) from None
        manifest, replay = result.manifest, result.replay
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifest['created_at']} (Parlons {manifest['parlons_version']}) "
                f"restaurée : base et {result.media_files} fichier(s) envoyé(s), "
                f"en {result.seconds:.1f} s."
            )
        )
        self.stdout.write(
            f"Effacements rejoués : {replay.erased_again} personne(s) effacée(s) à nouveau "
            f"({replay.known} effacement(s) connus du journal)."
        )
        if replay.foreign:
            self.stdout.write(
                f"{replay.foreign} ligne(s) du journal viennent d'une autre installation "
                "(autre secret) : elles ne concernent pas cette base."
            )
        if replay.unreadable_lines:
            lines = ", ".join(str(number) for number in replay.unreadable_lines[:20])
            raise CommandError(
                f"Le journal des effacements a des lignes illisibles ({lines}) : vérifiez-les, "
                "puis relancez `parlons restore` dans une installation vide, ou effacez ces "
                "personnes à la main. Le reste a été restauré."
            )
