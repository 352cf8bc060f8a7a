"""One map for every app: points drawn in SVG on the server over the territory's outline.

Works on a closed network and without JavaScript: no script, and no tile server
unless the territory names its own (`PARLONS_MAP_TILES_URL`): then the tiles are
SVG images beneath the outline, placed by their corners with the same projection
(at a territory's scale a Web Mercator tile is close enough to this projection),
and the outline, the points and the list stay as they are.
The outline comes from `parlons import_outline FILE.geojson` (core.TerritoryOutline);
the projection is equirectangular, scaled to the bounding box of the outline and
the points, with longitudes shrunk by the cosine of the middle latitude so the
territory keeps its shape. Each point is a link with an accessible name, and the
template lists the same points as text (for screen readers, and for anyone who
prefers a list): `{% territory_map points title %}` (core/templatetags/maps.py).
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 800.0
MARGIN = 24.0
# A map of one lone point (or of points on a line) still needs a box around them.
MIN_SPAN_DEGREES = 0.02


class OutlineRejected(Exception):
    """The GeoJSON file cannot give an outline; `reason` says why, in French."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class MapPoint:
    """Something to place on the map: its name, where, and the page it links to."""

    label: str
    latitude: float
    longitude: float
    url: str = ""
    detail: str = ""  # a few words shown in the list and read with the name (commune, type…)


@dataclass(frozen=True)
class DrawnPoint:
    point: MapPoint
    x: float
    y: float
    number: int


@dataclass(frozen=True)
class TileServer:
    """The territory's own tile server: a URL template with {z}, {x} and {y}."""

    url: str
    max_zoom: int = 18
    attribution: str = ""


@dataclass(frozen=True)
class Tile:
    href: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class DrawnMap:
    width: float
    height: float
    paths: list[str]
    points: list[DrawnPoint]
    unplaced: list[MapPoint]  # points outside the outline's box: listed, not drawn
    tiles: tuple[Tile, ...] = ()
    attribution: str = ""


# Tiles of 256 pixels drawn at most this wide in SVG units (the map is 800 wide): sharp
# enough on a phone's dense screen, and not so many that a page asks for hundreds.
TILE_TARGET_WIDTH = 256.0
MAX_TILES = 48


def tile_of(longitude: float, latitude: float, zoom: int) -> tuple[float, float]:
    """The Web Mercator (slippy map) tile coordinates of a position, with their fractions."""
    count = 2**zoom
    latitude = max(min(latitude, 85.0511), -85.0511)
    radians = math.radians(latitude)
    x = (longitude + 180.0) / 360.0 * count
    y = (1.0 - math.asinh(math.tan(radians)) / math.pi) / 2.0 * count
    return x, y


def tile_corner(x: int, y: int, zoom: int) -> tuple[float, float]:
    """The longitude and latitude of a tile's north-west corner."""
    count = 2**zoom
    longitude = x / count * 360.0 - 180.0
    latitude = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / count))))
    return longitude, latitude


Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


def read_geojson(data: Any) -> tuple[list[list[list[list[float]]]], list[str]]:
    """The polygons ([rings of [lon, lat]]) and names of a GeoJSON object, or OutlineRejected."""
    from django.utils.translation import gettext as _

    if not isinstance(data, dict) or "type" not in data:
        raise OutlineRejected(_("ce n'est pas un objet GeoJSON (il manque « type »)."))
    if data["type"] == "FeatureCollection":
        features = data.get("features") or []
    elif data["type"] == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "geometry": data, "properties": {}}]
    polygons: list[list[list[list[float]]]] = []
    names: list[str] = []
    for number, feature in enumerate(features, 1):
        geometry = (feature or {}).get("geometry") or {}
        kind = geometry.get("type")
        coordinates = geometry.get("coordinates")
        if kind == "Polygon":
            found = [coordinates]
        elif kind == "MultiPolygon":
            found = coordinates
        else:
            raise OutlineRejected(
                _(
                    "objet n° %(number)s : un contour est un Polygon ou un MultiPolygon, pas %(kind)s."
                )
                % {"number": number, "kind": kind or "—"}
            )
        for polygon in found or []:
            polygons.append([_ring(ring, number) for ring in polygon])
        properties = (feature or {}).get("properties") or {}
        name = properties.get("nom") or properties.get("name") or properties.get("libelle")
        if name:
            names.append(str(name))
    if not polygons:
        raise OutlineRejected(_("le fichier ne contient aucun contour."))
    return polygons, names


def _ring(ring: Any, number: int) -> list[list[float]]:
    from django.utils.translation import gettext as _

    points = []
    for pair in ring or []:
        try:
            longitude, latitude = float(pair[0]), float(pair[1])
        except (TypeError, ValueError, IndexError):
            raise OutlineRejected(
                _("objet n° %(number)s : une position n'est pas une paire de nombres.")
                % {"number": number}
            ) from None
        if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
            raise OutlineRejected(
                _(
                    "objet n° %(number)s : la position %(lon)s, %(lat)s n'est pas en longitude et "
                    "latitude (WGS 84). Reprojetez le fichier en EPSG:4326."
                )
                % {"number": number, "lon": longitude, "lat": latitude}
            )
        points.append([longitude, latitude])
    if len(points) < 4:
        raise OutlineRejected(
            _("objet n° %(number)s : un contour fermé a au moins quatre positions.")
            % {"number": number}
        )
    return points


def bounding_box(polygons: Sequence[Sequence[Sequence[Sequence[float]]]]) -> Box:
    longitudes = [pair[0] for polygon in polygons for ring in polygon for pair in ring]
    latitudes = [pair[1] for polygon in polygons for ring in polygon for pair in ring]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def draw(
    points: Iterable[MapPoint], outline: Any = None, tile_server: TileServer | None = None
) -> DrawnMap:
    """Project the outline (a core.TerritoryOutline or None) and the points into SVG units.

    With the territory's `tile_server`, the tiles beneath them too.
    """
    points = list(points)
    if outline is not None:
        box = (
            outline.min_longitude,
            outline.min_latitude,
            outline.max_longitude,
            outline.max_latitude,
        )
        polygons = outline.polygons
    elif points:
        box = (
            min(p.longitude for p in points),
            min(p.latitude for p in points),
            max(p.longitude for p in points),
            max(p.latitude for p in points),
        )
        polygons = []
    else:
        return DrawnMap(WIDTH, WIDTH / 2, [], [], [])
    min_lon, min_lat, max_lon, max_lat = _widen(box)
    shrink = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = (max_lon - min_lon) * shrink
    span_y = max_lat - min_lat
    scale = (WIDTH - 2 * MARGIN) / span_x
    height = min(span_y * scale + 2 * MARGIN, WIDTH * 1.5)
    scale = min(scale, (height - 2 * MARGIN) / span_y)

    def project(longitude: float, latitude: float) -> tuple[float, float]:
        return (
            round(MARGIN + (longitude - min_lon) * shrink * scale, 1),
            round(height - MARGIN - (latitude - min_lat) * scale, 1),
        )

    tiles: tuple[Tile, ...] = ()
    if tile_server is not None and tile_server.url:

        def unproject(x: float, y: float) -> tuple[float, float]:
            return (
                min_lon + (x - MARGIN) / (shrink * scale),
                min_lat + (height - MARGIN - y) / scale,
            )

        tiles = _tiles(
            tile_server, project, unproject(0, 0), unproject(WIDTH, height), shrink * scale
        )
    paths = []
    for polygon in polygons:
        parts = []
        for ring in polygon:
            projected = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in projected) + " Z")
        paths.append(" ".join(parts))
    drawn, unplaced = [], []
    for point in points:
        inside = min_lon <= point.longitude <= max_lon and min_lat <= point.latitude <= max_lat
        if inside:
            x, y = project(point.longitude, point.latitude)
            drawn.append(DrawnPoint(point, x, y, len(drawn) + 1))
        else:
            unplaced.append(point)
    return DrawnMap(
        WIDTH,
        round(height, 1),
        paths,
        drawn,
        unplaced,
        tiles,
        tile_server.attribution if tiles and tile_server else "",
    )


def _tiles(server: TileServer, project, north_west, south_east, units_per_degree) -> tuple:
    """The tiles that cover the drawing, at the zoom whose tiles are about 256 units wide."""
    zoom = math.ceil(math.log2(360.0 * units_per_degree / TILE_TARGET_WIDTH))
    zoom = max(0, min(zoom, server.max_zoom))
    while True:
        left, top = tile_of(*north_west, zoom)
        right, bottom = tile_of(*south_east, zoom)
        columns = range(math.floor(left), math.floor(right) + 1)
        rows = range(max(math.floor(top), 0), min(math.floor(bottom), 2**zoom - 1) + 1)
        if len(columns) * len(rows) <= MAX_TILES or zoom == 0:
            break
        zoom -= 1
    tiles = []
    for row in rows:
        for column in columns:
            x1, y1 = project(*tile_corner(column, row, zoom))
            x2, y2 = project(*tile_corner(column + 1, row + 1, zoom))
            href = (
                server.url.replace("{z}", str(zoom))
                .replace("{x}", str(column % 2**zoom))
                .replace("{y}", str(row))
            )
            tiles.append(Tile(href, x1, y1, round(x2 - x1, 1), round(y2 - y1, 1)))
    return tuple(tiles)


def _widen(box: Box) -> Box:
    min_lon, min_lat, max_lon, max_lat = box
    if max_lon - min_lon < MIN_SPAN_DEGREES:
        middle = (min_lon + max_lon) / 2
        min_lon, max_lon = middle - MIN_SPAN_DEGREES / 2, middle + MIN_SPAN_DEGREES / 2
    if max_lat - min_lat < MIN_SPAN_DEGREES:
        middle = (min_lat + max_lat) / 2
        min_lat, max_lat = middle - MIN_SPAN_DEGREES / 2, middle + MIN_SPAN_DEGREES / 2
    # A little room so points on the edge are not cut.
    pad_lon, pad_lat = (max_lon - min_lon) * 0.03, (max_lat - min_lat) * 0.03
    return min_lon - pad_lon, min_lat - pad_lat, max_lon + pad_lon, max_lat + pad_lat
