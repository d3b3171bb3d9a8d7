"""The main job on the bundled sample data, through the real qgis_process: every CrimeRisk
algorithm, styled GeoTIFFs, street line layers (GeoPackage with a .qml style), HTML reports, tables, and a
PNG map of each mapped result.

Run: bash scripts/demo.sh [output folder]   (sets everything up first)
The analysis date is 2021-01-01: the sample holds 2018-2020, so forecasts are for the first
week of 2021 and the backtest scores the last weeks of 2020.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from qgis_process_runner import QgisProcess  # noqa: E402
from render_map import render_map  # noqa: E402

SAMPLE = ROOT / "resources" / "sample" / "crimerisk_sample.gpkg"
EVENTS = f"{SAMPLE}|layername=events"
BOUNDARY = f"{SAMPLE}|layername=boundary"
DISTRICTS = f"{SAMPLE}|layername=districts"
BARS = f"{SAMPLE}|layername=bars"
ROADS = f"{SAMPLE}|layername=main_roads"
PATROLS = f"{SAMPLE}|layername=patrol_zones"
STREETS = f"{SAMPLE}|layername=streets"
COMMON = dict(INPUT=EVENTS, TIME_FIELD="occurred", CATEGORY_FIELD="crime_type", MASK=BOUNDARY)
BURGLARY = dict(COMMON, CATEGORIES="burglary")
AS_OF = "2021-01-01"
DOCS_IMAGES = ROOT / "docs" / "images"


class Demo:
    def __init__(self, out: Path, qgis: QgisProcess | None = None):
        self.out = out
        self.qgis = qgis or QgisProcess(out / ".qgis")
        self.summary: list[dict] = []
        self.maps: list[Path] = []

    def run(self, title: str, algorithm: str, maps: dict[str, tuple[str, str]] | None = None,
            legend: str | None = None, events: bool = True, streets: bool = False, **parameters) -> dict:
        """Run one algorithm, keep its results, and map each output named in ``maps`` (output key -> (png
        name, map title)) over the events and the streets if asked; ``legend`` heads a vector output's legend."""
        started = time.time()
        results = self.qgis.run(algorithm, **parameters)["results"]
        seconds = time.time() - started
        print(f"  {algorithm:28s} {seconds:6.1f} s  {title}")
        for key, (png, map_title) in (maps or {}).items():
            path = self.out / png
            # Rasters carry their facts in their metadata; street maps (drawn without the events) take the run's.
            subtitle = " · ".join([title] + ([] if events else street_facts(results)))
            render_map(str(path), str(results[key]), map_title, subtitle=subtitle, events_uri=EVENTS if events else None,
                       boundary_uri=BOUNDARY, layer_name=legend, streets_uri=STREETS if streets else None)
            self.maps.append(path)
        self.summary.append({"algorithm": algorithm, "title": title, "seconds": round(seconds, 2),
                             "results": results})
        return results

    def file(self, name: str) -> str:
        return str(self.out / name)


def street_facts(results: dict) -> list[str]:
    """What a street map's subtitle adds from the run's numeric outputs."""
    facts = []
    if results.get("LIXELS"):
        facts.append(f"{int(results['EVENTS']):,} events on {int(results['LIXELS']):,} lixels")
    if results.get("SPACE_BANDWIDTH_USED"):
        facts.append(f"{results['SPACE_BANDWIDTH_USED']:g} m and {results['TIME_BANDWIDTH_USED']:g} days from "
                     f"{int(results['TRIGGERS']):,} recent events")
    if results.get("ROUTES"):
        facts.append(f"{int(results['ROUTES'])} routes, {results['LENGTH_M'] / 1000:.1f} km")
    return facts


def best_forecaster(summary_csv: str, coverage: float = 5.0) -> str:
    """The non-baseline method with the highest mean PAI at ``coverage`` percent."""
    with open(summary_csv, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["is_baseline"].lower() in ("false", "0") and abs(float(r["coverage"]) - coverage) < 1e-6]
    return max(rows, key=lambda r: float(r["pai"] or "nan"))["method"]


def network_step(demo: Demo, knox_table: str) -> None:
    """Risk on the sample town's streets: density of 2020, burglary near-repeat risk for the week from
    ``AS_OF`` (bandwidths from the Knox table), and patrol routes on its riskiest 5% of street length."""
    f = demo.file
    street = dict(NETWORK=STREETS, LIXEL_LENGTH=25, SNAP_DISTANCE=50)
    demo.run("All crime, 2020, 300 m along the streets", "crimerisk:networkkde",
             {"OUTPUT": ("network_kde_2020.png", "Street kernel density: all crime, 2020")},
             legend="Events per km of street per year (class: share of street length)", events=False,
             **COMMON, **street, START="2020-01-01", END="2020-12-31", BANDWIDTH=300, OUTPUT_VALUE=0,
             OUTPUT=f("network_kde_2020.gpkg"))
    risk = demo.run(f"Burglary risk for {AS_OF} along the streets, bandwidths from the Knox test",
                    "crimerisk:networknearrepeat",
                    {"OUTPUT": ("network_nearrepeat_burglary.png", f"Street near-repeat burglary risk, {AS_OF}")},
                    legend="Relative risk, 1 = network average (class: share of street length)", events=False,
                    **BURGLARY, **street, AS_OF=AS_OF, HORIZON=7, KNOX_TABLE=knox_table,
                    OUTPUT=f("network_nearrepeat_burglary.gpkg"))
    demo.run("5% of the street length from the street near-repeat risk, 3 patrol units", "crimerisk:patrolroutes",
             {"OUTPUT": ("patrol_routes.png", f"Patrol routes, week from {AS_OF} (street near-repeat risk)")},
             legend="Patrol routes by unit", events=False, streets=True,
             INPUT=risk["OUTPUT"], RISK_FIELD="value", RISK_MEASURE=1, BUDGET=5, BUDGET_UNIT=1, UNITS=3,
             OUTPUT=f("patrol_routes.gpkg"))


def main(out_dir: str, update_docs: bool = False) -> None:
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"CrimeRisk demo on {SAMPLE.name} -> {out}")
    demo = Demo(out)
    f = demo.file

    demo.run("All crime types, 2020, automatic radius", "crimerisk:kde",
             {"OUTPUT": ("kde_all_2020.png", "Kernel density hotspots: all crime, 2020")},
             **COMMON, START="2020-01-01", END="2020-12-31", CELL_SIZE=100, OUTPUT=f("kde_all_2020.tif"))
    demo.run("Burglary, 2020, 400 m quartic kernel", "crimerisk:kde",
             {"OUTPUT": ("kde_burglary_2020.png", "Kernel density hotspots: burglary, 2020")},
             **BURGLARY, START="2020-01-01", END="2020-12-31", CELL_SIZE=100, RADIUS=400,
             OUTPUT=f("kde_burglary_2020.tif"))
    demo.run("All crime, 2020, 450 m neighbourhood, FDR", "crimerisk:gistar",
             {"OUTPUT_CLASSES": ("gistar_classes_2020.png", "Getis-Ord Gi* hot and cold spots, 2020")},
             **COMMON, START="2020-01-01", END="2020-12-31", CELL_SIZE=150, NEIGHBOURHOOD=450,
             OUTPUT_Z=f("gistar_z_2020.tif"), OUTPUT_CLASSES=f("gistar_classes_2020.tif"))
    demo.run("All crime, monthly steps 2018-2020", "crimerisk:emerginghotspots",
             {"OUTPUT_CATEGORIES": ("emerging_hotspots.png", "Emerging hot spots, 2018-2020 (monthly)")},
             **COMMON, CELL_SIZE=300, TIME_STEP=2, NEIGHBOURHOOD=600, OUTPUT_CATEGORIES=f("emerging_categories.tif"),
             OUTPUT_TREND=f("emerging_trend.tif"), OUTPUT_TABLE=f("emerging_categories.csv"))
    demo.run("By crime type and district, monthly", "crimerisk:trends",
             **COMMON, STEP=2, ZONES=DISTRICTS, ZONE_FIELD="name", OUTPUT_TABLE=f("trends.csv"),
             OUTPUT_HTML=f("trends.html"))
    knox = demo.run("Burglary 2018-2020: 100 m x 7 day bands, 999 permutations", "crimerisk:knox",
                    **BURGLARY, SPACE_BAND=100, SPACE_BANDS=5, TIME_BAND=7, TIME_BANDS=5, PERMUTATIONS=999,
                    OUTPUT=f("knox_burglary.csv"), OUTPUT_HTML=f("knox_burglary.html"))
    demo.run(f"Burglary risk for {AS_OF}, bandwidths from the Knox test", "crimerisk:nearrepeat",
             {"OUTPUT": ("nearrepeat_burglary.png", f"Near-repeat burglary risk, {AS_OF}")},
             **BURGLARY, AS_OF=AS_OF, CELL_SIZE=100, KNOX_TABLE=knox["OUTPUT"], OUTPUT=f("nearrepeat_burglary.tif"),
             OUTPUT_ALERTS=f("nearrepeat_alerts.gpkg"))
    demo.run(f"Burglary, week from {AS_OF}", "crimerisk:sepp",
             {"OUTPUT": ("sepp_burglary.png", f"SEPP forecast: burglary, week from {AS_OF}")},
             **BURGLARY, AS_OF=AS_OF, HORIZON=7, CELL_SIZE=150, OUTPUT=f("sepp_burglary.tif"),
             OUTPUT_REPORT=f("sepp_burglary.html"), OUTPUT_JSON=f("sepp_burglary.json"))
    demo.run(f"Every crime type, one model each, week from {AS_OF}", "crimerisk:sepp",
             **COMMON, AS_OF=AS_OF, HORIZON=7, CELL_SIZE=150, PER_CATEGORY=True, OUTPUT=f("sepp_by_type.tif"),
             OUTPUT_REPORT=f("sepp_by_type.html"))
    demo.run(f"Burglary, week from {AS_OF}, bars and main roads as terrain", "crimerisk:mlforecast",
             {"OUTPUT": ("mlforecast_burglary.png", f"Learned forecast: burglary, week from {AS_OF}")},
             **BURGLARY, AS_OF=AS_OF, HORIZON=7, CELL_SIZE=150, FEATURE_LAYERS=[BARS, ROADS],
             OUTPUT=f("mlforecast_burglary.tif"), OUTPUT_REPORT=f("mlforecast_burglary.html"))
    backtest = demo.run("Burglary: 8 weekly folds up to the end of 2020", "crimerisk:backtest",
                        **BURGLARY, CELL_SIZE=150, TEST_START="2020-11-06", FOLDS=8, HORIZON=7,
                        OUTPUT_FOLDS=f("backtest_folds.csv"), OUTPUT_SUMMARY=f("backtest_summary.csv"),
                        OUTPUT_HTML=f("backtest_report.html"))
    forecasts = {"kde": "kde_burglary_2020.tif", "nearrepeat": "nearrepeat_burglary.tif",
                 "sepp": "sepp_burglary.tif", "mlforecast": "mlforecast_burglary.tif"}
    chosen = best_forecaster(backtest["OUTPUT_SUMMARY"])
    verdict = "beats" if backtest.get("BEATS_BASELINE") else "does NOT clearly beat"
    print(f"  best forecaster in the backtest: {chosen} ({verdict} the best baseline)")
    demo.run(f"5% of the town from the {chosen} forecast, 3 patrol units", "crimerisk:patrolzones",
             {"OUTPUT": ("patrol_zones.png", f"Patrol zones, week from {AS_OF} ({chosen} forecast)")},
             INPUT=f(forecasts[chosen]), BUDGET=5, BUDGET_UNIT=2, MIN_ZONE_CELLS=2, UNITS=3,
             OUTPUT=f("patrol_zones.gpkg"))

    # The sample's planted intervention: patrols in the six busiest 250 m cells of 2019, 30% fewer events there
    # from 2020-03-02. Against the rest of the town the fall looks larger (regression to the mean); matched
    # 250 m cells give the honest comparison.
    for control, label, suffix in ((0, "rest of the town", "rest"), (1, "matched 250 m cells", "matched")):
        demo.run(f"Patrols from 2020-03-02 in the 2019 hot spots, control: {label}", "crimerisk:intervention",
                 **COMMON, TREATED=PATROLS, CATCHMENT_DISTANCE=300, CONTROL_METHOD=control, CELL_SIZE=250,
                 INTERVENTION_START="2020-03-02", INTERVENTION_END="2020-12-30",
                 OUTPUT_TABLE=f(f"intervention_{suffix}.csv"), OUTPUT_HTML=f(f"intervention_{suffix}.html"))

    network_step(demo, knox["OUTPUT"])

    (out / "summary.json").write_text(json.dumps(demo.summary, indent=2, default=str), encoding="utf-8")
    if update_docs:
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        for path in demo.maps:
            shutil.copy(path, DOCS_IMAGES / path.name)
    print(f"Done: {len(demo.summary)} runs, {len(demo.maps)} maps. Open the PNG maps, HTML reports and "
          f"GeoTIFFs in {out}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(arguments[0] if arguments else "demo-output", update_docs="--update-docs" in sys.argv)
