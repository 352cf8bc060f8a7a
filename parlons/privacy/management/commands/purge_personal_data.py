import json

from django.core.management.base import BaseCommand

from parlons.privacy.purge_preview import by_category, dry_run
from parlons.privacy.services import purge_expired


class Command(BaseCommand):
    help = (
        "Efface ou anonymise ce qui a dépassé sa durée de conservation (voir la page "
        "Confidentialité) et affiche le compte rendu. À lancer chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="compte rendu au format JSON")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="dit ce que la purge effacerait maintenant, par catégorie, sans rien effacer",
        )

    def handle(self, *args, **options):
        if options.get("dry_run"):
            report = dry_run()
            if options.get("json"):
                self.stdout.write(json.dumps(report, ensure_ascii=False, sort_keys=True))
                return
            totals = by_category(report)
            if not totals:
                self.stdout.write("La prochaine purge n'aurait rien à effacer.")
            for category, count in totals:
                self.stdout.write(f"{category} : {count}")
            return
        report = purge_expired()
        if options.get("json"):
            self.stdout.write(json.dumps(report, ensure_ascii=False, sort_keys=True))
            return
        if not any(report.values()):
            self.stdout.write("Rien à effacer aujourd'hui.")
        for key, count in sorted(report.items()):
            self.stdout.write(f"{key} : {count}")
