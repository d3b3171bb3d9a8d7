"""crimerisk:backtest through processing.run: tables equal the pure backtest, report, refusals."""

import math

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

import processing
from crimerisk.algorithms.evaluate import backtest, compare_to_baselines, describe_winner
from crimerisk.algorithms.events import EventSet, datetime64_from_days, days_from_datetime64
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.registry import REGISTRY as METHODS, baseline_names, name_of_label
from crimerisk.algorithms.registry import labelled_methods as build_methods
from crimerisk.plugin.processing.backtest import parse_coverages

# Multiples of the cell size, wider than the town: the grid is exactly this box.
BOX = (639900.0, 6854700.0, 652200.0, 6864300.0)
EXTENT = f"{BOX[0]},{BOX[2]},{BOX[1]},{BOX[3]} [EPSG:2154]"
CELL = 300.0
SUMMARY_FIELDS = {"method", "coverage", "folds", "hit_rate", "pai", "pei_star"} | {
    f"{m}_ci_{side}" for m in ("hit_rate", "pai", "pei_star") for side in ("low", "high")}


def features(path):
    layer = QgsVectorLayer(path, "t", "ogr")
    assert layer.isValid(), path
    return [f.attributes() for f in layer.getFeatures()], [f.name() for f in layer.fields()]


def table(path):
    rows, names = features(path)
    return [dict(zip(names, r)) for r in rows], names


def as_stored(events: EventSet) -> EventSet:
    """The events as the GeoPackage holds them: times to the second."""
    t = days_from_datetime64(datetime64_from_days(events.t))
    return EventSet.from_arrays(events.x, events.y, t=t, category=events.category)


def run(tmp_path, **parameters):
    base = {"INPUT": parameters.pop("INPUT"), "TIME_FIELD": "occurred", "CELL_SIZE": CELL, "EXTENT": EXTENT,
            "METHODS": ["kde"], "FOLDS": 4, "HORIZON": 7, "OUTPUT_FOLDS": str(tmp_path / "folds.gpkg"),
            "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg"), "OUTPUT_HTML": str(tmp_path / "report.html")}
    base.update(parameters)
    return processing.run("crimerisk:backtest", base)


def test_summary_and_folds_equal_the_pure_backtest(crimerisk_provider, demo_gpkg, demo_events, tmp_path):
    result = run(tmp_path, INPUT=f"{demo_gpkg}|layername=events")
    events = as_stored(demo_events[0])
    grid = Grid.covering(*BOX, CELL)
    events = events.subset(grid.contains(events.x, events.y))
    # Default test start: the 4 weekly folds end at midnight on the day of the last event.
    start = math.floor(events.t.max()) - 28.0
    direct = backtest(events, grid, build_methods(["kde"], {"seed": 42}), start, 4, 7.0, (0.01, 0.05, 0.10, 0.20))

    summary, names = table(result["OUTPUT_SUMMARY"])
    assert SUMMARY_FIELDS <= set(names)
    assert len(summary) == 4 * 4  # kde + three baselines, four coverages
    assert {r["method"] for r in summary} == {"kde", *baseline_names()}
    for row in summary:
        expected = direct.summary_for(METHODS[row["method"]].label, row["coverage"] / 100.0)
        assert row["folds"] == expected["folds"] == 4
        for metric in ("hit_rate", "pai", "pei_star"):
            for suffix, key in (("", "_mean"), ("_ci_low", "_ci_low"), ("_ci_high", "_ci_high")):
                assert row[metric + suffix] == pytest.approx(expected[metric + key], rel=1e-9)

    folds, _ = table(result["OUTPUT_FOLDS"])
    assert len(folds) == 4 * 4 * 4
    last = max(folds, key=lambda r: r["fold"])
    assert last["fold_end"] == str(np.datetime_as_string(datetime64_from_days(math.floor(events.t.max())), unit="D"))
    by_key = {(r["method"], r["coverage"], r["fold"]): r for r in direct.rows}
    for row in folds:
        expected = by_key[(METHODS[row["method"]].label, row["coverage"] / 100.0, row["fold"])]
        assert row["hits"] == expected["hits"] and row["n_events"] == expected["n_events"]
        assert row["n_training"] == expected["n_training"]
        assert row["pai"] == pytest.approx(expected["pai"], rel=1e-9)

    baselines = [METHODS[n].label for n in baseline_names()]
    verdict = describe_winner(direct, baselines, 0.05)
    assert result["VERDICT"] == verdict
    best = max(direct.summary, key=lambda r: r["pai_mean"] if r["coverage"] == 0.05 else -1)
    assert result["WINNER"] == name_of_label(best["method"])
    assert result["WINNER_PAI"] == pytest.approx(best["pai_mean"], rel=1e-9)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert verdict.replace("'", "&#x27;") in html
    comparison = compare_to_baselines(direct, baselines, 0.05)
    clearly_better = comparison["paired"][1] > 0  # the paired 95% interval excludes 0
    assert ("Do not deploy" in html) == (not clearly_better) == (not result["BEATS_BASELINE"])
    assert (comparison["difference"] <= 0) == (result["WINNER"] in baseline_names())
    assert "<svg" in html and "Fitted parameters per fold" in html and "radius (m)" in html


def test_the_place_forecast_runs_beside_the_baselines(crimerisk_provider, demo_gpkg, demo_events, tmp_path):
    """Method 'placeforecast' in the backtest: its scores are the pure backtest's, beside the baselines."""
    pytest.importorskip("sklearn")
    result = run(tmp_path, INPUT=f"{demo_gpkg}|layername=events", METHODS=["placeforecast"], FOLDS=2,
                 CATEGORIES="burglary", CATEGORY_FIELD="crime_type")
    summary, _ = table(result["OUTPUT_SUMMARY"])
    assert {r["method"] for r in summary} == {"placeforecast", *baseline_names()}
    events = as_stored(demo_events[0]).of_categories(["burglary"])
    grid = Grid.covering(*BOX, CELL)
    events = events.subset(grid.contains(events.x, events.y))
    start = math.floor(events.t.max()) - 14.0
    direct = backtest(events, grid, build_methods(["placeforecast"], {"seed": 42}), start, 2, 7.0,
                      (0.01, 0.05, 0.10, 0.20))
    for row in summary:
        expected = direct.summary_for(METHODS[row["method"]].label, row["coverage"] / 100.0)
        assert row["pai"] == pytest.approx(expected["pai_mean"], rel=1e-9)
    assert "Place forecast (long-memory places, learned)" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_a_test_start_before_every_event_is_refused(crimerisk_provider, demo_gpkg, tmp_path):
    with pytest.raises(QgsProcessingException, match="no past to learn from"):
        run(tmp_path, INPUT=f"{demo_gpkg}|layername=events", TEST_START="2017-06-01")
    with pytest.raises(QgsProcessingException, match="no past to learn from"):
        run(tmp_path, INPUT=f"{demo_gpkg}|layername=events", FOLDS=200)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text, message", [("5,abc", "not a list of numbers"), ("0,150", "above 0 and at most 100"),
                                           ("", "COVERAGES")])
def test_bad_coverages_are_refused(crimerisk_provider, demo_gpkg, tmp_path, text, message):
    with pytest.raises(QgsProcessingException, match=message):
        run(tmp_path, INPUT=f"{demo_gpkg}|layername=events", COVERAGES=text)
    assert list(tmp_path.iterdir()) == []


def test_coverages_parse_as_shares():
    assert parse_coverages("1, 5;10 20") == [0.01, 0.05, 0.10, 0.20]
    assert parse_coverages("5,5") == [0.05]


class CancelAfterFirstFold(QgsProcessingFeedback):
    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        if progress > 10:
            self.cancel()


def test_cancel_stops_without_output(crimerisk_provider, demo_gpkg, tmp_path):
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("crimerisk:backtest", {
            "INPUT": f"{demo_gpkg}|layername=events", "TIME_FIELD": "occurred", "CELL_SIZE": CELL, "METHODS": ["kde"],
            "FOLDS": 4, "OUTPUT_FOLDS": str(tmp_path / "f.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")},
            feedback=CancelAfterFirstFold())
    assert list(tmp_path.iterdir()) == []
