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
