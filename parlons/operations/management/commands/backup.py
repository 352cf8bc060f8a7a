from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parlons.operations.crypto import CryptoError, new_key_file, read_key_file
from parlons.operations.databases import ENGINE_NAMES
from parlons.operations.services import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde toute l'installation dans une archive : une copie cohérente de la base, "
        "les fichiers envoyés et un manifeste (version, migrations, sommes de contrôle). "
        "Sans --output, l'archive va dans PARLONS_BACKUP_DIR et les archives de plus de "
        "PARLONS_BACKUP_RETENTION_DAYS jours y sont supprimées. Le site peut rester ouvert."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="FICHIER",
            help="écrire l'archive dans ce fichier (aucune ancienne archive n'est alors supprimée)",
        )
        parser.add_argument(
            "--key-file",
            metavar="CLE",
            help="chiffrer l'archive avec cette clé (AES-256-GCM) ; sans elle, rien ne se restaure",
        )
        parser.add_argument(
            "--new-key",
            metavar="CLE",
            help="créer une nouvelle clé dans ce fichier (lisible par ce seul compte), sans sauvegarder",
        )

    def handle(self, *args, output=None, key_file=None, new_key=None, **options):
        if new_key:
            if output or key_file:
                raise CommandError("--new-key crée une clé et rien d'autre : lancez-la seule.")
            try:
                new_key_file(Path(new_key))
            except CryptoError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                self.style.SUCCESS(
                    f"Nouvelle clé écrite dans {new_key}. Gardez-en une copie hors de cette "
                    "machine : sans elle, les sauvegardes chiffrées ne se restaurent pas."
                )
            )
            return
        try:
            key = read_key_file(Path(key_file)) if key_file else None
            result = create_backup(output=Path(output) if output else None, key=key)
        except (BackupError, CryptoError) as error:
            raise CommandError(str(error)) from None
        for app, names in sorted(result.pending_migrations.items()):
            self.stderr.write(
                f"Attention : migration {app} {', '.join(names)} pas encore appliquée "
                "(lancez `parlons migrate`) ; l'archive garde l'état actuel de la base."
            )
        size = result.size / (1024 * 1024)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {result.path} ({size:.1f} Mo, "
                f"{'chiffrée' if result.encrypted else 'non chiffrée'}, base "
                f"{ENGINE_NAMES[result.engine]}, {result.media_files} fichier(s) envoyé(s), "
                f"{result.seconds:.1f} s)."
            )
        )
        for path in result.pruned:
            self.stdout.write(
                f"Supprimée (plus de {settings.BACKUP_RETENTION_DAYS} jours) : {path.name}"
            )
