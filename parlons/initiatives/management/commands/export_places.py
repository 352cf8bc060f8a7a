from django.core.management.base import BaseCommand, CommandError

from parlons.core.queries import current_territory
from parlons.initiatives.places import places_csv
from parlons.initiatives.queries import published_places


class Command(BaseCommand):
    help = (
        "Écrit sur la sortie standard les lieux de médiation numérique publiés, en CSV au "
        "standard national (parlons export_places > lieux.csv)."
    )

    def handle(self, *args, **options):
        territory = current_territory()
        if territory is None:
            raise CommandError("Aucun territoire : lancez d'abord « parlons setup ».")
        for chunk in places_csv(published_places(territory).iterator(chunk_size=500)):
            self.stdout.write(chunk, ending="")
