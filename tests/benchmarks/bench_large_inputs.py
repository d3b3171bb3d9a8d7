"""Every CrimeRisk algorithm on a large events layer (default 1,000,000 points) through qgis_process.

Simulates a self-exciting city (the demo town's four crime types, scaled up in rate and area,
two years), writes it once to a cached GeoPackage (CSV + gdal.VectorTranslate, one transaction),
then runs each algorithm in a fresh ``qgis_process`` and prints, per run, the wall time, the peak
resident memory of that process (``os.wait4`` rusage of the child) and the events it kept.

Run: /usr/bin/python3 tests/benchmarks/bench_large_inputs.py [--points 1000000] [--only kde,knox]
(not a test; several minutes at 1,000,000 points on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as crimerisk)
from qgis_process_runner import QgisProcess  # noqa: E402
from hardening_cases import scaled_city, write_events_fast  # noqa: E402
from child_process import wait_with_limit  # noqa: E402

from crimerisk.algorithms.events import datetime64_from_days  # noqa: E402
from crimerisk.algorithms.simulate import demo_spec  # noqa: E402

CACHE = Path("/tmp/crimerisk-bench-large")
DAYS = 730.0
EVENTS_PER_DAY_DEMO = 10.0  # the demo town's rate (background 8.1 a day plus offspring), roughly


def simulated_gpkg(points: int) -> tuple[str, int]:
    """(GeoPackage layer URI, events written) of about ``points`` simulated events, cached under /tmp."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"events_{points}.gpkg"
    count_file = path.with_suffix(".count")
    if path.exists() and count_file.exists():
        return f"{path}|layername=events", int(count_file.read_text())
    events = scaled_city(points / (EVENTS_PER_DAY_DEMO * DAYS), DAYS)
    uri = write_events_fast(path, events)
    count_file.write_text(str(len(events)))
    return uri, len(events)


def measured_run(runner: QgisProcess, algorithm: str, timeout: float, **parameters) -> dict:
    """Run one algorithm in its own qgis_process; wall time, peak RSS of that process, parsed answer.

    ``algorithm`` "help" only starts qgis_process and prints the kde help: the start-up cost in every run."""
    if algorithm == "help":
        arguments = [runner.executable, "--json", "help", "crimerisk:kde"]
    else:
        arguments = [runner.executable, "--json", "run", algorithm, "--"]
    for key, value in parameters.items():
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            arguments.append(f"{key}={item}")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(arguments, env=runner.env, stdout=out, stderr=err)
        status, usage, _ = wait_with_limit(process, timeout, poll=0.05)
        seconds = time.perf_counter() - start
        out.seek(0)
        stdout = out.read().decode(errors="replace")
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    answer: dict = {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024.0, "ok": False}
    if process.returncode == -9:
        answer["note"] = f"stopped after the {timeout:.0f} s limit"
    elif os.waitstatus_to_exitcode(status) != 0:
        answer["note"] = (stdout + stderr).strip().splitlines()[-1][:160] if (stdout + stderr).strip() else "failed"
    else:
        answer["ok"] = True
        answer["results"] = json.loads(stdout[stdout.index("{"):]).get("results", {})
    return answer


def plans(events: str, out: Path, points: int) -> list[tuple[str, str, dict]]:
    """(label, algorithm, parameters) of every run, in order (patrolzones reads the kde raster)."""
    fields = dict(INPUT=events, TIME_FIELD="occurred", CATEGORY_FIELD="crime_type")
    last = str(datetime64_from_days([demo_spec().start_day + DAYS - 1])[0])[:10]

    def sepp_subset(target: int) -> tuple[str, str, dict]:
        """SEPP on the last days holding about ``target`` events (SEPP is far slower than the rest)."""
        days = min(int(DAYS), max(1, int(DAYS * target / points)))
        first = str(datetime64_from_days([demo_spec().start_day + DAYS - days])[0])[:10]
        return (f"sepp 250 m, last {days} days (~{target // 1000}k)", "crimerisk:sepp",
                dict(fields, CELL_SIZE=250, START=first, END=last, MAX_ITERATIONS=50,
                     OUTPUT=str(out / f"sepp_{target}.tif")))

    return [
        ("qgis_process start-up (help)", "help", {}),
        ("kde 100 m, r 400 m", "crimerisk:kde",
         dict(fields, CELL_SIZE=100, RADIUS=400, OUTPUT=str(out / "kde.tif"))),
        ("gistar 200 m", "crimerisk:gistar",
         dict(fields, CELL_SIZE=200, NEIGHBOURHOOD=400, OUTPUT_Z=str(out / "z.tif"),
              OUTPUT_CLASSES=str(out / "classes.tif"))),
        ("emerginghotspots 500 m, month", "crimerisk:emerginghotspots",
         dict(fields, CELL_SIZE=500, TIME_STEP=2, OUTPUT_CATEGORIES=str(out / "emerging.tif"),
              OUTPUT_TREND=str(out / "trend.tif"), OUTPUT_TABLE=str(out / "emerging.gpkg"))),
        ("trends month x type", "crimerisk:trends",
         dict(fields, STEP=2, OUTPUT_TABLE=str(out / "trends.gpkg"), OUTPUT_HTML=str(out / "trends.html"))),
        # Knox holds every pair closer than the outer space band (not only close in time): at 100 m that is
        # 60 million pairs here, past its 40 million guard; burglaries within 2 x 25 m stay far below it.
        ("knox burglary 2x25 m, 3x2 d, 99 perm", "crimerisk:knox",
         dict(fields, CATEGORIES="burglary", SPACE_BAND=25, SPACE_BANDS=2, TIME_BAND=2, TIME_BANDS=3,
              PERMUTATIONS=99, OUTPUT=str(out / "knox.gpkg"))),
        ("nearrepeat 150 m", "crimerisk:nearrepeat",
         dict(fields, CELL_SIZE=150, OUTPUT=str(out / "nearrepeat.tif"), OUTPUT_ALERTS=str(out / "alerts.gpkg"))),
        sepp_subset(100_000),
        sepp_subset(300_000),
        ("sepp 250 m, all", "crimerisk:sepp",
         dict(fields, CELL_SIZE=250, MAX_ITERATIONS=50, OUTPUT=str(out / "sepp.tif"))),
        ("mlforecast 250 m", "crimerisk:mlforecast",
         dict(fields, CELL_SIZE=250, TRAINING_PERIODS=26, MAX_ITER=100, OUTPUT=str(out / "ml.tif"))),
        ("backtest baselines + kde, 4 folds", "crimerisk:backtest",
         dict(fields, CELL_SIZE=150, METHODS="kde", FOLDS=4, OUTPUT_FOLDS=str(out / "folds.gpkg"),
              OUTPUT_SUMMARY=str(out / "summary.gpkg"))),
        ("patrolzones 5 % of kde", "crimerisk:patrolzones",
         dict(INPUT=str(out / "kde.tif"), BUDGET=5, BUDGET_UNIT=2, OUTPUT=str(out / "zones.gpkg"))),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000, help="events to simulate (about)")
    parser.add_argument("--only", default="", help="comma-separated algorithm ids to run (e.g. kde,knox)")
    parser.add_argument("--match", default="", help="run only the runs whose label contains this text")
    parser.add_argument("--timeout", type=float, default=900.0, help="limit per run, seconds")
    arguments = parser.parse_args()

    start = time.perf_counter()
    events, count = simulated_gpkg(arguments.points)
    print(f"{count:,} events in {events} (ready in {time.perf_counter() - start:.1f} s)", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="crimerisk-bench-"))
    runner = QgisProcess(workdir / "qgis")
    out = workdir / "out"
    out.mkdir()
    wanted = {f"crimerisk:{name}" for name in arguments.only.split(",") if name}
    print(f"{'run':38s} {'wall s':>8s} {'peak MB':>8s}  result", flush=True)
    for label, algorithm, parameters in plans(events, out, count):
        if algorithm != "help" and ((wanted and algorithm not in wanted) or arguments.match not in label):
            continue
        answer = measured_run(runner, algorithm, arguments.timeout, **parameters)
        results = answer.get("results", {})
        numbers = ", ".join(f"{k}={v:g}" for k, v in results.items() if isinstance(v, (int, float))
                            and not isinstance(v, bool))[:90]
        verdict = numbers if answer["ok"] else f"FAILED: {answer.get('note', '')}"
        print(f"{label:38s} {answer['seconds']:8.1f} {answer['peak_mb']:8.0f}  {verdict}", flush=True)


if __name__ == "__main__":
    main()
