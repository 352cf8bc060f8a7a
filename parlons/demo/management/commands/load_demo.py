from django.core.management.base import BaseCommand

from parlons.demo.loader import load_demo


class Command(BaseCommand):
    # Plain strings: argparse formats the help itself and cannot take a lazy translation.
    help = (
        "Charge le territoire de démonstration (communes, lieux, comptes de chaque rôle, "
        "une démarche avec contributions et réunions). Ne fait rien s'il est déjà chargé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="recharger même si déjà présent")

    def handle(self, *args, force=False, **options):
        created = load_demo(force=force)
        if created:
            self.stdout.write(self.style.SUCCESS("Territoire de démonstration chargé."))
        else:
            self.stdout.write(
                "Le territoire de démonstration est déjà là : rien à faire (vos données sont gardées)."
            )
