"""Benchmark: one algorithm over 100 areas x 5 crime types at the sample data's scale (issue #19).

Data: the bundled sample's events (11,453 points, 2018-2020) with a fifth crime type made by
moving a seeded half of 'violence' to 'criminal damage'; 100 areas: a 10 x 10 grid of rectangles
over the sample's boundary. ``crimerisk:kde`` (50 m cells, 300 m radius) runs for each of the 500
groups through scripts/run_groups.py in one QGIS session; then a few groups through one
``qgis_process`` call each, the shell loop's way, whose median time times 500 is the reference.

Printed: total time, per-group median / 90th percentile / maximum, groups run and skipped (an
area with no event of a type), and the ratio to the one-call-per-group estimate.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_groups.py [--areas-side 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parents[1]
sys.path.insert(0, str(BENCHMARKS.parent / "adversarial"))
sys.path.insert(0, str(BENCHMARKS.parent))
sys.path.insert(0, str(ROOT / "scripts"))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402
from adversarial_data import write_points  # noqa: E402
from osgeo import ogr  # noqa: E402

SAMPLE = ROOT / "resources" / "sample" / "crimerisk_sample.gpkg"
PARAMETERS = {"CATEGORY_FIELD": "crime_type", "CELL_SIZE": 50, "RADIUS": 300}
SHELL_SAMPLES = 3


def bench_data(folder: Path, side: int) -> tuple[str, str, list[str]]:
    """(events URI, areas URI, crime types): the sample's events with five types, side x side areas."""
    path = folder / "groups.gpkg"
    shutil.copy(SAMPLE, path)
    dataset = ogr.Open(str(path), 1)
    events = dataset.GetLayerByName("events")
    rng = np.random.default_rng(19)
    events.StartTransaction()
    for feature in events:
        if feature.GetField("crime_type") == "violence" and rng.random() < 0.5:
            feature.SetField("crime_type", "criminal damage")
            events.SetFeature(feature)
    events.CommitTransaction()
    xmin, xmax, ymin, ymax = dataset.GetLayerByName("boundary").GetExtent()
    kinds = sorted({feature.GetField("crime_type") for feature in events})
    dataset = None
    xs, ys = np.linspace(xmin, xmax, side + 1), np.linspace(ymin, ymax, side + 1)
    rectangles, names = [], []
    for row in range(side):
        for col in range(side):
            x0, x1, y0, y1 = xs[col], xs[col + 1], ys[row], ys[row + 1]
            ring = f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"
            rectangles.append(ogr.CreateGeometryFromWkt(ring))
            names.append(f"A{row:02d}{col:02d}")
    areas = write_points(path, "areas", None, None, {"name": names}, geometries=rectangles,
                         geometry_type=ogr.wkbPolygon)
    return f"{path}|layername=events", areas, kinds


def one_session(events: str, areas_uri: str, kinds: list[str], out: Path):
    """Every group through run_groups in this process (QGIS and the plugin started once)."""
    from qgis.core import QgsApplication, QgsVectorLayer

    from crimerisk.plugin.provider import CrimeRiskProvider

    for folder in ("/usr/share/qgis/python/plugins", os.environ.get("QGIS_CORE_PLUGINS", "")):
        if folder and folder not in sys.path:
            sys.path.append(folder)
    from processing.core.Processing import Processing
    from run_groups import area_masks, run_groups

    Processing.initialize()
    provider = CrimeRiskProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    masks = area_masks(QgsVectorLayer(areas_uri, "areas", "ogr"), "name")
    lines: list[str] = []
    start = time.perf_counter()
    results = run_groups("crimerisk:kde", {"INPUT": events, **PARAMETERS,
                                           "OUTPUT": str(out / "kde_{area}_{category}.tif")},
                         categories=kinds, areas=masks, log=lines.append)
    total = time.perf_counter() - start
    for line in lines[:3] + ["..."] + lines[-3:]:
        print(f"  {line}")
    return results, total, provider


def shell_loop_sample(events: str, areas_uri: str, kinds: list[str], out: Path, side: int) -> list[float]:
    """Seconds of a few groups run as the README's shell loop does: one qgis_process call each."""
    from qgis_process_runner import QgisProcess

    qgis = QgisProcess(out / ".qgis")
    seconds = []
    for index in range(SHELL_SAMPLES):
        row, col = min(side - 1, side // 2 - 1 + index), side // 2  # areas in the middle, where events are
        mask = f"{areas_uri}|subset=\"name\" = 'A{row:02d}{col:02d}'"
        start = time.perf_counter()
        qgis.run("crimerisk:kde", INPUT=events, MASK=mask, CATEGORIES=kinds[index],
                 OUTPUT=str(out / f"shell_{index}.tif"), **PARAMETERS)
        seconds.append(time.perf_counter() - start)
    return seconds


def main(arguments: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas-side", type=int, default=10, help="areas per side (10: 100 areas)")
    options = parser.parse_args(arguments)
    from qgis.core import QgsApplication

    application = QgsApplication([], False)
    application.initQgis()
    with tempfile.TemporaryDirectory(prefix="crimerisk-bench-groups-") as scratch:
        folder = Path(scratch)
        events, areas_uri, kinds = bench_data(folder, options.areas_side)
        groups = options.areas_side ** 2 * len(kinds)
        print(f"{options.areas_side ** 2} areas x {len(kinds)} crime types = {groups} groups; "
              f"crimerisk:kde {PARAMETERS}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
        results, total, _provider = one_session(events, areas_uri, kinds, folder)
        seconds = [r.seconds for r in results]
        run = [r for r in results if not r.error]
        shell = shell_loop_sample(events, areas_uri, kinds, folder, options.areas_side)
    shell_total = statistics.median(shell) * groups
    print(f"\none session (scripts/run_groups.py): {total:.1f} s for {groups} groups "
          f"({len(run)} run, {groups - len(run)} skipped: no event of the type in the area); per group "
          f"median {statistics.median(seconds):.2f} s, 90th percentile {np.percentile(seconds, 90):.2f} s, "
          f"max {max(seconds):.2f} s; events per group run: median "
          f"{statistics.median(r.kept for r in run):.0f}")
    print(f"one qgis_process call per group (README shell loop), {SHELL_SAMPLES} sampled: "
          f"{', '.join(f'{s:.2f}' for s in shell)} s -> about {shell_total:.0f} s for {groups} groups")
    print(f"ratio shell loop / one session: {shell_total / total:.1f}x; "
          f"load average now {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    application.exitQgis()


if __name__ == "__main__":
    main()
