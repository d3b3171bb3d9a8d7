"""crimerisk:networkkde, networknearrepeat and patrolroutes through processing.run."""

from __future__ import annotations

import os

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

import processing
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.network import build_network
from crimerisk.algorithms.network_kde import lixel_masses
from crimerisk.algorithms.network_simulate import simulate_on_streets, street_grid
from crimerisk.algorithms.network_snap import snap_events
from crimerisk.tests.vector_io import write_events, write_lines

#: Where the test town sits in Lambert-93 (EPSG:2154).
X0, Y0 = 650_000.0, 6_860_000.0
#: 2018-01-01 in days since 1970-01-01.
DAY0 = 17532.0


@pytest.fixture(scope="module")
def street_town(tmp_path_factory):
    """A 6 x 6 block town of 150 m blocks with 200 days of events on its streets."""
    town = street_grid(6, 150.0, seed=5, missing_share=0.0)
    simulated = simulate_on_streets(town, days=200, background_per_day=1.0, branching=0.5, reach=150, seed=5)
    folder = tmp_path_factory.mktemp("streets")
    path = str(folder / "town.gpkg")
    events = EventSet.from_arrays(simulated["x"] + X0, simulated["y"] + Y0, simulated["t"] + DAY0)
    write_events(path, "events", events, 2154)
    lines = [[(x + X0, y + Y0) for x, y in town.chain_xy[lo:hi]]
             for lo, hi in zip(town.chain_ptr[:-1], town.chain_ptr[1:])]
    write_lines(path, "streets", lines, 2154)
    far = [[(x + 50_000, y) for x, y in line] for line in lines]
    write_lines(path, "far_streets", far, 2154)
    return {"path": path, "events": events, "lines": lines}


def layer(town, name):
    return f"{town['path']}|layername={name}"


def read_lixels(path):
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid()
    rows = [f.attributes() for f in layer.getFeatures()]
    names = [f.name() for f in layer.fields()]
    return {name: np.array([r[names.index(name)] for r in rows]) for name in names if name != "fid"}, layer


def test_network_kde_writes_styled_lixels_equal_to_the_method(crimerisk_provider, street_town, tmp_path):
    out = str(tmp_path / "nkde.gpkg")
    result = processing.run("crimerisk:networkkde", {
        "INPUT": layer(street_town, "events"), "NETWORK": layer(street_town, "streets"), "BANDWIDTH": 200,
        "LIXEL_LENGTH": 25, "METHOD": 1, "OUTPUT_VALUE": 1, "OUTPUT": out})
    values, loaded = read_lixels(result["OUTPUT"])
    net = build_network([np.array(line) for line in street_town["lines"]], lixel_length=25.0)
    events = street_town["events"]
    snapped = snap_events(net, events.x, events.y, 50.0)
    truth = lixel_masses(net, snapped.lixel, snapped.position, None, 200.0, "discontinuous")
    order = np.argsort(values["lixel"])
    np.testing.assert_allclose(values["value"][order], truth, rtol=1e-9, atol=1e-12)
    assert values["value"].sum() == pytest.approx(len(events), rel=1e-6)  # no dead end in the town
    assert result["LIXELS"] == net.n_lixels and result["EVENTS"] == len(events)
    shares = np.bincount(values["risk_class"], weights=values["length_m"], minlength=7)[1:] / values["length_m"].sum()
    assert shares[0] <= 0.02 and shares[:2].sum() <= 0.06  # top 1%, 1-5% of network length
    assert os.path.exists(str(tmp_path / "nkde.qml"))
    assert loaded.loadNamedStyle(str(tmp_path / "nkde.qml"))[1]
    assert loaded.renderer().type() == "categorizedSymbol"


def test_network_near_repeat_chooses_bandwidths_and_reports_them(crimerisk_provider, street_town, tmp_path):
    out = str(tmp_path / "nnr.gpkg")
    result = processing.run("crimerisk:networknearrepeat", {
        "INPUT": layer(street_town, "events"), "TIME_FIELD": "occurred", "NETWORK": layer(street_town, "streets"),
        "AS_OF": "2018-06-01", "HORIZON": 7, "OUTPUT": out})
    assert result["SPACE_BANDWIDTH_USED"] in (100.0, 200.0, 400.0, 800.0)
    assert result["TIME_BANDWIDTH_USED"] in (7.0, 14.0, 28.0, 56.0)
    values, _ = read_lixels(result["OUTPUT"])
    mean = np.sum(values["value"] * values["length_m"]) / values["length_m"].sum()
    assert mean == pytest.approx(1.0)
    given = processing.run("crimerisk:networknearrepeat", {
        "INPUT": layer(street_town, "events"), "TIME_FIELD": "occurred", "NETWORK": layer(street_town, "streets"),
        "AS_OF": "2018-06-01", "SPACE_BANDWIDTH": 300, "TIME_BANDWIDTH": 21, "OUTPUT": str(tmp_path / "given.gpkg")})
    assert (given["SPACE_BANDWIDTH_USED"], given["TIME_BANDWIDTH_USED"]) == (300.0, 21.0)
    assert given["TRIGGERS"] > 0


def test_patrol_routes_follow_the_riskiest_streets(crimerisk_provider, street_town, tmp_path):
    density = processing.run("crimerisk:networkkde", {
        "INPUT": layer(street_town, "events"), "NETWORK": layer(street_town, "streets"), "BANDWIDTH": 200,
        "OUTPUT_VALUE": 1, "OUTPUT": str(tmp_path / "density.gpkg")})["OUTPUT"]
    result = processing.run("crimerisk:patrolroutes", {
        "INPUT": density, "BUDGET": 10, "BUDGET_UNIT": 1, "UNITS": 2,  # RISK_FIELD: "value" by default
        "OUTPUT": str(tmp_path / "routes.gpkg")})
    routes, _ = read_lixels(result["OUTPUT"])
    assert result["ROUTES"] == routes["rank"].size >= 1
    total = sum(np.hypot(*np.diff(np.array(line), axis=0).T).sum() for line in street_town["lines"])
    assert routes["length_m"].sum() == pytest.approx(0.10 * total, abs=30.0)
    assert set(routes["unit"]) <= {1, 2}
    assert list(routes["rank"]) == sorted(routes["rank"]) and np.all(np.diff(routes["total_risk"]) <= 1e-9)
    for unit in (1, 2):  # each unit's routes numbered 1, 2, ... in rank order
        assert list(routes["unit_rank"][routes["unit"] == unit]) == list(range(1, np.sum(routes["unit"] == unit) + 1))
    loads = np.bincount(routes["unit"], weights=routes["length_m"])[1:]
    assert result["UNIT_LENGTH_RATIO"] == pytest.approx(loads.max() / loads.min()) and loads.max() / loads.min() <= 1.25
    assert result["RISK_SHARE"] == pytest.approx(routes["share_of_risk"].sum()) and 0 < result["RISK_SHARE"] <= 1


def test_patrol_routes_are_styled_by_unit_wider_by_rank_and_labelled(crimerisk_provider, street_town, tmp_path):
    density = processing.run("crimerisk:networkkde", {
        "INPUT": layer(street_town, "events"), "NETWORK": layer(street_town, "streets"), "BANDWIDTH": 200,
        "OUTPUT_VALUE": 1, "OUTPUT": str(tmp_path / "density.gpkg")})["OUTPUT"]
    result = processing.run("crimerisk:patrolroutes", {"INPUT": density, "BUDGET": 10, "BUDGET_UNIT": 1, "UNITS": 3,
                                                       "OUTPUT": str(tmp_path / "routes.gpkg")})
    _, loaded = read_lixels(result["OUTPUT"])
    assert loaded.loadNamedStyle(str(tmp_path / "routes.qml"))[1]
    renderer = loaded.renderer()
    categories = renderer.categories()  # kept: a category's symbol dies with it
    assert renderer.classAttribute() == "unit" and [c.label() for c in categories] == ["unit 1", "unit 2", "unit 3"]
    symbol = categories[0].symbol().clone()
    width = symbol.dataDefinedWidth()
    assert width.isActive() and '"rank"' in width.expressionString()
    assert loaded.labelsEnabled()
    expression = loaded.labeling().settings().fieldName
    assert '"rank"' in expression and '"unit"' in expression


def test_bad_networks_are_refused_with_the_fix(crimerisk_provider, street_town, tmp_path):
    common = {"INPUT": layer(street_town, "events"), "BANDWIDTH": 200, "OUTPUT_VALUE": 1}
    with pytest.raises(QgsProcessingException, match="line layer"):
        processing.run("crimerisk:networkkde", {**common, "NETWORK": layer(street_town, "events"),
                                                "OUTPUT": str(tmp_path / "a.gpkg")})
    with pytest.raises(QgsProcessingException, match="SNAP_DISTANCE"):
        processing.run("crimerisk:networkkde", {**common, "NETWORK": layer(street_town, "far_streets"),
                                                "OUTPUT": str(tmp_path / "b.gpkg")})
    with pytest.raises(QgsProcessingException, match="lixel length of at least"):
        _with_small_guard(common, street_town, tmp_path)
    for name in ("a", "b", "c"):
        assert not os.path.exists(str(tmp_path / f"{name}.gpkg"))


def _with_small_guard(common, street_town, tmp_path):
    from crimerisk.plugin.processing import network_common

    saved = network_common.MAX_LIXELS
    network_common.MAX_LIXELS = 1_000
    try:
        processing.run("crimerisk:networkkde", {**common, "NETWORK": layer(street_town, "streets"),
                                                "LIXEL_LENGTH": 5, "OUTPUT": str(tmp_path / "c.gpkg")})
    finally:
        network_common.MAX_LIXELS = saved


def streets_in_degrees(street_town, tmp_path) -> str:
    """The town's streets written in EPSG:4326 (longitude, latitude); their layer's source."""
    from osgeo import osr

    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(2154)
    target.ImportFromEPSG(4326)
    for s in (source, target):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    lines = [[transform.TransformPoint(x, y)[:2] for x, y in line] for line in street_town["lines"]]
    path = str(tmp_path / "degrees.gpkg")
    write_lines(path, "streets", lines, 4326)
    return f"{path}|layername=streets"


def test_a_network_in_degrees_is_reprojected_like_the_events(crimerisk_provider, street_town, tmp_path):
    degrees_streets = streets_in_degrees(street_town, tmp_path)
    common = {"INPUT": layer(street_town, "events"), "BANDWIDTH": 200, "OUTPUT_VALUE": 1, "METHOD": 1}
    metric = processing.run("crimerisk:networkkde", {**common, "NETWORK": layer(street_town, "streets"),
                                                     "OUTPUT": str(tmp_path / "m.gpkg")})
    degrees = processing.run("crimerisk:networkkde", {**common, "NETWORK": degrees_streets,
                                                      "OUTPUT": str(tmp_path / "d.gpkg")})
    a, _ = read_lixels(metric["OUTPUT"])
    b, _ = read_lixels(degrees["OUTPUT"])
    assert a["value"].sum() == pytest.approx(b["value"].sum(), rel=1e-6)
    np.testing.assert_allclose(np.sort(a["length_m"]), np.sort(b["length_m"]), atol=0.01)


def test_network_baseline_spreads_each_segments_decayed_rate_over_its_lixels(crimerisk_provider, street_town,
                                                                               tmp_path):
    from crimerisk.algorithms.network_forecast import network_decayed_counts

    result = processing.run("crimerisk:networkbaseline", {
        "INPUT": layer(street_town, "events"), "TIME_FIELD": "occurred", "NETWORK": layer(street_town, "streets"),
        "AS_OF": "2018-06-01", "HORIZON": 7, "HALF_LIFE": 90, "OUTPUT": str(tmp_path / "base.gpkg")})
    values, _ = read_lixels(result["OUTPUT"])
    net = build_network([np.array(line) for line in street_town["lines"]], lixel_length=25.0)
    events = street_town["events"]
    snapped = snap_events(net, events.x, events.y, 50.0)
    as_of = float((np.datetime64("2018-06-01") - np.datetime64("1970-01-01")).astype(int))
    truth = network_decayed_counts(net, snapped.lixel, events.t, None, as_of, 7.0, 90.0).values
    np.testing.assert_allclose(values["value"][np.argsort(values["lixel"])], truth, rtol=1e-6)  # times to the second
    assert result["EXPECTED_EVENTS"] == pytest.approx(truth.sum())


def test_network_near_repeat_reads_its_bandwidths_from_a_knox_table(crimerisk_provider, street_town, tmp_path):
    from crimerisk.algorithms.nearrepeat import bandwidths_from_knox
    from crimerisk.algorithms.knox import KnoxTable

    knox = processing.run("crimerisk:knox", {
        "INPUT": layer(street_town, "events"), "TIME_FIELD": "occurred", "PERMUTATIONS": 99,
        "OUTPUT": str(tmp_path / "knox.gpkg")})
    result = processing.run("crimerisk:networknearrepeat", {
        "INPUT": layer(street_town, "events"), "TIME_FIELD": "occurred", "NETWORK": layer(street_town, "streets"),
        "AS_OF": "2018-06-01", "KNOX_TABLE": knox["OUTPUT"], "OUTPUT": str(tmp_path / "k.gpkg")})
    source = QgsVectorLayer(knox["OUTPUT"], "knox", "ogr")
    names = source.fields().names()
    rows = [dict(zip(names, f.attributes())) for f in source.getFeatures()]
    assert (result["SPACE_BANDWIDTH_USED"], result["TIME_BANDWIDTH_USED"]) == bandwidths_from_knox(
        KnoxTable.from_rows(rows), 0.05)


def test_network_backtest_scores_grid_and_network_on_the_same_streets(crimerisk_provider, street_town, tmp_path):
    result = processing.run("crimerisk:networkbacktest", {
        "INPUT": layer(street_town, "events"), "TIME_FIELD": "occurred", "NETWORK": layer(street_town, "streets"),
        "CELL_SIZE": 150, "FOLDS": 10, "HORIZON": 7, "SPACE_BANDWIDTH": 150, "TIME_BANDWIDTH": 14,
        "OUTPUT": str(tmp_path / "scores.gpkg")})
    table = QgsVectorLayer(result["OUTPUT"], "scores", "ogr")
    names = table.fields().names()
    rows = [dict(zip(names, f.attributes())) for f in table.getFeatures()]
    assert len(rows) == 4 * 10 * 3
    assert {r["method"] for r in rows} == {"grid_near_repeat", "network_near_repeat", "grid_counts",
                                           "network_counts"}
    at5 = [r for r in rows if r["method"] == "network_near_repeat" and r["coverage"] == pytest.approx(5.0)]
    assert result["NETWORK_HIT_RATE"] == pytest.approx(np.mean([r["hit_rate"] for r in at5]))
    events_per_fold = {r["fold"]: r["events"] for r in rows if r["method"] == "grid_near_repeat"}
    assert all(r["events"] == events_per_fold[r["fold"]] for r in rows)  # the same events for every method
    assert 0.0 <= result["P_VALUE"] <= 1.0
    assert result["NETWORK_BETTER"] == (result["P_VALUE"] < 0.05)
