"""crimerisk:backtest with a street NETWORK: street methods beside the grid ones, scored by street length."""

from __future__ import annotations

import os

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

import processing
from crimerisk.algorithms.events import EventSet
from crimerisk.tests.test_i18n import fr, french_translator
from crimerisk.tests.test_processing_knox import WarningRecorder
from crimerisk.tests.test_processing_network import (X0, Y0, layer, street_town,  # noqa: F401  (a fixture)
                                                     streets_in_degrees)
from crimerisk.tests.vector_io import write_events, write_lines

SCORING = "Scored by share of street length searched (not share of area)"
CHART = "Share of events captured (%) vs share of street length searched (%)"
FAR = 5  # events written 2 km from every street
SCORING_TEMPLATE = ("Scored by share of street length searched (not share of area), as Rosser et al. (2017): {} km "
                    "of streets in the study area, in {} lixels of at most {:g} m; {} events snapped to them, {} "
                    "dropped as farther than {:g} m from every street (used by no method, scored for none).")


@pytest.fixture(scope="module")
def town_with_far_events(street_town, tmp_path_factory):
    """The street town's events plus FAR events far from every street, and its streets."""
    events = street_town["events"]
    far = EventSet.from_arrays(np.full(FAR, X0 + 400.0), np.full(FAR, Y0 - 2_000.0), events.t[:FAR])
    both = EventSet.from_arrays(np.concatenate([events.x, far.x]), np.concatenate([events.y, far.y]),
                                np.concatenate([events.t, far.t]))
    path = str(tmp_path_factory.mktemp("far") / "town.gpkg")
    write_events(path, "events", both, 2154)
    write_lines(path, "streets", street_town["lines"], 2154)
    return path


def run_backtest(events, network, tmp_path, feedback=None, **extra):
    parameters = {"INPUT": events, "TIME_FIELD": "occurred", "CELL_SIZE": 150, "FOLDS": 12, "HORIZON": 7,
                  "METHODS": ["nearrepeat"], "OUTPUT_FOLDS": str(tmp_path / "folds.gpkg"),
                  "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg"), "OUTPUT_HTML": str(tmp_path / "report.html"),
                  **extra}
    if network is not None:
        parameters["NETWORK"] = network
    return processing.run("crimerisk:backtest", parameters, feedback=feedback)


def read_rows(path):
    table = QgsVectorLayer(path, "t", "ogr")
    names = table.fields().names()
    return [dict(zip(names, f.attributes())) for f in table.getFeatures()]


def test_with_a_network_every_method_is_scored_by_street_length(crimerisk_provider, town_with_far_events,
                                                                 tmp_path):
    feedback = WarningRecorder()
    result = run_backtest(f"{town_with_far_events}|layername=events", f"{town_with_far_events}|layername=streets",
                          tmp_path, feedback)
    rows = read_rows(result["OUTPUT_FOLDS"])
    assert {r["method"] for r in rows} == {"nearrepeat", "network_nearrepeat", "last_period", "decayed", "random",
                                           "network_decayed"}
    assert "length_share" in rows[0] and "lixels" in rows[0] and "area_share" not in rows[0]
    at5 = [r for r in rows if r["coverage"] == pytest.approx(5.0)]
    assert all(r["length_share"] == pytest.approx(0.05) for r in at5)
    per_fold = {r["fold"]: r["n_events"] for r in at5}
    assert all(r["n_events"] == per_fold[r["fold"]] for r in at5)  # the same events for every method
    summary = read_rows(result["OUTPUT_SUMMARY"])
    assert "mean_length_share" in summary[0]
    # the far events are counted, named in the log and the report, and used by no method
    assert any(w.startswith(f"{FAR} events farther than 50 m") for w in feedback.warnings)
    assert any(line.startswith(SCORING) and f"{FAR} dropped" in line for line in feedback.lines)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert SCORING in html and f"{FAR} dropped" in html and CHART in html
    assert "of the street length" in result["VERDICT"] and "of the street length" in html
    # the verdict as the reader sees it (log and report) names the street length too, never the area
    assert result["VERDICT"] in feedback.lines and "of the area" not in html
    assert "street length covered (%)" in html and "area covered" not in html
    sentence = [line for line in feedback.lines if line.startswith("Grid or streets at 5% of the street length")]
    assert len(sentence) == 1 and sentence[0].replace("'", "&#x27;") in html
    assert "Near-repeat along the streets" in html


def test_the_networkbacktest_preset_agrees_with_the_backtest_on_the_street_methods(crimerisk_provider,
                                                                                   street_town, tmp_path):
    events, streets = layer(street_town, "events"), layer(street_town, "streets")
    full = run_backtest(events, streets, tmp_path, COVERAGES="1,5,10")
    preset = processing.run("crimerisk:networkbacktest", {
        "INPUT": events, "TIME_FIELD": "occurred", "NETWORK": streets, "CELL_SIZE": 150, "FOLDS": 12, "HORIZON": 7,
        "SPACE_BANDWIDTH": 400, "TIME_BANDWIDTH": 60, "OUTPUT": str(tmp_path / "preset.gpkg")})
    ours = {(r["method"], r["fold"]): r["hit_rate"] for r in read_rows(full["OUTPUT_FOLDS"])
            if r["coverage"] == pytest.approx(5.0)}
    theirs = {(r["method"], r["fold"]): r["hit_rate"] for r in read_rows(preset["OUTPUT"])
              if r["coverage"] == pytest.approx(5.0)}
    for name, preset_name in (("network_nearrepeat", "network_near_repeat"), ("network_decayed", "network_counts")):
        assert [ours[(name, k)] for k in range(12)] == pytest.approx([theirs[(preset_name, k)] for k in range(12)])
    assert preset["NETWORK_HIT_RATE"] == pytest.approx(np.mean([ours[("network_nearrepeat", k)] for k in range(12)]))


def test_bad_networks_are_refused_with_the_fix_and_nothing_is_written(crimerisk_provider, street_town, tmp_path):
    events = layer(street_town, "events")
    with pytest.raises(QgsProcessingException, match="line layer"):
        run_backtest(events, layer(street_town, "events"), tmp_path)
    with pytest.raises(QgsProcessingException, match="SNAP_DISTANCE"):
        run_backtest(events, layer(street_town, "far_streets"), tmp_path)
    for name in ("folds.gpkg", "summary.gpkg", "report.html"):
        assert not os.path.exists(str(tmp_path / name))


def test_a_network_in_degrees_is_reprojected_and_scores_alike(crimerisk_provider, street_town, tmp_path):
    degrees_streets = streets_in_degrees(street_town, tmp_path)
    feedback = WarningRecorder()
    events = layer(street_town, "events")
    (tmp_path / "d").mkdir()
    (tmp_path / "m").mkdir()
    degrees = run_backtest(events, degrees_streets, tmp_path / "d", feedback)
    metric = run_backtest(events, layer(street_town, "streets"), tmp_path / "m")
    assert any("reprojected from EPSG:4326" in line for line in feedback.lines)
    assert degrees["WINNER"] == metric["WINNER"]
    assert degrees["WINNER_PAI"] == pytest.approx(metric["WINNER_PAI"], rel=1e-3)


def test_the_report_names_the_length_scoring_in_french(crimerisk_provider, street_town, tmp_path):
    with french_translator():
        run_backtest(layer(street_town, "events"), layer(street_town, "streets"), tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert fr(CHART) in html and fr(CHART) != CHART
    assert fr("Verdict at {} of the street length").format("5%") in html or fr(
        "Do not deploy: no method clearly beats the best baseline at {} of the street length").format("5%") in html
    facts = fr(SCORING_TEMPLATE)
    assert facts != SCORING_TEMPLATE and facts.split("{}")[0] in html


@pytest.fixture(scope="module")
def long_street_town(tmp_path_factory):
    """The street town over 520 days: enough history for the learned forecasts' year of warm-up."""
    from crimerisk.algorithms.network_simulate import simulate_on_streets, street_grid

    town = street_grid(6, 150.0, seed=5, missing_share=0.0)
    simulated = simulate_on_streets(town, days=520, background_per_day=0.6, branching=0.5, reach=150, seed=8)
    path = str(tmp_path_factory.mktemp("long") / "town.gpkg")
    write_events(path, "events", EventSet.from_arrays(simulated["x"] + X0, simulated["y"] + Y0,
                                                      simulated["t"] + 18_000.0), 2154)
    write_lines(path, "streets", [[(x + X0, y + Y0) for x, y in town.chain_xy[lo:hi]]
                                  for lo, hi in zip(town.chain_ptr[:-1], town.chain_ptr[1:])], 2154)
    return path


def test_the_learned_forecast_runs_on_the_streets_too_when_it_is_chosen(crimerisk_provider, long_street_town,
                                                                        tmp_path):
    feedback = WarningRecorder()
    result = run_backtest(f"{long_street_town}|layername=events", f"{long_street_town}|layername=streets", tmp_path,
                          feedback, METHODS=["mlforecast"], FOLDS=5)
    rows = [r for r in read_rows(result["OUTPUT_FOLDS"]) if r["coverage"] == pytest.approx(5.0)]
    learned = {r["fold"]: r for r in rows if r["method"] == "network_learned"}
    assert sorted(learned) == list(range(5))
    for row in learned.values():  # scored on every fold (a failed fold has no hits)
        assert row["length_share"] == pytest.approx(0.05)
        assert isinstance(row["hits"], (int, float)) and 0 <= row["hits"] <= row["n_events"]
    assert not [w for w in feedback.warnings if "failed on fold" in w]
    assert {r["method"] for r in rows} >= {"mlforecast", "network_learned", "network_nearrepeat", "network_decayed"}
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Learned forecast on the streets" in html
