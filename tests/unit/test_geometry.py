"""TopoJSON decoding, the conic projection, clipping, simplification and the drawn frame."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from quiz import geometry
from quiz.config import PROJECT_ROOT
from quiz.geometry import AtlasMissing, Conic, Frame, clip, countries, decode_arcs, ring_of
from quiz.mapview import FULL, LOCATOR

ATLAS = PROJECT_ROOT / "static" / "vendor" / "world-atlas" / "countries-50m.json"

TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 0.5], "translate": [10, 20]},
    "arcs": [[[0, 0], [1, 2], [3, -1]], [[4, 1], [-4, 0]], [[0, 0], [2, 2]]],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "1", "properties": {"name": "A"}},
                {"type": "MultiPolygon", "arcs": [[[~1, ~0]]], "id": "2"},
                {"type": None},
            ],
        }
    },
}


def test_arcs_are_delta_decoded_then_scaled_and_translated():
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [(10, 20), (11, 21), (14, 20.5)]
    assert arcs[1] == [(14, 20.5), (10, 20.5)]  # starts at absolute 4, 1


def test_arcs_without_a_transform_are_absolute():
    assert decode_arcs({"arcs": [[[1, 2], [3, 4]]]}) == [[(1, 2), (3, 4)]]


def test_a_ring_joins_its_arcs_and_a_negative_index_runs_an_arc_backwards():
    arcs = decode_arcs(TOPOLOGY)
    assert ring_of([0, 1], arcs) == [(10, 20), (11, 21), (14, 20.5), (10, 20.5)]
    assert ring_of([~1, ~0], arcs) == [(10, 20.5), (14, 20.5), (11, 21), (10, 20)]


def test_countries_keep_their_id_and_name_and_skip_null_geometries():
    found = countries(TOPOLOGY)
    assert [(c.id, c.name, len(c.polygons)) for c in found] == [("1", "A", 1), ("2", "", 1)]


def test_the_conic_puts_its_origin_at_zero_and_north_up():
    conic = Conic(parallels=(35, 55), origin=(85, 45))
    assert conic(85, 45) == pytest.approx((0, 0), abs=1e-12)
    x, y = conic(85, 60)
    assert x == pytest.approx(0, abs=1e-12) and y > 0
    east, _ = conic(120, 45)
    west, _ = conic(50, 45)
    assert east > 0 > west and east == pytest.approx(-west)


def test_the_conic_keeps_the_scale_true_on_a_standard_parallel():
    conic = Conic()
    a, b = conic(85, 35), conic(86, 35)
    assert math.dist(a, b) == pytest.approx(math.radians(1) * math.cos(math.radians(35)), 1e-4)


def test_the_frame_fits_its_width_and_gives_the_svg_view_box():
    assert FULL.view_box.startswith("0 0 960 ")
    assert LOCATOR.view_box.startswith("0 0 320 ")
    assert 300 < FULL.height < 600
    pyongyang = FULL.project(125.75, 39.03)
    moscow = FULL.project(37.62, 55.75)
    assert FULL.contains(pyongyang) and FULL.contains(moscow)
    assert pyongyang[0] > moscow[0] and pyongyang[1] > moscow[1]  # east of Moscow, and south
    assert not FULL.contains(FULL.project(-77.04, 38.90))  # Washington is off the map
    assert FULL.project(87.0, 31.0)[1] == pytest.approx(FULL.height, rel=0.02)  # the south edge


def test_clipping_closes_a_ring_along_the_box():
    square = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
    clipped = clip(square, (0, 0, 2, 2))
    assert sorted(clipped) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert clip(square, (5, 5, 6, 6)) == []


def test_simplification_drops_points_a_pixel_cannot_show():
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.0), (3.0, 5.0)]
    assert geometry.simplify(line, 0.5) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]


def test_shapes_are_closed_relative_paths_inside_the_frame():
    frame = Frame(west=0, south=0, east=40, north=40, width=100)
    square = geometry.Country("9", "Square", (([(5, 5), (30, 5), (30, 30), (5, 30)],),))
    far = geometry.Country("8", "Far", (([(150, -60), (160, -60), (160, -50)],),))
    (shape,) = geometry.shapes([square, far], frame, 0.5)
    assert shape.country_id == "9" and shape.d.startswith("M") and shape.d.endswith("z")
    assert shape.d.count("l") == 3


def test_a_missing_outlines_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(AtlasMissing, match="make run"):
        geometry.base_map(tmp_path / "nope.json", FULL, 1.0)


def test_the_real_outlines_show_russia_and_both_koreas():
    shapes = {s.country_id: s for s in geometry.base_map(ATLAS, FULL, 0.6)}
    assert {"643", "408", "410", "156"} <= set(shapes)  # Russia, the Koreas, China
    assert "840" not in shapes  # the United States are off the map
