"""`{% territory_map points title %}`: the one map of every app (parlons.core.maps)."""

import itertools

from django import template
from django.conf import settings

from parlons.core.maps import TileServer, draw
from parlons.core.models import TerritoryOutline
from parlons.core.queries import current_territory

register = template.Library()
_numbers = itertools.count(1)


@register.inclusion_tag("core/map.html")
def territory_map(points, title, list_title=""):
    """Points (core.maps.MapPoint) over the current territory's outline, and their list."""
    territory = current_territory()
    outline = (
        TerritoryOutline.objects.filter(territory=territory).first()
        if territory is not None
        else None
    )
    tile_server = (
        TileServer(
            settings.MAP_TILES_URL, settings.MAP_TILES_MAX_ZOOM, settings.MAP_TILES_ATTRIBUTION
        )
        if settings.MAP_TILES_URL
        else None
    )
    return {
        "map": draw(points, outline, tile_server),
        "title": title,
        "list_title": list_title,
        "map_id": f"map-{next(_numbers)}",
    }
