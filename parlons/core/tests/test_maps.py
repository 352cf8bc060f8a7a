"""The one map of every app: the territory's outline imported once, points drawn in SVG."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parlons.core.maps import MapPoint, OutlineRejected, draw, read_geojson
from parlons.core.models import AuditEntry, TerritoryOutline

SQUARE = [[-2.0, 47.0], [-1.0, 47.0], [-1.0, 48.0], [-2.0, 48.0], [-2.0, 47.0]]


def collection(*rings) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"nom": f"Zone {number}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
            for number, ring in enumerate(rings, 1)
        ],
    }


def test_points_are_projected_inside_the_outline_north_up_west_left():
    polygons, _names = read_geojson(collection(SQUARE))

    class Outline:
        min_longitude, min_latitude, max_longitude, max_latitude = -2.0, 47.0, -1.0, 48.0

    Outline.polygons = polygons
    drawn = draw(
        [
            MapPoint("Nord-ouest", 47.9, -1.9, "/a/"),
            MapPoint("Sud-est", 47.1, -1.1, "/b/"),
            MapPoint("Ailleurs", 43.0, 5.0, "/c/"),
        ],
        Outline,
    )
    north_west, south_east = drawn.points
    assert north_west.x < south_east.x and north_west.y < south_east.y
    assert [point.label for point in drawn.unplaced] == ["Ailleurs"]
    assert drawn.paths[0].startswith("M") and drawn.paths[0].endswith("Z")
    # Longitudes are shrunk by cos(47.5°): the square of degrees is taller than wide.
    assert drawn.height > drawn.width


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"features": []}, "il manque « type »"),
        ({"type": "Point", "coordinates": [1, 2]}, "Polygon ou un MultiPolygon, pas Point"),
        (collection([[1, 2], [3, 4], [1, 2]]), "au moins quatre positions"),
        (collection([[700000, 6600000], [1, 2], [3, 4], [700000, 6600000]]), "EPSG:4326"),
    ],
)
def test_a_bad_outline_is_refused_with_a_reason(data, reason):
    with pytest.raises(OutlineRejected) as refused:
        read_geojson(data)
    assert reason in refused.value.reason


@pytest.mark.django_db
def test_import_outline_keeps_it_in_the_database_and_replaces_it(territory, tmp_path, capsys):
    path = tmp_path / "contour.geojson"
    path.write_text(json.dumps(collection(SQUARE, SQUARE)))
    call_command("import_outline", str(path))
    assert "2 zone(s)" in capsys.readouterr().out
    outline = TerritoryOutline.objects.get()
    assert (outline.min_longitude, outline.max_latitude, outline.names) == (
        -2.0,
        48.0,
        ["Zone 1", "Zone 2"],
    )
    path.write_text(json.dumps(collection(SQUARE)))
    call_command("import_outline", str(path))
    assert len(TerritoryOutline.objects.get().polygons) == 1
    assert AuditEntry.objects.filter(action="core.import_outline").count() == 2
    path.write_text("{pas du json")
    with pytest.raises(CommandError, match="ligne 1, colonne 2"):
        call_command("import_outline", str(path))
    assert len(TerritoryOutline.objects.get().polygons) == 1


# The territory's own tile server (PARLONS_MAP_TILES_URL) ------------------------------------

TILES = "https://tuiles.example.fr/{z}/{x}/{y}.png"


def _square_outline():
    polygons, _names = read_geojson(collection(SQUARE))

    class Outline:
        min_longitude, min_latitude, max_longitude, max_latitude = -2.0, 47.0, -1.0, 48.0

    Outline.polygons = polygons
    return Outline


def test_tile_numbers_follow_the_slippy_map_scheme():
    from parlons.core.maps import tile_corner, tile_of

    assert tile_of(0.0, 0.0, 1) == (1.0, 1.0)
    x, y = tile_of(-1.5, 47.5, 10)
    # ln(tan φ + sec φ), the textbook form of the same Mercator ordinate.
    assert (int(x), int(y)) == (507, 358)
    west, north = tile_corner(507, 358, 10)
    assert west <= -1.5 and north >= 47.5
    assert tile_corner(0, 0, 0) == (-180.0, pytest.approx(85.0511, abs=1e-4))


def test_without_a_tile_server_the_map_has_no_tiles():
    drawn = draw([MapPoint("Mairie", 47.5, -1.5, "/a/")], _square_outline())
    assert drawn.tiles == () and drawn.attribution == ""


def test_the_tiles_cover_the_whole_drawing_beneath_the_outline():
    from parlons.core.maps import MAX_TILES, WIDTH, TileServer

    server = TileServer(TILES, 18, "© contributeurs OpenStreetMap")
    drawn = draw([MapPoint("Mairie", 47.5, -1.5, "/a/")], _square_outline(), server)
    assert 1 <= len(drawn.tiles) <= MAX_TILES
    assert drawn.attribution == "© contributeurs OpenStreetMap"
    assert min(tile.x for tile in drawn.tiles) <= 0
    assert min(tile.y for tile in drawn.tiles) <= 0
    assert max(tile.x + tile.width for tile in drawn.tiles) >= WIDTH
    assert max(tile.y + tile.height for tile in drawn.tiles) >= drawn.height
    zoom = {tile.href.split("/")[3] for tile in drawn.tiles}
    assert len(zoom) == 1
    assert all(
        tile.href.startswith("https://tuiles.example.fr/") and tile.href.endswith(".png")
        for tile in drawn.tiles
    )
    # Neighbouring tiles meet (no gap a pixel wide between them).
    by_row: dict = {}
    for tile in drawn.tiles:
        by_row.setdefault(tile.y, []).append(tile)
    for row in by_row.values():
        row.sort(key=lambda tile: tile.x)
        for left, right in zip(row, row[1:], strict=False):
            assert abs(left.x + left.width - right.x) <= 0.2
    # A server that stops at a coarse zoom is asked no finer.
    coarse = draw([], _square_outline(), TileServer(TILES, 5))
    assert {tile.href.split("/")[3] for tile in coarse.tiles} == {"5"}


@pytest.mark.django_db
def test_the_map_page_loads_tiles_only_from_the_territorys_own_server(client, settings, territory):
    from parlons.core.middleware import CSP

    TerritoryOutline.objects.create(
        territory=territory,
        polygons=_square_outline().polygons,
        min_longitude=-2.0,
        min_latitude=47.0,
        max_longitude=-1.0,
        max_latitude=48.0,
    )
    plain = client.get("/initiatives/carte/")
    assert plain["Content-Security-Policy"] == CSP
    assert "<image" not in plain.content.decode()
    settings.MAP_TILES_URL = TILES
    settings.MAP_TILES_ORIGIN = "https://tuiles.example.fr"
    settings.MAP_TILES_ATTRIBUTION = "© contributeurs OpenStreetMap"
    with_tiles = client.get("/initiatives/carte/")
    page = with_tiles.content.decode()
    assert '<image href="https://tuiles.example.fr/' in page
    assert "territory-map-outline" in page  # the drawing stays above the tiles
    assert "Fond de carte\u00a0: © contributeurs OpenStreetMap" in page
    assert (
        "img-src 'self' data: https://tuiles.example.fr;" in with_tiles["Content-Security-Policy"]
    )


@pytest.mark.parametrize("value", ["tuiles.example.fr/{z}/{x}/{y}.png", "https://t.fr/{z}/{x}.png"])
def test_a_tile_address_without_its_parts_stops_the_start(value, tmp_path, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from .test_deployment import settings_from

    with pytest.raises(ImproperlyConfigured, match="^PARLONS_MAP_TILES_URL must be"):
        settings_from(
            {
                "PARLONS_DATABASE_URL": f"sqlite:///{tmp_path / 'db'}",
                "PARLONS_MAP_TILES_URL": value,
            },
            monkeypatch,
        )
