"""`parlons search_index [--process SLUG]`: index every text again (contributions, answers)."""

from django.core.management.base import BaseCommand, CommandError

from parlons.processes.models import Process
from parlons.synthesis import search


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche de l'atelier de synthèse à partir des textes publiés."

    def add_arguments(self, parser):
        parser.add_argument(
            "--process",
            metavar="DEMARCHE",
            help="adresse courte d'une démarche (par défaut : toutes)",
        )

    def handle(self, *args, **options):
        slug = options.get("process")
        if slug:
            process = Process.objects.filter(slug=slug).first()
            if process is None:
                raise CommandError(f"Aucune démarche « {slug} ».")
            counts = {process.slug: search.rebuild(process)}
        else:
            counts = search.rebuild_all()
        search.settle()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} textes indexés")
