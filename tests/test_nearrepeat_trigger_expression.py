"""TRIGGER_EXPRESSION in crimerisk:nearrepeat: evaluated once per feature as the layer is read, carried as one
flag per event; twin records (same place, time and crime type) keep their own flags; dropped events drop theirs."""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

import crimerisk.plugin.io.pipeline as pipeline
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.nearrepeat import near_repeat_surface
from crimerisk.plugin.io.pipeline import EventRequest, load_events
from crimerisk.plugin.io.reading import FlagExpression
from crimerisk.tests.test_processing_nearrepeat import AS_OF_DAYS, raster_grid, run_nearrepeat
from crimerisk.tests.vector_io import write_events

FORCED = "\"modus\" = 'forced'"
NAT = np.datetime64("NaT", "s")


def twin_layer(folder) -> tuple[str, EventSet, np.ndarray]:
    """Events whose pipeline drops two 'forced' records first (no date; after AS_OF), then a twin pair A/B
    (identical place, time and crime type; only A is 'forced'). Returns the layer, the events the
    pipeline keeps (in layer order) and their expected flags."""
    x = np.array([650000.0, 650500.0, 650100.0, 650100.0, 651000.0, 650600.0, 650900.0])
    y = np.array([6860000.0, 6860500.0, 6860100.0, 6860100.0, 6861000.0, 6860200.0, 6860900.0])
    t = AS_OF_DAYS + np.array([-10.0, 2.0, -5.25, -5.25, -3.0, -7.5, -20.0])
    modus = np.array(["forced", "forced", "forced", "other", "other", "forced", "other"], dtype=object)
    events = EventSet.from_arrays(x, y, t=t, category=np.full(7, "burglary", dtype=object))
    when = (np.datetime64("1970-01-01T00:00:00") + np.round(t * 86400).astype("timedelta64[s]")).astype("M8[s]")
    when[0] = NAT
    layer = write_events(str(folder / "twins.gpkg"), "events", events, 2154, extra={"when": when, "modus": modus})
    kept = np.arange(2, 7)
    return layer, events.subset(kept), modus[kept] == "forced"


def test_twin_records_keep_their_own_flags_and_dropped_events_drop_theirs(crimerisk_provider, tmp_path,
                                                                           raster_reader):
    layer, events, flags = twin_layer(tmp_path)
    settings = dict(TIME_FIELD="when", BACKGROUND_WEIGHT=0.0, ALERT_TOP_PERCENT=20)
    result = run_nearrepeat(tmp_path, "forced", layer, TRIGGER_EXPRESSION=FORCED, **settings)
    assert result["TRIGGERS"] == int(flags.sum()) == 2  # A and E; the twin B is 'other'
    values, transform, _ = raster_reader(result["OUTPUT"])
    grid = raster_grid(transform, values.shape)
    expected = near_repeat_surface(events, grid, AS_OF_DAYS, 400.0, 56.0, trigger_mask=flags)
    np.testing.assert_allclose(values, expected.values, rtol=1e-6, equal_nan=True)
    # Matching reads by (x, y, time, crime type) would have made the twin B trigger too, doubling A's weight.
    twins = flags | (np.arange(len(events)) == 1)
    confused = near_repeat_surface(events, grid, AS_OF_DAYS, 400.0, 56.0, trigger_mask=twins)
    assert not np.allclose(values, confused.values, rtol=1e-3, equal_nan=True)
    # The complement selects the other three: the flags are the expression's, event by event.
    other = run_nearrepeat(tmp_path, "other", layer, TRIGGER_EXPRESSION="\"modus\" <> 'forced'", **settings)
    assert other["TRIGGERS"] == int((~flags).sum()) == 3


def test_the_layer_is_read_once_with_an_expression(crimerisk_provider, tmp_path, monkeypatch):
    layer, _, flags = twin_layer(tmp_path)
    reads = []

    def counted(source, layer, fields, whole_layer, feedback=None, flag=None):
        reads.append(flag)
        return read_points(source, layer, fields, whole_layer, feedback, flag)

    read_points = pipeline.read_points
    monkeypatch.setattr(pipeline, "read_points", counted)
    result = run_nearrepeat(tmp_path, "once", layer, TIME_FIELD="when", BACKGROUND_WEIGHT=0.0,
                            TRIGGER_EXPRESSION=FORCED)
    assert len(reads) == 1 and reads[0] is not None
    assert result["TRIGGERS"] == int(flags.sum())
    reads.clear()
    run_nearrepeat(tmp_path, "plain", layer, TIME_FIELD="when", BACKGROUND_WEIGHT=0.0)
    assert reads == [None]


def test_arrow_and_iterator_readers_give_the_same_flags(crimerisk_provider, tmp_path):
    uri, _, _ = twin_layer(tmp_path)
    layer = QgsVectorLayer(uri, "twins", "ogr")
    expression, context = QgsExpression(FORCED), QgsExpressionContext()
    context.setFields(layer.fields())
    assert expression.prepare(context)
    request = EventRequest(time_field="when", flag=FlagExpression(expression, context))
    arrow, iterator = (load_events(layer, layer, whole, request, QgsProcessingFeedback()) for whole in (True, False))
    assert (arrow.report.reader, iterator.report.reader) == ("GDAL Arrow", "QGIS feature iterator")
    assert arrow.flags.tolist() == iterator.flags.tolist() == [True, True, False, False, True, False]
    np.testing.assert_array_equal(arrow.events.t, iterator.events.t)
    layer.setSubsetString("\"modus\" IS NOT NULL")  # QGIS may renumber the features of a subset: the iterator
    subset = load_events(layer, layer, True, request, QgsProcessingFeedback())
    assert subset.report.reader == "QGIS feature iterator" and subset.flags.tolist() == arrow.flags.tolist()


def test_multipoint_features_give_each_point_the_feature_flag(crimerisk_provider):
    layer = QgsVectorLayer("MultiPoint?crs=EPSG:2154&field=when:string&field=modus:string&field=n:integer",
                           "events", "memory")
    rows = [("MULTIPOINT((0 0),(10 0),(20 0))", "2020-01-01", "forced", 1),
            ("MULTIPOINT((0 5))", None, "forced", 2),  # no date: dropped with its flag
            ("MULTIPOINT((5 5),(15 5))", "2020-01-02", "other", None),
            ("MULTIPOINT((7 7))", "2020-01-03", None, 0)]
    features = []
    for wkt, when, modus, n in rows:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature.setAttributes([when, modus, n])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    expected = {FORCED: [True] * 3 + [False] * 3,
                "\"n\"": [True] * 3 + [False] * 3,  # NULL and 0 are false, as in a feature filter
                "\"modus\" IS NULL": [False] * 5 + [True],
                "x(centroid($geometry)) > 8": [True] * 5 + [False]}  # the feature's, not each point's
    for text, flags in expected.items():
        expression = QgsExpression(text)
        context = QgsExpressionContext()
        context.setFields(layer.fields())
        assert expression.prepare(context), text
        loaded = load_events(layer, layer, True, EventRequest(time_field="when", flag=FlagExpression(expression,
                                                                                                      context)),
                             QgsProcessingFeedback())
        assert loaded.report.reader == "QGIS feature iterator"
        assert loaded.flags.tolist() == flags, text
        inside = loaded.subset(loaded.events.x > 8)
        assert inside.flags.tolist() == [f for f, x in zip(flags, loaded.events.x) if x > 8]
    plain = load_events(layer, layer, True, EventRequest(time_field="when"), QgsProcessingFeedback())
    assert plain.flags is None and len(plain.events) == 6
    assert QgsFeatureRequest.ALL_ATTRIBUTES not in QgsExpression(FORCED).referencedColumns()
