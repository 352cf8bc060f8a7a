from django.core.management.base import BaseCommand, CommandError

from parlons.core.maps import OutlineRejected
from parlons.core.outline import import_outline
from parlons.core.queries import current_territory


class Command(BaseCommand):
    help = (
        "Importe le contour du territoire (fichier GeoJSON en longitude et latitude, WGS 84 : "
        "Polygon, MultiPolygon ou une collection de communes) et le garde en base pour dessiner "
        "les cartes sans serveur de tuiles. Remplace le contour précédent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FICHIER.geojson", help="le fichier GeoJSON")

    def handle(self, *args, file, **options):
        territory = current_territory()
        if territory is None:
            raise CommandError("Aucun territoire : lancez d'abord « parlons setup ».")
        try:
            with open(file, "rb") as handle:
                outline = import_outline(
                    territory=territory, content=handle.read(), file_name=file.rsplit("/", 1)[-1]
                )
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from None
        except OutlineRejected as rejected:
            raise CommandError(f"Contour refusé : {rejected.reason}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Contour de « {territory.name} » importé : {len(outline.polygons)} zone(s)."
            )
        )
