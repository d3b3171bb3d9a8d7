"""crimerisk:knox through processing.run: the table equals knox_test, the report, the extent, bad input."""

from __future__ import annotations

import html
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

import processing
from crimerisk.algorithms.aoristic import window_midpoints
from crimerisk.algorithms.events import EventSet
from crimerisk.algorithms.knox import ROW_FIELDS, KnoxTable, knox_test
from crimerisk.plugin.io.pipeline import EventRequest, load_events
from crimerisk.plugin.processing.knox import summary_sentences, table_rows
from crimerisk.tests.vector_io import write_events

PERMUTATIONS = 99
BANDS = dict(space_band=100.0, space_bands=5, time_band=7.0, time_bands=5)


def pipeline_events(gpkg: str, categories=("burglary",)):
    """The events of the demo GeoPackage read through the shared pipeline, as the algorithm reads them."""
    layer = QgsVectorLayer(f"{gpkg}|layername=events", "events", "ogr")
    request = EventRequest(time_field="occurred", category_field="crime_type", categories=tuple(categories),
                           time_required=True)
    return load_events(layer, layer, True, request, QgsProcessingFeedback()).events


def knox_parameters(gpkg: str, **changes) -> dict:
    parameters = dict(INPUT=f"{gpkg}|layername=events", TIME_FIELD="occurred", CATEGORY_FIELD="crime_type",
                      CATEGORIES="burglary", PERMUTATIONS=PERMUTATIONS, SEED=42, OUTPUT="memory:")
    parameters.update(changes)
    return parameters


def layer_rows(layer: QgsVectorLayer) -> list[dict]:
    names = layer.fields().names()
    return [{name: plain(feature[name]) for name in names} for feature in layer.getFeatures()]


def plain(value):
    """A feature attribute with QGIS's NULL as None."""
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def test_table_equals_knox_test_and_report_has_the_heat_table_and_sentences(crimerisk_provider, demo_gpkg,
                                                                             tmp_path):
    report = tmp_path / "knox.html"
    result = processing.run("crimerisk:knox", knox_parameters(demo_gpkg, OUTPUT_HTML=str(report)))
    expected = knox_test(pipeline_events(demo_gpkg), **BANDS, permutations=PERMUTATIONS, seed=42)
    rows = layer_rows(result["OUTPUT"])
    assert result["OUTPUT"].fields().names() == list(ROW_FIELDS)
    assert len(rows) == 36
    for row, truth in zip(rows, table_rows(expected)):
        for name in ROW_FIELDS:
            if truth[name] is None or (isinstance(truth[name], float) and math.isnan(truth[name])):
                assert row[name] is None, name
            else:
                assert row[name] == pytest.approx(truth[name], rel=1e-12), name
    # The beyond bands have no upper edge; the others are [from, from + width).
    assert [row["space_to"] for row in rows[-6:]] == [None] * 6
    assert [row["time_to"] for row in rows[5::6]] == [None] * 6
    extent = expected.significant_extent(0.05)
    assert extent is not None  # the demo town's burglaries repeat nearby (known truth of the simulation)
    assert (result["SIGNIFICANT_DISTANCE"], result["SIGNIFICANT_DAYS"]) == (extent.space_distance, extent.time_span)
    text = report.read_text(encoding="utf-8")
    assert "<table>" in text and "[0, 100) m" in text and "[500 m, ∞)" in text and "[35 days, ∞)" in text
    sentences = summary_sentences(expected, "burglary", 0.05)
    assert len(sentences) == len(expected.summary_sentences("burglary", 0.05))  # one per significant band
    assert sentences[0].startswith("Within 100 m and within 7 days of an event (burglary), the risk of another is")
    for sentence in sentences:
        assert html.escape(sentence, quote=False) in text
    heat = text[text.index("<table>"):text.index("</table>")]
    significant = (expected.p_value < 0.05) & (expected.ratio > 1)
    assert heat.count("background:") == int(significant.sum()) > 0
    assert heat.count("color:#999") == significant.size - int(significant.sum())


def test_table_read_back_gives_the_same_extent(crimerisk_provider, demo_gpkg, tmp_path):
    table = str(tmp_path / "knox.gpkg")
    result = processing.run("crimerisk:knox", knox_parameters(demo_gpkg, SAME_LOCATION=True, METRIC=1,
                                                                 OUTPUT=table))
    layer = QgsVectorLayer(result["OUTPUT"], "knox", "ogr")
    rows = layer_rows(layer)
    assert rows[0]["space_from"] == 0 and rows[0]["space_to"] == 1.0 and rows[6]["space_to"] == 100.0
    expected = knox_test(pipeline_events(demo_gpkg), **BANDS, permutations=PERMUTATIONS, seed=42,
                         same_location=True, metric="manhattan")
    assert [row["observed"] for row in rows] == expected.observed.ravel().tolist()
    rebuilt = KnoxTable.from_rows(rows[::-1])  # any row order
    assert rebuilt.same_location
    np.testing.assert_array_equal(rebuilt.space_edges, expected.space_edges)
    np.testing.assert_allclose(rebuilt.ratio, expected.ratio, rtol=1e-12)
    for alpha in (0.05, 0.02):
        assert rebuilt.significant_extent(alpha) == expected.significant_extent(alpha)
    assert (result["SIGNIFICANT_DISTANCE"], result["SIGNIFICANT_DAYS"]) == (
        expected.significant_extent(0.05).space_distance, expected.significant_extent(0.05).time_span)


def test_rows_of_another_table_are_refused():
    with pytest.raises(ValueError, match="no field ratio, p_value"):
        KnoxTable.from_rows([{"space_from": 0, "space_to": 1, "time_from": 0, "time_to": 1, "observed": 1}])
    rows = [dict(space_from=0.0, space_to=100.0, time_from=0.0, time_to=7.0, observed=3, ratio=1.0, p_value=0.5)]
    with pytest.raises(ValueError, match="one row per pair of space and time bands"):
        KnoxTable.from_rows(rows)


class CancelHalfway(QgsProcessingFeedback):
    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        if progress > 50:
            self.cancel()


@pytest.mark.parametrize("changes, message", [
    (dict(TIME_FIELD=""), "Incorrect parameter value for TIME_FIELD"),
    (dict(TIME_FIELD="crime_type", CATEGORY_FIELD="", CATEGORIES=""),
     "No event has a valid date in field 'crime_type'"),
    (dict(PERMUTATIONS=0), "PERMUTATIONS"),
    (dict(SPACE_BAND=0.0), "space_band must be a positive"),
    (dict(INPUT="two"), "the Knox test needs at least 3 events, got 2"),
])
def test_bad_input_is_refused_without_output(crimerisk_provider, demo_gpkg, tmp_path_factory, tmp_path, changes,
                                             message):
    if changes.get("INPUT") == "two":
        two = EventSet.from_arrays([650000.0, 650100.0], [6860000.0, 6860000.0], t=[17600.0, 17601.0],
                                   category=["burglary", "burglary"])
        changes["INPUT"] = write_events(str(tmp_path_factory.mktemp("two") / "two.gpkg"), "events", two, 2154)
    parameters = knox_parameters(demo_gpkg, OUTPUT=str(tmp_path / "knox.gpkg"),
                                 OUTPUT_HTML=str(tmp_path / "knox.html"), **changes)
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("crimerisk:knox", parameters)
    assert list(tmp_path.iterdir()) == []


def test_cancel_through_the_progress_callback_writes_nothing(crimerisk_provider, demo_gpkg, tmp_path):
    parameters = knox_parameters(demo_gpkg, OUTPUT=str(tmp_path / "knox.gpkg"))
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("crimerisk:knox", parameters, feedback=CancelHalfway())
    assert list(tmp_path.iterdir()) == []


class WarningRecorder(QgsProcessingFeedback):
    """Keeps the log lines and the warnings apart."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.warnings: list[str] = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning):  # noqa: N802
        self.warnings.append(warning)
        super().pushWarning(warning)


@pytest.mark.parametrize("time_band, warned", [(7.0, False), (0.2, True)])
def test_time_windows_are_paired_at_their_middle(crimerisk_provider, time_band, warned):
    """The sample town's burglaries with a window (occurred_end) enter the test at the middle of the
    window; windows longer than the time band are warned about."""
    sample = str(Path(__file__).resolve().parents[1] / "resources" / "sample" / "crimerisk_sample.gpkg")
    layer = QgsVectorLayer(f"{sample}|layername=events", "events", "ogr")
    request = EventRequest(time_field="occurred", category_field="crime_type", categories=("burglary",),
                           time_required=True, time_end_field="occurred_end")
    events = load_events(layer, layer, True, request, QgsProcessingFeedback()).events
    middles, lengths = window_midpoints(events.t, events.t_end)
    assert (lengths > 0).sum() > 100  # the sample's burglaries carry windows
    bands = dict(BANDS, time_band=time_band)
    expected = knox_test(replace(events, t=middles, t_end=None), **bands, permutations=PERMUTATIONS, seed=42)
    feedback = WarningRecorder()
    result = processing.run("crimerisk:knox", dict(
        INPUT=f"{sample}|layername=events", TIME_FIELD="occurred", TIME_END_FIELD="occurred_end",
        CATEGORY_FIELD="crime_type", CATEGORIES="burglary", PERMUTATIONS=PERMUTATIONS, SEED=42, TIME_BAND=time_band,
        OUTPUT="memory:"), feedback=feedback)
    observed = [row["observed"] for row in layer_rows(result["OUTPUT"])]
    assert observed == [row["observed"] for row in table_rows(expected)]
    at_start = knox_test(replace(events, t_end=None), **bands, permutations=PERMUTATIONS, seed=42)
    assert not np.array_equal(at_start.observed, expected.observed)  # the middles did change the pairs
    assert any("placed at the middle of their window" in line for line in feedback.lines)
    assert any("longer than the time band" in warning for warning in feedback.warnings) == warned
