"""Every CrimeRisk algorithm run once on the sample town in one language: its log and its HTML report.

Shared by the report tests (the browser's view of each report, the words and numbers a reader sees), so
each algorithm runs once per language for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "crimerisk_sample.gpkg"
EVENTS = f"{SAMPLE}|layername=events"
COMMON = dict(INPUT=EVENTS, TIME_FIELD="occurred", CATEGORY_FIELD="crime_type",
              MASK=f"{SAMPLE}|layername=boundary")
BURGLARY = dict(COMMON, CATEGORIES="burglary")
STREETS = dict(NETWORK=f"{SAMPLE}|layername=streets", LIXEL_LENGTH=25, SNAP_DISTANCE=50)
AS_OF = "2021-01-01"
YEAR_2020 = dict(START="2020-01-01", END="2020-12-31")

#: name -> (algorithm id, parameters, the HTML report's output key or None); in run order ("@name:KEY" takes
#: an output of an earlier run). Small settings: the words and numbers matter here, not the fit.
RUNS: dict[str, tuple[str, dict, str | None]] = {
    "kde": ("crimerisk:kde", dict(BURGLARY, **YEAR_2020, CELL_SIZE=100, RADIUS=400, OUTPUT="{folder}/kde.tif"), None),
    "gistar": ("crimerisk:gistar", dict(COMMON, **YEAR_2020, CELL_SIZE=150, NEIGHBOURHOOD=450,
                                        OUTPUT_Z="TEMPORARY_OUTPUT", OUTPUT_CLASSES="TEMPORARY_OUTPUT"), None),
    "emerging": ("crimerisk:emerginghotspots", dict(COMMON, CELL_SIZE=400, TIME_STEP=2, NEIGHBOURHOOD=800,
                                                    OUTPUT_CATEGORIES="TEMPORARY_OUTPUT",
                                                    OUTPUT_TREND="TEMPORARY_OUTPUT",
                                                    OUTPUT_TABLE="TEMPORARY_OUTPUT"), None),
    # Burglary windows (occurred_end) spread over their hours: the hour x weekday heat tables.
    "trends": ("crimerisk:trends", dict(COMMON, STEP=2, ZONES=f"{SAMPLE}|layername=districts", ZONE_FIELD="name",
                                         TIME_END_FIELD="occurred_end", OUTPUT_TABLE="TEMPORARY_OUTPUT"),
               "OUTPUT_HTML"),
    "knox": ("crimerisk:knox", dict(BURGLARY, SPACE_BAND=100, SPACE_BANDS=5, TIME_BAND=7, TIME_BANDS=5,
                                    PERMUTATIONS=99, OUTPUT="{folder}/knox.csv"), "OUTPUT_HTML"),
    "nearrepeat": ("crimerisk:nearrepeat", dict(BURGLARY, AS_OF=AS_OF, CELL_SIZE=100, KNOX_TABLE="@knox:OUTPUT",
                                                OUTPUT="TEMPORARY_OUTPUT", OUTPUT_ALERTS="TEMPORARY_OUTPUT"), None),
    "sepp": ("crimerisk:sepp", dict(COMMON, AS_OF=AS_OF, HORIZON=7, CELL_SIZE=150, PER_CATEGORY=True,
                                    OUTPUT="{folder}/sepp.tif"), "OUTPUT_REPORT"),
    "mlforecast": ("crimerisk:mlforecast", dict(BURGLARY, AS_OF=AS_OF, HORIZON=7, CELL_SIZE=200,
                                                OUTPUT="TEMPORARY_OUTPUT"), "OUTPUT_REPORT"),
    "placeforecast": ("crimerisk:placeforecast", dict(BURGLARY, AS_OF=AS_OF, HORIZON=7, CELL_SIZE=200,
                                                      OUTPUT="TEMPORARY_OUTPUT"), "OUTPUT_REPORT"),
    "backtest": ("crimerisk:backtest", dict(BURGLARY, CELL_SIZE=200, TEST_START="2020-11-06", FOLDS=4, HORIZON=7,
                                            OUTPUT_FOLDS="TEMPORARY_OUTPUT", OUTPUT_SUMMARY="TEMPORARY_OUTPUT"),
                 "OUTPUT_HTML"),
    "backtest_shift": ("crimerisk:backtest", dict(BURGLARY, CELL_SIZE=200, TEST_START="2020-11-06", FOLDS=4,
                                                  HORIZON=7, SHIFT="22-06", OUTPUT_FOLDS="TEMPORARY_OUTPUT",
                                                  OUTPUT_SUMMARY="TEMPORARY_OUTPUT"), "OUTPUT_HTML"),
    "patrolzones": ("crimerisk:patrolzones", dict(INPUT="@sepp:OUTPUT", BUDGET=5, BUDGET_UNIT=2, MIN_ZONE_CELLS=2,
                                                  UNITS=3, OUTPUT="TEMPORARY_OUTPUT"), None),
    # As scripts/demo.py's intervention step: the planted patrols of 2020, matched 250 m cells as control.
    "intervention": ("crimerisk:intervention", dict(COMMON, TREATED=f"{SAMPLE}|layername=patrol_zones",
                                                    CATCHMENT_DISTANCE=300, CONTROL_METHOD=1, CELL_SIZE=250,
                                                    INTERVENTION_START="2020-03-02", INTERVENTION_END="2020-12-30",
                                                    OUTPUT_TABLE="TEMPORARY_OUTPUT"), "OUTPUT_HTML"),
    "networkkde": ("crimerisk:networkkde", dict(COMMON, **STREETS, **YEAR_2020, BANDWIDTH=300,
                                                OUTPUT="TEMPORARY_OUTPUT"), None),
    "networknearrepeat": ("crimerisk:networknearrepeat", dict(BURGLARY, **STREETS, AS_OF=AS_OF, HORIZON=7,
                                                              KNOX_TABLE="@knox:OUTPUT",
                                                              OUTPUT="{folder}/network_nearrepeat.gpkg"), None),
    "networkbaseline": ("crimerisk:networkbaseline", dict(BURGLARY, **STREETS, AS_OF=AS_OF, HORIZON=7,
                                                          OUTPUT="TEMPORARY_OUTPUT"), None),
    "patrolroutes": ("crimerisk:patrolroutes", dict(INPUT="@networknearrepeat:OUTPUT", RISK_FIELD="value",
                                                    RISK_MEASURE=1, BUDGET=5, BUDGET_UNIT=1, UNITS=3,
                                                    OUTPUT="TEMPORARY_OUTPUT"), None),
    "networkbacktest": ("crimerisk:networkbacktest", dict(BURGLARY, **STREETS, CELL_SIZE=200, TEST_START="2020-11-06",
                                                          FOLDS=4, HORIZON=7, OUTPUT="TEMPORARY_OUTPUT"), None),
}


@dataclass
class SampleRun:
    """What one algorithm told its reader: the log lines, the warnings and the HTML report (if any)."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report: str | None = None
    outputs: dict = field(default_factory=dict)


def _resolve(value, folder: Path, results: dict[str, dict]):
    if isinstance(value, str) and value.startswith("@"):
        name, key = value[1:].split(":")
        return results[name][key]
    return value.format(folder=folder) if isinstance(value, str) and "{folder}" in value else value


def run_all(folder: Path) -> dict[str, SampleRun]:
    """Run every algorithm of :data:`RUNS` in the current language; name -> what it told its reader."""
    import processing
    from crimerisk.tests.test_processing_knox import WarningRecorder

    results: dict[str, dict] = {}
    runs: dict[str, SampleRun] = {}
    for name, (algorithm, parameters, report_key) in RUNS.items():
        parameters = {key: _resolve(value, folder, results) for key, value in parameters.items()}
        if report_key:
            parameters[report_key] = str(folder / f"{name}.html")
        feedback = WarningRecorder()
        results[name] = processing.run(algorithm, parameters, feedback=feedback)
        runs[name] = SampleRun(feedback.lines, feedback.warnings, parameters.get(report_key), results[name])
    return runs
