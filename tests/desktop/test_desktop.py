"""The real QGIS desktop, as an analyst uses it (issue 12): every algorithm run from its dialog on the
sample data, in English and in French, and the shipped model from the model designer.

One QGIS start per language (harness.py starts it, driver.py drives it); the tests read what the
driver recorded. Screenshots of every run are kept in the artefacts folder printed at the end.
"""

from __future__ import annotations

import re

import pytest

from harness import run_desktop

pytestmark = pytest.mark.desktop

#: Street-network algorithms (issue 15) run from their dialogs on the sample town's streets.
NETWORK_RUNS = ("networkkde", "networknearrepeat", "patrolroutes", "networkbaseline", "networkbacktest",
                "networklearned")
#: Registered, not run from their dialogs here.
NOT_RUN_HERE: set[str] = set()
ALGORITHMS = ("kde", "gistar", "emerginghotspots", "knox", "nearrepeat", "trends", "sepp", "mlforecast",
              "placeforecast", "backtest", "intervention", "patrolzones_kde", "patrolzones_sepp", "model") + NETWORK_RUNS
RISK_CLASSES = {"en": ["top 1%", "1-5%", "5-10%", "10-20%", "20-50%"],
                "fr": ["1 % les plus élevés", "1-5 %", "5-10 %", "10-20 %", "20-50 %"]}
WORDS = {"en": {"all": "all crime types", "kde": "KDE", "sepp": "SEPP", "zones": "Patrol zones",
                "week": "week from", "density": "events per km²", "styles": "CrimeRisk classes"},
         "fr": {"all": "tous types de faits", "kde": "KDE", "sepp": "SEPP", "zones": "Zones de patrouille",
                "week": "semaine du", "density": "faits par km²", "styles": "Classes CrimeRisk"}}


@pytest.fixture(scope="module", params=["en", "fr"])
def desktop(request, tmp_path_factory):
    language = request.param
    seen = run_desktop(language, tmp_path_factory.mktemp(f"desktop-{language}"))
    seen["language"] = language
    return seen


def test_the_session_ran_every_algorithm_and_the_model(desktop):
    assert desktop["plugin_loaded"] and desktop["provider"] and not desktop["errors"], desktop["errors"]
    assert desktop.get("finished"), "QGIS stopped before the end (see qgis-stderr.txt in the artefacts)"
    assert set(desktop["runs"]) == set(ALGORITHMS)
    assert set(desktop["algorithms"]) == ({f"crimerisk:{key}" for key in ALGORITHMS[:11]} | {"crimerisk:patrolzones"}
                                          | {f"crimerisk:{key}" for key in NETWORK_RUNS + tuple(NOT_RUN_HERE)})


@pytest.mark.parametrize("key", ALGORITHMS)
def test_each_dialog_run_ends_without_error_and_loads_its_layers(desktop, key):
    run = desktop["runs"][key]
    assert run["ok"] and not run.get("timed_out") and not run.get("message_boxes"), run.get("message_boxes")
    assert not run["red"], run["red"]  # nothing in red in the dialog's log ("not correctly generated"...)
    assert "e+0" not in run["log"] and "e+1" not in run["log"]  # no scientific notation in the log
    assert run["layers"] and all(layer["valid"] for layer in run["layers"])
    assert "driver_error" not in run, run.get("driver_error")


def test_no_python_error_in_the_message_log(desktop):
    assert desktop["messages_python_errors"] == []
    critical = [m for m in desktop["messages"] if m["level"] >= 2 and m["tag"] in ("Processing", "CrimeRisk")]
    assert critical == []


def raster(run: dict) -> dict:
    return next(layer for layer in run["layers"] if "items" in layer)


def test_risk_legend_reads_top_down_with_band_labels_and_a_title(desktop):
    words = WORDS[desktop["language"]]
    layer = raster(desktop["runs"]["kde"])
    assert layer["name"] == f"{words['kde']} · burglary · 2020"
    assert layer["legend"][0] == f"burglary · 2020 · {words['density']}"  # not "Band 1: ... (Gray)"
    assert layer["legend"][1:6] == RISK_CLASSES[desktop["language"]]
    assert layer["expanded"]
    # The renderer's own page shows the same classes: finite bounds, min/max set, the classes' colours.
    values = [item["value"] for item in layer["items"]]
    assert None not in values and values == sorted(values)
    assert layer["minimum"] is not None and layer["maximum"] == values[-1]
    assert [item["label"] for item in layer["items"]][::-1][:5] == RISK_CLASSES[desktop["language"]]
    assert layer["source_ramp"][-1] == layer["items"][-1]["colour"]
    page = layer["page"]  # the symbology page opens on these classes, not on a ramp of its own
    assert page["items"] == [{"value": i["value"], "label": i["label"]} for i in layer["items"]]
    assert [page["minimum"], page["maximum"]] == pytest.approx([layer["minimum"], layer["maximum"]], rel=1e-6)
    # Classify recomputes QGIS's own classes; the CrimeRisk classes stay one click away in the styles.
    assert WORDS[desktop["language"]]["styles"] in page["styles"]


def test_forecast_layer_is_named_by_what_it_shows(desktop):
    words = WORDS[desktop["language"]]
    layer = raster(desktop["runs"]["sepp"])
    assert re.fullmatch(rf"{words['sepp']} · burglary · {words['week']} \d{{4}}-\d\d-\d\d", layer["name"])
    assert layer["legend"][0].startswith("burglary · ") and layer["expanded"]


def test_patrol_zones_stand_out_over_their_forecast(desktop):
    words = WORDS[desktop["language"]]
    for key, source in (("patrolzones_sepp", "sepp"), ("patrolzones_kde", "kde")):
        zones = desktop["runs"][key]["layers"][0]
        assert zones["name"] == f"{words['zones']} · {raster(desktop['runs'][source])['name']}"
        assert zones["labels"] and zones["label_buffer"]
        for symbol in zones["symbols"]:
            assert symbol["style"] == "no" and symbol["layers"] == 2  # no fill over the map; halo + outline
            assert float(symbol["outline_width"]) >= 0.6


def test_density_patrol_zones_report_shares_not_expected_events(desktop):
    log = desktop["runs"]["patrolzones_kde"]["log"]
    assert not re.search(r"\d expected events|\d faits attendus", log)
    assert desktop["runs"]["patrolzones_kde"]["results"]["EXPECTED_EVENTS"] == "None"
    assert re.search(r"\d expected events|\d faits attendus", desktop["runs"]["patrolzones_sepp"]["log"])


def test_gi_star_not_significant_is_transparent(desktop):
    classes = next(layer for layer in desktop["runs"]["gistar"]["layers"] if layer["renderer"] == "paletted")
    not_significant = next(item for item in classes["items"] if item["value"] == 0)
    assert not_significant["alpha"] == 0


def test_names_fit_the_toolbox_and_the_model_designer(desktop):
    toolbox = desktop["toolbox"]
    # The tree indents each algorithm under its provider and group (~60 px) and draws its icon.
    too_wide = {key: width for key, width in toolbox["name_widths"].items() if width > toolbox["toolbox_width"] - 80}
    assert too_wide == {}
    for box in desktop["model"]["boxes"]:
        assert box["text_width"] <= box["box_width"] - 50, box  # icon and buttons take ~50 px


def test_model_inputs_come_in_a_sensible_order_with_defaults(desktop):
    inputs = desktop["model"]["inputs"]
    assert [i["name"] for i in inputs][:4] == ["events", "date_field", "crime_type_field", "crime_types"]
    assert {i["name"]: i["default"] for i in inputs}["crime_type_field"] == "crime_type"


def test_near_repeat_alerts_are_ranked_outlines_over_the_risk(desktop):
    alerts = next(layer for layer in desktop["runs"]["nearrepeat"]["layers"] if layer.get("symbols"))
    assert alerts["renderer"] == "graduatedSymbol" and alerts["labels"] and alerts["label_buffer"]
    for symbol in alerts["symbols"]:  # not QGIS's random opaque fill, which hides the risk underneath
        assert symbol["style"] == "no" and symbol["layers"] == 2


def test_emerging_no_pattern_is_transparent(desktop):
    classes = next(layer for layer in desktop["runs"]["emerginghotspots"]["layers"]
                   if layer.get("renderer") == "paletted")
    assert next(item for item in classes["items"] if item["value"] == 0)["alpha"] == 0
    assert all(item["alpha"] == 255 for item in classes["items"] if item["value"] != 0)


def test_reports_are_named_after_their_algorithm(desktop):
    """The Results Viewer lists reports by their output's name: a generic 'Model report' says nothing."""
    names = {key: [d["description"] for d in desktop["algorithms"][f"crimerisk:{key}"]["html_outputs"]]
             for key in ("sepp", "mlforecast", "placeforecast", "intervention")}
    words = {"en": ("SEPP", "Learned forecast", "Place forecast", "Intervention"),
             "fr": ("SEPP", "Prévision apprise", "Prévision par lieux", "intervention")}[desktop["language"]]
    for (key, found), word in zip(names.items(), words):
        assert len(found) == 1 and word.lower() in found[0].lower(), (key, found)


def test_peak_hour_map_is_named_and_its_legend_reads_hours(desktop):
    """Trends with the burglary windows (TIME_END_FIELD) and the peak-hour raster."""
    run = desktop["runs"]["trends"]
    assert run["parameters"]["TIME_END_FIELD"] == "occurred_end"
    peak = raster(run)
    assert peak["name"].startswith({"en": "Peak hour · burglary · ", "fr": "Heure de pointe · burglary · "}[
        desktop["language"]]), peak["name"]
    assert peak["legend"][0].startswith("burglary · ") and not peak["legend"][0].startswith("Band")
    assert [item["label"] for item in peak["items"]] == [f"{h:02d}:00-{(h + 1) % 24:02d}:00" for h in range(24)]


def test_backtest_on_a_night_shift_scores_the_shift(desktop):
    run = desktop["runs"]["backtest"]
    assert run["parameters"]["SHIFT"] == "22-06"
    assert "22-06" in run["log"]


@pytest.mark.parametrize("key", ["networkkde", "networknearrepeat", "networkbaseline", "networklearned"])
def test_street_maps_are_lines_styled_by_risk_class_with_the_raster_words(desktop, key):
    lines = next(layer for layer in desktop["runs"][key]["layers"] if layer.get("symbols"))
    assert lines["renderer"] == "categorizedSymbol"
    assert lines["legend"][:5] == RISK_CLASSES[desktop["language"]], lines["legend"]
    assert lines["legend"][5].startswith({"en": "rest (below", "fr": "reste (sous"}[desktop["language"]])
    assert "burglary" in lines["name"], lines["name"]


def test_patrol_routes_are_drawn_per_unit(desktop):
    routes = next(layer for layer in desktop["runs"]["patrolroutes"]["layers"] if layer.get("symbols"))
    assert routes["renderer"] == "categorizedSymbol" and routes["features"] > 0
    assert routes["legend"][:3] == [{"en": "unit {}", "fr": "unité {}"}[desktop["language"]].format(u) for u in (1, 2, 3)]


def test_network_backtest_loads_its_scores(desktop):
    run = desktop["runs"]["networkbacktest"]
    scores = run["layers"][0]
    assert scores["features"] > 0 and "method" in scores["fields"]
    # The log names the methods in words, not by their table identifiers.
    assert not re.search(r"^(grid|network)_(counts|near_repeat) at", run["log"], flags=re.M)
