"""Keep the territory's outline (GeoJSON) in the database, for every map (parlons.core.maps)."""

import json

from django.db import transaction
from django.utils.translation import gettext as _

from parlons.core import audit
from parlons.core.maps import OutlineRejected, bounding_box, read_geojson
from parlons.core.models import Territory, TerritoryOutline

# A whole département's communes in full detail is a few megabytes; beyond, simplify it first.
MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def import_outline(
    *, territory: Territory, content: bytes, file_name: str = ""
) -> TerritoryOutline:
    """Replace the territory's outline with the polygons of a GeoJSON file (longitude, latitude).

    Raises OutlineRejected with the reason in French; the previous outline stays.
    An installation step, like the communes: run from the command line (`parlons
    import_outline`), audited without an actor.
    """
    if len(content) > MAX_BYTES:
        raise OutlineRejected(
            _("le fichier dépasse %(max)s Mo : simplifiez les contours avant de l'importer.")
            % {"max": MAX_BYTES // (1024 * 1024)}
        )
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise OutlineRejected(_("le fichier n'est pas en UTF-8.")) from None
    except json.JSONDecodeError as error:
        raise OutlineRejected(
            _("le fichier n'est pas du JSON valide (ligne %(line)s, colonne %(column)s).")
            % {"line": error.lineno, "column": error.colno}
        ) from None
    polygons, names = read_geojson(data)
    min_lon, min_lat, max_lon, max_lat = bounding_box(polygons)
    outline, _created = TerritoryOutline.objects.update_or_create(
        territory=territory,
        defaults={
            "polygons": polygons,
            "names": names,
            "min_longitude": min_lon,
            "min_latitude": min_lat,
            "max_longitude": max_lon,
            "max_latitude": max_lat,
        },
    )
    audit.record(
        None,
        "core.import_outline",
        territory,
        polygons=len(polygons),
        file=file_name,
        command="import_outline",
    )
    return outline
