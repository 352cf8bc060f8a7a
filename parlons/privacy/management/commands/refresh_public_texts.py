import json

from django.core.management.base import BaseCommand

from parlons.privacy.publication import refresh_public_texts


class Command(BaseCommand):
    help = (
        "Masque à nouveau tous les textes publiés avec la liste actuelle des personnes "
        "publiques du territoire. Se fait tout seul quand la liste change ; à lancer à la "
        "main après une mise à jour du masquage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="compte rendu au format JSON")

    def handle(self, *args, **options):
        report = refresh_public_texts()
        if options.get("json"):
            self.stdout.write(json.dumps(report, ensure_ascii=False, sort_keys=True))
            return
        for label, count in sorted(report.items()):
            self.stdout.write(f"{label} : {count} texte(s) masqué(s) à nouveau")
