"""Every fast reading path gives exactly the EventSet the QGIS feature iterator gives, on each source
type, with NULLs, empty geometries, subset strings and selections (issue #19)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pytest
from osgeo import ogr
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameters,
    QgsProject,
    QgsVectorLayer,
)

sys.path.insert(0, str(Path(__file__).resolve().parent / "adversarial"))
from adversarial_data import write_points  # noqa: E402

from crimerisk.plugin.io.delimited import delimited_source  # noqa: E402
from crimerisk.plugin.io.pipeline import EventRequest, load_events  # noqa: E402

COUNT = 300
REQUEST = EventRequest(time_field="occurred", category_field="kind", weight_field="w")


def sample(seed: int = 3):
    """Points with NULL dates, types and weights, and a few without geometry."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(650_000, 652_000, COUNT).round(3)
    y = rng.uniform(6_860_000, 6_862_000, COUNT).round(3)
    x[::37] = np.nan
    stamps = [None if i % 11 == 0 else dt.datetime(2024, 1, 1) + dt.timedelta(minutes=int(m))
              for i, m in enumerate(rng.integers(0, 500_000, COUNT))]
    drawn = rng.choice(["vol", "cambriolage", "rixe"], COUNT)
    kinds = [None if i % 13 == 0 else str(k) for i, k in enumerate(drawn)]
    weights = [None if i % 17 == 0 else float(w) for i, w in enumerate(rng.integers(1, 4, COUNT))]
    return x, y, stamps, kinds, weights


def columns(stamps, kinds, weights, text_dates: bool = False) -> dict:
    dates = [None if s is None else s.strftime("%Y-%m-%d %H:%M:%S") for s in stamps] if text_dates else stamps
    return {"occurred": dates, "kind": kinds, "w": weights}


def both_paths(layer: QgsVectorLayer, request: EventRequest = REQUEST):
    """The events read with the fast path allowed (whole layer) and through the feature iterator."""
    fast = load_events(layer, layer, True, request, QgsProcessingFeedback())
    slow = load_events(layer, layer, False, request, QgsProcessingFeedback())
    return fast, slow


def assert_same_events(fast, slow) -> None:
    for name in ("x", "y", "t", "weight"):
        np.testing.assert_array_equal(getattr(fast.events, name), getattr(slow.events, name), err_msg=name)
    assert list(fast.events.category) == list(slow.events.category)
    assert fast.report.features == slow.report.features
    assert fast.report.dropped == slow.report.dropped
    assert slow.report.reader == "QGIS feature iterator"


def geopackage(tmp_path, **kwargs) -> QgsVectorLayer:
    x, y, stamps, kinds, weights = sample()
    uri = write_points(tmp_path / "events.gpkg", "events", x, y, columns(stamps, kinds, weights), **kwargs)
    layer = QgsVectorLayer(uri, "events", "ogr")
    assert layer.isValid()
    return layer


def csv_layer(tmp_path, extra: str = "", text: str | None = None) -> QgsVectorLayer:
    """The sample as a CSV file read by the delimited-text provider (empty X for points without geometry)."""
    path = tmp_path / "events.csv"
    if text is None:
        x, y, stamps, kinds, weights = sample()
        lines = ["x,y,occurred,kind,w"]
        for i in range(COUNT):
            values = columns(stamps, kinds, weights, text_dates=True)
            cells = ["" if not np.isfinite(x[i]) else f"{x[i]:.3f}", f"{y[i]:.3f}",
                     *("" if values[k][i] is None else str(values[k][i]) for k in ("occurred", "kind", "w"))]
            lines.append(",".join(cells))
        text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    uri = f"file://{path}?type=csv&delimiter=,&xField=x&yField=y&crs=EPSG:2154&detectTypes=yes{extra}"
    layer = QgsVectorLayer(uri, "events", "delimitedtext")
    assert layer.isValid()
    return layer


def test_geopackage_with_attributes(tmp_path):
    fast, slow = both_paths(geopackage(tmp_path))
    assert fast.report.reader == "GDAL Arrow"
    assert fast.report.dropped  # NULL geometries, dates and weights were met and counted
    assert_same_events(fast, slow)


def test_geopackage_without_attribute_fields_takes_the_columnar_path(tmp_path):
    """GDAL 3.6 gave empty geometries for such a layer; the FID column works around it."""
    x, y, *_ = sample()
    layer = QgsVectorLayer(write_points(tmp_path / "bare.gpkg", "events", x, y, {}), "bare", "ogr")
    fast, slow = both_paths(layer, EventRequest())
    assert fast.report.reader == "GDAL Arrow"
    assert len(fast.events) == int(np.isfinite(x).sum())
    assert_same_events(fast, slow)


def test_geopackage_requesting_no_field_of_a_layer_with_fields(tmp_path):
    fast, slow = both_paths(geopackage(tmp_path), EventRequest())
    assert fast.report.reader == "GDAL Arrow"
    assert_same_events(fast, slow)


def test_geopackage_subset_string_applies_on_the_columnar_path(tmp_path):
    layer = geopackage(tmp_path)
    layer.setSubsetString("kind = 'vol'")
    fast, slow = both_paths(layer)
    assert fast.report.reader == "GDAL Arrow"
    assert set(fast.events.category) == {"vol"}
    _, _, _, kinds, _ = sample()
    assert fast.report.features == kinds.count("vol")
    assert_same_events(fast, slow)


def test_shapefile(tmp_path):
    x, y, stamps, kinds, weights = sample()
    values = columns(stamps, kinds, weights, text_dates=True)
    path = write_points(tmp_path / "events.shp", "events", x, y, values, driver="ESRI Shapefile")
    fast, slow = both_paths(QgsVectorLayer(path, "events", "ogr"))
    assert fast.report.reader == "GDAL Arrow"
    assert_same_events(fast, slow)


def test_csv_columns_equal_the_provider(tmp_path):
    layer = csv_layer(tmp_path)
    fast, slow = both_paths(layer)
    assert fast.report.reader == "GDAL CSV"
    _, _, stamps, _, _ = sample()
    assert fast.report.features == layer.featureCount() < COUNT  # rows without X are skipped by both
    assert_same_events(fast, slow)


def test_csv_with_quotes_blanks_and_integers(tmp_path):
    text = ('x,y,occurred,kind,w\n'
            '1.5,2.5,2024-03-05,"a, b",1\n'
            ' 3 ,4,2024-03-06, spaced ,\n'
            ',9,2024-03-07,skipped,2\n'
            '5e2,6,,"say ""hi""",3\n')
    layer = csv_layer(tmp_path, text=text)
    fast, slow = both_paths(layer, EventRequest(category_field="kind"))
    assert fast.report.reader == "GDAL CSV"
    assert list(fast.events.x) == [1.5, 3.0, 500.0]
    assert list(fast.events.category) == ["a, b", " spaced ", 'say "hi"']
    assert_same_events(fast, slow)
    fast, slow = both_paths(layer)
    assert fast.report.reader == "GDAL CSV"
    assert fast.report.dropped  # an empty date and an empty weight
    assert_same_events(fast, slow)


@pytest.mark.parametrize("extra, text", [
    ("&decimalPoint=,", None),  # a decimal comma: the provider's rules
    ("", "x,y,kind\nnan,2,a\n1,2,b\n"),  # a coordinate that is not a plain number
    ("", "x,y,kind\n1°2'3\",2,a\n1,2,b\n"),  # degrees, minutes, seconds
])
def test_csv_the_fast_path_cannot_follow_falls_back(tmp_path, extra, text):
    layer = csv_layer(tmp_path, extra=extra, text=text)
    request = EventRequest(category_field="kind")
    if layer.featureCount() == 0:
        pytest.fail("the provider read no row: the case tests nothing")
    fast = load_events(layer, layer, True, request, QgsProcessingFeedback())
    assert fast.report.reader == "QGIS feature iterator"


def test_csv_uri_with_unknown_settings_is_left_to_the_provider(tmp_path):
    layer = csv_layer(tmp_path, extra="&trimFields=yes")
    assert delimited_source(layer) is None
    assert delimited_source(csv_layer(tmp_path)) is not None


def test_csv_subset_string_is_applied_through_the_iterator(tmp_path):
    layer = csv_layer(tmp_path)
    layer.setSubsetString("\"kind\" = 'rixe'")
    fast = load_events(layer, layer, True, REQUEST, QgsProcessingFeedback())
    assert fast.report.reader == "QGIS feature iterator"
    assert set(fast.events.category) == {"rixe"}
    assert fast.report.features == layer.featureCount() > 0


def test_memory_layer_reads_through_the_iterator(tmp_path):
    on_file = geopackage(tmp_path)
    layer = on_file.materialize(QgsFeatureRequest())
    assert layer.providerType() == "memory"
    fast, slow = both_paths(layer)
    assert fast.report.reader == "QGIS feature iterator"
    assert_same_events(fast, slow)
    assert_same_events(load_events(on_file, on_file, True, REQUEST, QgsProcessingFeedback()), fast)


def test_memory_layer_with_multipoints_and_empty_points(tmp_path):
    wkts = ["POINT(1 2)", "MULTIPOINT((3 4),(5 6))", "POINT EMPTY", None, "MULTIPOINT EMPTY"]
    geometries = [ogr.CreateGeometryFromWkt(w) if w else ogr.Geometry(ogr.wkbMultiPoint) for w in wkts]
    uri = write_points(tmp_path / "multi.gpkg", "events", None, None, {"kind": ["a", "b", "c", "d", "e"]},
                       geometries=geometries, geometry_type=ogr.wkbMultiPoint)
    layer = QgsVectorLayer(uri, "multi", "ogr")
    memory = layer.materialize(QgsFeatureRequest())
    request = EventRequest(category_field="kind")
    on_file = load_events(layer, layer, True, request, QgsProcessingFeedback())
    in_memory = load_events(memory, memory, True, request, QgsProcessingFeedback())
    assert list(in_memory.events.x) == [1.0, 3.0, 5.0]
    assert list(in_memory.events.category) == ["a", "b", "b"]
    assert_same_events(on_file, in_memory)


@pytest.mark.parametrize("kind", ["gpkg", "csv"])
def test_selected_features_only_are_read(tmp_path, kind):
    """The source Processing builds for 'Selected features only' (the plugin then reads it through the
    iterator: whole_layer is False) gives the events of the selected features alone."""
    layer = geopackage(tmp_path) if kind == "gpkg" else csv_layer(tmp_path)
    QgsProject.instance().addMapLayer(layer)
    try:
        ids = [f.id() for f in layer.getFeatures() if f["kind"] == "rixe"]
        layer.selectByIds(ids)
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        source = QgsProcessingParameters.parameterAsSource(
            QgsProcessingParameterFeatureSource("INPUT"),
            QgsProcessingFeatureSourceDefinition(layer.id(), selectedFeaturesOnly=True), context)
        selected = load_events(source, layer, False, REQUEST, QgsProcessingFeedback())
        alone = layer.materialize(QgsFeatureRequest().setFilterFids(ids))
        expected = load_events(alone, alone, True, REQUEST, QgsProcessingFeedback())
        total = layer.featureCount()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert selected.report.features == len(ids) < total
    assert set(selected.events.category) == {"rixe"}
    assert_same_events(selected, expected)


@pytest.mark.parametrize("subset", ["\"occurred\" >= '2024-03-01'", "kind = 'vol'"])
def test_shapefile_subset_string_reads_as_qgis_filters(tmp_path, subset):
    """A Shapefile's filter on its date texts or its crime types keeps exactly the features QGIS's own
    filter keeps, on the fast path as through the iterator (dates as text: GDAL 3.10+ writes a Shapefile's
    DateTime as text in its own format)."""
    x, y, stamps, kinds, weights = sample()
    values = columns(stamps, kinds, weights, text_dates=True)
    path = write_points(tmp_path / "events.shp", "events", x, y, values, driver="ESRI Shapefile")
    layer = QgsVectorLayer(path, "events", "ogr")
    layer.setSubsetString(subset)
    fast, slow = both_paths(layer)
    assert 0 < fast.report.features < COUNT
    assert fast.report.features == layer.featureCount()
    assert_same_events(fast, slow)
