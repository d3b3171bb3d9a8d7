"""crimerisk:trends through processing.run: table numbers equal algorithms.trends, zones, report, bad input."""

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

import processing
from crimerisk.algorithms.events import EventSet, days_from_datetime64
from crimerisk.algorithms.trends import ALL, temporal_trends
from crimerisk.tests.vector_io import write_events, write_polygons
from crimerisk.algorithms.zones import OUTSIDE, Zones, assign_zones

# Halves of the demo town, with room for the events that spread beyond it.
WEST, EAST = (630_000, 6_845_000, 646_000, 6_874_000), (646_000, 6_845_000, 662_000, 6_874_000)
COMPARED = {"mk_z": "mk_z", "p_value": "mk_p", "sen_slope_per_step": "sen_slope_per_step",
            "sen_slope_per_year": "sen_slope_per_year", "last_12m": "count", "previous_12m": "previous_count",
            "events": "events"}


def box(xmin, ymin, xmax, ymax) -> str:
    return f"POLYGON(({xmin} {ymin},{xmax} {ymin},{xmax} {ymax},{xmin} {ymax},{xmin} {ymin}))"


def table_of(path: str) -> list[dict]:
    layer = QgsVectorLayer(path, "table", "ogr")
    assert layer.isValid()
    names = [f.name() for f in layer.fields()]
    return [dict(zip(names, f.attributes())) for f in layer.getFeatures()]


def assert_rows_match(rows: list[dict], expected: list[dict], zone_label=lambda zone: zone) -> None:
    by_key = {(r["category"], r["zone"]): r for r in rows}
    assert len(by_key) == len(rows) == len(expected)
    for summary in expected:
        row = by_key[(summary["category"], zone_label(summary["zone"]))]
        for column, key in COMPARED.items():
            assert float(row[column]) == pytest.approx(summary[key], rel=1e-9, abs=1e-9), column
        word = {"no significant trend": "no trend"}.get(summary["trend"], summary["trend"])
        assert row["trend"] == word
        if np.isfinite(summary["percent_change"]):
            assert float(row["change_pct"]) == pytest.approx(summary["percent_change"])


@pytest.fixture(scope="module")
def monthly(crimerisk_provider, demo_gpkg, tmp_path_factory):
    folder = tmp_path_factory.mktemp("trends")
    result = processing.run("crimerisk:trends", {
        "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "CATEGORY_FIELD": "crime_type",
        "STEP": 2, "OUTPUT_TABLE": str(folder / "trends.csv"), "OUTPUT_HTML": str(folder / "trends.html")})
    return result, folder


def test_one_row_per_category_with_the_methods_numbers(monthly, demo_events):
    result, folder = monthly
    rows = table_of(result["OUTPUT_TABLE"])
    events, _ = demo_events
    assert sorted(r["category"] for r in rows) == sorted([ALL] + events.categories())
    assert {r["zone"] for r in rows} == {ALL}
    expected = temporal_trends(events, by_category=True, trend_step="month")
    assert result["STEPS"] == expected.parameters["trend_steps"] == 24 and result["GROUPS"] == 5
    assert_rows_match(rows, expected.summary_rows())
    burglary = next(r for r in rows if r["category"] == "burglary")
    chosen = events.t[events.category == "burglary"]
    assert burglary["first_date"] == str(np.datetime64("1970-01-01") + np.timedelta64(int(chosen.min()), "D"))
    assert burglary["last_date"] == str(np.datetime64("1970-01-01") + np.timedelta64(int(chosen.max()), "D"))


def test_table_and_report_name_the_trend_test(monthly, crimerisk_provider, demo_gpkg, tmp_path):
    result, _ = monthly
    rows = table_of(result["OUTPUT_TABLE"])
    assert {r["trend_test"] for r in rows} <= {"modified-mann-kendall", "seasonal-kendall"}
    assert all(float(r["variance_factor"]) >= 1.0 for r in rows)
    text = open(result["OUTPUT_HTML"], encoding="utf-8").read()
    assert "corrected for serial correlation" in text
    plain = processing.run("crimerisk:trends", {
        "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "STEP": 2, "TREND_TEST": 3,
        "OUTPUT_TABLE": str(tmp_path / "plain.csv"), "OUTPUT_HTML": str(tmp_path / "plain.html")})
    plain_rows = table_of(plain["OUTPUT_TABLE"])
    assert [r["trend_test"] for r in plain_rows] == ["mann-kendall"]
    assert float(plain_rows[0]["variance_factor"]) == 1.0
    assert "no correction for serial correlation" in open(plain["OUTPUT_HTML"], encoding="utf-8").read()
    with pytest.raises(QgsProcessingException, match="at least two whole years"):
        processing.run("crimerisk:trends", {
            "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "STEP": 0, "TREND_TEST": 2,
            "OUTPUT_TABLE": str(tmp_path / "bad.csv")})


def test_html_report_has_svg_charts_per_category(monthly):
    result, _ = monthly
    text = open(result["OUTPUT_HTML"], encoding="utf-8").read()
    assert text.count("<svg") >= 1 + 2 + 4  # overall series, seasonal bars, one chart per category
    assert "stroke-dasharray" in text  # the trend line
    assert "http" not in text.replace("http://www.w3.org/2000/svg", "")  # no network resource
    for category in ("burglary", "vehicle crime", "violence", "robbery"):
        assert category in text


def test_zones_give_rows_per_zone_equal_to_the_method(crimerisk_provider, demo_events, tmp_path):
    events, _ = demo_events
    path = str(tmp_path / "zones.gpkg")
    source = write_events(path, "events", events, 2154)
    zones = write_polygons(path, "zones", [box(*WEST), box(*EAST)], 2154, names=["west", "east"])
    result = processing.run("crimerisk:trends", {
        "INPUT": source, "TIME_FIELD": "occurred", "CATEGORY_FIELD": "crime_type", "ZONES": zones,
        "ZONE_FIELD": "name", "STEP": 1, "OUTPUT_TABLE": str(tmp_path / "zones.csv")})
    rows = table_of(result["OUTPUT_TABLE"])
    truth = np.where(events.x < 646_000, 0, 1)
    expected = temporal_trends(events, zones=truth, by_category=True, trend_step="week")
    assert_rows_match(rows, expected.summary_rows(), lambda zone: {0: "west", 1: "east"}.get(zone, zone))
    assert {r["zone"] for r in rows} == {ALL, "west", "east"} and len(rows) == 5 * 3


def test_point_in_polygon_follows_holes_parts_and_zone_order():
    outer = np.array([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], float)
    hole = np.array([[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]], float)
    island = np.array([[20, 0], [30, 0], [25, 8], [20, 0]], float)
    square = np.array([[5, 5], [15, 5], [15, 15], [5, 15], [5, 5]], float)
    zones = Zones(labels=["a", "b"], rings=[[outer, hole, island], [square]])
    points = {(1, 1): 0, (4.5, 4.5): OUTSIDE, (5.5, 5.5): 1, (8, 8): 0, (25, 1): 0, (25, 9): OUTSIDE,
              (12, 12): 1, (16, 1): OUTSIDE, (-1, 5): OUTSIDE, (22, 3.9): OUTSIDE, (22, 3.1): 0}
    x, y = (np.array(values, float) for values in zip(*points))
    # a's hole is outside a (but (5.5, 5.5) is in b); (8, 8) is in both: the first zone wins.
    np.testing.assert_array_equal(assign_zones(x, y, zones), list(points.values()))


def test_zones_without_polygons_are_refused(crimerisk_provider, demo_gpkg, tmp_path):
    with pytest.raises(QgsProcessingException, match="zones must be polygons"):
        processing.run("crimerisk:trends", {
            "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred",
            "ZONES": f"{demo_gpkg}|layername=events", "OUTPUT_TABLE": str(tmp_path / "t.csv")})
    assert list(tmp_path.iterdir()) == []


def test_too_few_time_steps_is_refused(crimerisk_provider, demo_gpkg, tmp_path):
    with pytest.raises(QgsProcessingException, match="2 complete month steps, fewer than the 3"):
        processing.run("crimerisk:trends", {
            "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "START": "2018-03-01",
            "END": "2018-04-30", "OUTPUT_TABLE": str(tmp_path / "t.csv"), "OUTPUT_HTML": str(tmp_path / "t.html")})
    assert list(tmp_path.iterdir()) == []


def test_a_category_filter_that_leaves_no_event_is_refused(crimerisk_provider, tmp_path):
    rng = np.random.default_rng(4)
    start = float(days_from_datetime64(np.array(["2018-01-01"]))[0])
    t = np.concatenate([start + rng.uniform(0, 730, 300), start + rng.uniform(0, 31, 20)])
    category = np.array(["burglary"] * 300 + ["arson"] * 20, dtype=object)
    events = EventSet.from_arrays(650_000 + rng.uniform(0, 999, 320), 6_860_000 + rng.uniform(0, 999, 320), t=t,
                                  category=category)
    source = write_events(str(tmp_path / "arson.gpkg"), "events", events, 2154)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException, match="No event is left after the filters"):
        processing.run("crimerisk:trends", {
            "INPUT": source, "TIME_FIELD": "occurred", "CATEGORY_FIELD": "crime_type", "CATEGORIES": "arson",
            "START": "2018-06-01", "OUTPUT_TABLE": str(out / "t.csv")})
    assert list(out.iterdir()) == []
