"""The demo's street-network step (scripts/demo.py network_step) on the bundled sample, through the real
qgis_process: lixel and route layers written with features and class styles, and PNG maps that show them."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsCategorizedSymbolRenderer, QgsVectorLayer

from crimerisk.tests.test_qgis_process import qgis_process  # noqa: F401 (the module-scoped QgisProcess fixture)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

pytestmark = pytest.mark.qgis_process

LIXEL_LAYERS = ("network_kde_2020", "network_nearrepeat_burglary")


@pytest.fixture(scope="module")
def network_demo(qgis_app, qgis_process, tmp_path_factory):  # noqa: F811
    """The output folder of the demo's network step (its Knox table from a quick Knox run, as the demo's)."""
    import demo

    out = tmp_path_factory.mktemp("demo_network")
    run = demo.Demo(out, qgis_process)
    knox = run.run("Burglary Knox table", "crimerisk:knox", **demo.BURGLARY, SPACE_BAND=100, SPACE_BANDS=5,
                   TIME_BAND=7, TIME_BANDS=5, PERMUTATIONS=99, OUTPUT=run.file("knox_burglary.csv"))
    demo.network_step(run, knox["OUTPUT"])
    return out, run


def _rows(path: Path, *fields: str) -> np.ndarray:
    layer = QgsVectorLayer(str(path), path.stem, "ogr")
    assert layer.isValid(), path
    return np.array([[feature[name] for name in fields] for feature in layer.getFeatures()], dtype=float)


def _styled_by(path: Path) -> tuple[str, list[str]]:
    """(field, category labels) of the sidecar style's categorised renderer."""
    layer = QgsVectorLayer(str(path), path.stem, "ogr")
    assert path.with_suffix(".qml").exists(), f"no style beside {path.name}"
    layer.loadNamedStyle(str(path.with_suffix(".qml")))
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    if renderer.classAttribute() == "risk_class":  # the riskiest streets drawn last, over the others
        passes = [category.symbol().symbolLayer(0).renderingPass() for category in renderer.categories()]
        assert renderer.usingSymbolLevels() and passes == sorted(passes, reverse=True) and passes[0] > passes[-1]
    return renderer.classAttribute(), [category.label() for category in renderer.categories()]


def _pixels_near(png: Path, colour: str, tolerance: int = 30) -> int:
    """How many pixels of ``png`` are within ``tolerance`` (per channel) of ``colour``."""
    from qgis.PyQt.QtGui import QColor, QImage

    image = QImage(str(png)).convertToFormat(QImage.Format_RGB32)
    assert not image.isNull(), png
    buffer = image.constBits()
    buffer.setsize(image.sizeInBytes())
    bgra = np.frombuffer(buffer, dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    target = QColor(colour)
    rgb = np.stack([bgra[..., 2], bgra[..., 1], bgra[..., 0]], axis=-1).astype(int)
    close = np.abs(rgb - [target.red(), target.green(), target.blue()]).max(axis=-1) <= tolerance
    return int(close.sum())


def test_the_density_of_a_year_fills_every_class(network_demo):
    out, _ = network_demo
    risk_class = _rows(out / "network_kde_2020.gpkg", "risk_class")[:, 0]
    assert set(np.unique(risk_class)) == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize("name", LIXEL_LAYERS)
def test_lixel_layers_are_written_in_length_classes_and_styled_by_class(network_demo, name):
    out, _ = network_demo
    rows = _rows(out / f"{name}.gpkg", "length_m", "value", "risk_class")
    assert len(rows) > 10_000, "the sample's streets make about 30,000 lixels of 25 m"
    length, value, risk_class = rows.T
    # The near-repeat risk is 0 away from recent burglaries: those lixels tie in the last class.
    assert {1, 2, 6} <= set(np.unique(risk_class)) <= {1, 2, 3, 4, 5, 6}
    share = np.array([length[risk_class <= c].sum() for c in (1, 2)]) / length.sum()
    assert share == pytest.approx([0.01, 0.05], abs=0.005), "classes are shares of street length"
    assert value[risk_class == 1].min() >= value[risk_class == 2].max() >= value[risk_class == 6].max()
    field, labels = _styled_by(out / f"{name}.gpkg")
    assert field == "risk_class" and labels == ["top 1%", "1-5%", "5-10%", "10-20%", "20-50%", "rest (below the top 50%)"]


def test_patrol_routes_take_five_percent_of_the_streets_among_three_units(network_demo):
    out, run = network_demo
    routes = _rows(out / "patrol_routes.gpkg", "rank", "length_m", "unit")
    lixels = _rows(out / "network_nearrepeat_burglary.gpkg", "length_m")
    assert len(routes) > 0 and set(routes[:, 2]) == {1, 2, 3}
    assert routes[:, 1].sum() / lixels.sum() == pytest.approx(0.05, abs=0.005)
    # a handful of connected routes per unit (32 pieces, 10-11 per unit before bridging), similar lengths
    assert np.bincount(routes[:, 2].astype(int))[1:].max() <= 7
    loads = np.bincount(routes[:, 2].astype(int), weights=routes[:, 1])[1:]
    assert loads.max() / loads.min() <= 1.1 / 0.9
    assert _styled_by(out / "patrol_routes.gpkg") == ("unit", ["unit 1", "unit 2", "unit 3"])
    assert [entry["algorithm"] for entry in run.summary[-3:]] == [
        "crimerisk:networkkde", "crimerisk:networknearrepeat", "crimerisk:patrolroutes"]


@pytest.mark.parametrize("png, colour", [("network_kde_2020.png", "#bd0026"),
                                         ("network_nearrepeat_burglary.png", "#bd0026"),
                                         ("patrol_routes.png", "#08519c")])
def test_the_maps_show_the_riskiest_streets(network_demo, png, colour):
    out, run = network_demo
    path = out / png
    assert path in run.maps and path.stat().st_size > 50_000
    assert _pixels_near(path, colour) > 500, f"{png} hardly shows the top class / unit 1 ({colour})"


def test_street_facts_come_only_from_street_runs():
    import demo

    assert demo.street_facts({"OUTPUT": "kde.tif", "RADIUS_USED": 400, "EVENTS": 3309}) == []
    assert demo.street_facts({"EVENTS": 3702, "LIXELS": 30661}) == ["3,702 events on 30,661 lixels"]
    assert demo.street_facts({"ROUTES": 32, "LENGTH_M": 35859.5}) == ["32 routes, 35.9 km"]
