"""Benchmark: ``crimerisk:kde`` versus QGIS's ``qgis:heatmapkerneldensityestimation``, both through
the real ``qgis_process`` executable, on the same points, grid, radius and kernel.

Data: a seeded mixture of Gaussian hotspots and a uniform background (``clustered_points`` of
bench_kde_pure) on a 10 x 10 km square placed in Lambert-93 (EPSG:2154), written once to a
GeoPackage without attribute fields, cached under the temporary folder (keyed by size and seed).
Two points are pinned to the square's corners so that the layer's extent, and hence the heatmap's
grid, is known exactly.

Cases: N points at 10 m cells and N/10 points at 25 m cells (default N = 1,000,000), radius
400 m, quartic kernel. The QGIS heatmap has no extent parameter: it maps the layer's extent grown
by the radius, anchored at its north-west corner, with ``ceil(size / pixel) + 1`` columns and rows
(src/analysis/raster/qgskde.cpp). That box is passed to ``crimerisk:kde`` as EXTENT, so both
rasters share shape and geotransform; the script checks it and would otherwise crop both to their
common window by georeference.

Printed per case: the wall-clock time of each ``qgis_process`` child (start-up included), the
ratio heatmap / crimerisk, peak resident memory of each child (``os.wait4``), the Pearson
correlation of the two surfaces over the common cells (the heatmap's "raw" values are unscaled
sums of ``(1 - u^2)^2``: only the shape is compared), the fitted scale between them against its
closed form ``3e6 / (pi h^2)`` (crimerisk's events per km^2 per raw heatmap unit), and the largest
difference after that scaling. Also the start-up time of ``qgis_process`` alone (``--json list``).

Run: /usr/bin/python3 tests/benchmarks/bench_kde_vs_heatmap.py [--points N] [--quick]
(``--quick`` divides the sizes by 10 for a smoke run). crimerisk:kde also runs with
EDGE_CORRECTION=False to print what the (default) edge correction costs.

Known difference: the QGIS 3.22 heatmap counts the y of pixel centres up from the bottom of its
box while it reads and writes rows down from the top, which reflects every point's y about the
centre of its pixel row (up to one pixel off; x is exact, so are points on pixel edges).
Together with crimerisk's linear binning this leaves differences of a fraction of a percent
of the maximum, not a change of shape.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS.parent))
from conftest import PLUGIN_PARENT, read_raster  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

sys.path.insert(0, str(BENCHMARKS.parents[1] / "scripts"))
sys.path.insert(0, str(BENCHMARKS))
import numpy as np  # noqa: E402
from bench_kde_pure import SIDE, clustered_points  # noqa: E402
from osgeo import gdal  # noqa: E402
from qgis_process_runner import QgisProcess  # noqa: E402

EPSG = 2154
#: South-west corner of the square in Lambert-93 metres (around Paris).
ORIGIN_X, ORIGIN_Y = 650_000.0, 6_860_000.0
RADIUS = 400.0
QUARTIC = 0  # enum index of the quartic kernel in both algorithms
DEFAULT_POINTS = 1_000_000
SEED = 0
CACHE = Path(tempfile.gettempdir()) / "crimerisk-bench-kde-vs-heatmap"
GOAL_SPEED_UP, GOAL_CORRELATION = 10.0, 0.999


@dataclass(frozen=True)
class ChildRun:
    """Wall-clock seconds, CPU seconds (user + system) and peak resident memory (MiB) of one
    ``qgis_process`` child. CPU time hardly moves when other jobs share the cores; wall time does."""

    seconds: float
    cpu_seconds: float
    peak_rss_mib: float


@dataclass(frozen=True)
class Case:
    points: int
    cell_size: float


@dataclass(frozen=True)
class Agreement:
    """How the two surfaces compare over their common cells."""

    shape: tuple[int, int]
    same_grid: bool
    correlation: float  # Pearson
    scale: float  # least-squares factor crimerisk / heatmap
    max_difference: float  # largest |crimerisk - scale * heatmap| over crimerisk's maximum


@dataclass(frozen=True)
class Comparison:
    case: Case
    crimerisk: ChildRun
    heatmap: ChildRun
    agreement: Agreement

    @property
    def speed_up(self) -> float:
        return self.heatmap.seconds / self.crimerisk.seconds

    @property
    def cpu_speed_up(self) -> float:
        return self.heatmap.cpu_seconds / self.crimerisk.cpu_seconds

    @property
    def meets_goal(self) -> bool:
        return self.speed_up >= GOAL_SPEED_UP and self.agreement.correlation > GOAL_CORRELATION


class MeasuredQgisProcess(QgisProcess):
    """:class:`QgisProcess` that records the wall time, CPU time and peak memory of each child in
    ``last`` (``os.wait4`` gives the resource use of that one child; a child still running after
    ``timeout`` seconds is killed)."""

    last: ChildRun | None = None

    def call(self, *arguments: str, check: bool = True, timeout: float = 3600) -> subprocess.CompletedProcess:
        command = [self.executable, *arguments]
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            start = time.perf_counter()
            child = subprocess.Popen(command, env=self.env, stdout=out, stderr=err, text=True)
            watchdog = threading.Timer(timeout, child.kill)
            watchdog.start()
            _, status, usage = os.wait4(child.pid, 0)  # rusage of this child alone
            seconds = time.perf_counter() - start
            watchdog.cancel()
            child.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            result = subprocess.CompletedProcess(command, child.returncode, out.read(), err.read())
        cpu_seconds = usage.ru_utime + usage.ru_stime
        self.last = ChildRun(seconds, cpu_seconds, usage.ru_maxrss / 1024.0)  # ru_maxrss is in KiB
        if check and result.returncode != 0:
            raise RuntimeError(f"qgis_process {' '.join(arguments)} failed ({result.returncode}):\n"
                               f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result


# --- data -------------------------------------------------------------------------------------------
def benchmark_points(n: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """``n`` clustered points inside the square, two of them on its south-west and north-east
    corners, in Lambert-93 metres."""
    events = clustered_points(n + n // 10 + 10, seed)
    inside = np.flatnonzero((events.x >= 0) & (events.x <= SIDE) & (events.y >= 0) & (events.y <= SIDE))
    if inside.size < n:
        raise RuntimeError(f"only {inside.size} of the simulated points fell inside the square; need {n}")
    keep = np.sort(np.random.default_rng(seed).choice(inside, n, replace=False))
    x, y = events.x[keep].copy(), events.y[keep].copy()
    x[:2], y[:2] = (0.0, SIDE), (0.0, SIDE)
    return x + ORIGIN_X, y + ORIGIN_Y


def points_geopackage(n: int, seed: int = SEED) -> Path:
    """The points as a GeoPackage layer ``events`` (EPSG:2154) without any attribute field, written
    by GDAL in one batch through a CSV and cached between runs (crimerisk reads such a layer through
    GDAL's Arrow stream since issue #19; before, GDAL 3.6's empty geometries sent it to the slow
    feature iterator)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"points_n{n}_seed{seed}_bare.gpkg"
    if path.exists():
        return path
    x, y = benchmark_points(n, seed)
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
        csv, partial = Path(scratch) / "points.csv", Path(scratch) / "points.gpkg"
        np.savetxt(csv, np.column_stack([x, y]), fmt=("%.3f", "%.3f"), delimiter=",", header="x,y", comments="")
        table = gdal.OpenEx(str(csv), gdal.OF_VECTOR, open_options=[
            "X_POSSIBLE_NAMES=x", "Y_POSSIBLE_NAMES=y", "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES"])
        options = gdal.VectorTranslateOptions(format="GPKG", layerName="events", geometryType="POINT",
                                              options=["-a_srs", f"EPSG:{EPSG}", "-gt", "100000"])
        if gdal.VectorTranslate(str(partial), table, options=options) is None:
            raise RuntimeError(f"GDAL could not write {partial}")
        table = None
        os.replace(partial, path)
    return path


def warm_page_cache(path: Path) -> None:
    """Read the file once so that neither algorithm pays for the first disk read."""
    with open(path, "rb") as handle:
        while handle.read(1 << 24):
            pass


# --- grids and rasters ---------------------------------------------------------------------------
def heatmap_box(cell_size: float) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) of the raster the QGIS heatmap writes for the square: the layer's
    extent grown by the radius, ``ceil(size / pixel) + 1`` pixels from its north-west corner."""
    xmin, ymax = ORIGIN_X - RADIUS, ORIGIN_Y + SIDE + RADIUS
    side = SIDE + 2.0 * RADIUS
    cells = math.ceil(side / cell_size) + 1
    for coordinate in (xmin, ymax):
        if abs(coordinate / cell_size - round(coordinate / cell_size)) > 1e-9:
            raise ValueError(f"{coordinate} is not a multiple of the {cell_size} m cell: "
                             "the two grids could not align")
    return xmin, xmin + cells * cell_size, ymax - cells * cell_size, ymax


def common_window(first: np.ndarray, first_transform: tuple, second: np.ndarray,
                  second_transform: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Both north-up rasters cropped to the cells they share, matched by georeference
    (same pixel size, origins a whole number of cells apart)."""
    size = first_transform[1]
    if not (math.isclose(second_transform[1], size) and math.isclose(second_transform[5], -size)):
        raise ValueError(f"pixel sizes differ: {first_transform} vs {second_transform}")
    shift_cols = (second_transform[0] - first_transform[0]) / size
    shift_rows = (first_transform[3] - second_transform[3]) / size
    if abs(shift_cols - round(shift_cols)) > 1e-6 or abs(shift_rows - round(shift_rows)) > 1e-6:
        raise ValueError(f"the grids are a fraction of a cell apart: {first_transform} vs {second_transform}")
    dc, dr = round(shift_cols), round(shift_rows)  # second's origin in first's cells
    rows = min(first.shape[0], dr + second.shape[0]) - max(0, dr)
    cols = min(first.shape[1], dc + second.shape[1]) - max(0, dc)
    if rows <= 0 or cols <= 0:
        raise ValueError("the rasters do not overlap")
    r1, c1, r2, c2 = max(0, dr), max(0, dc), max(0, -dr), max(0, -dc)
    return first[r1:r1 + rows, c1:c1 + cols], second[r2:r2 + rows, c2:c2 + cols]


def compare_surfaces(crimerisk_path: str, heatmap_path: str) -> Agreement:
    """Correlation, scale and largest difference of the two rasters over their common cells."""
    ours, our_transform, _ = read_raster(crimerisk_path)
    theirs, their_transform, _ = read_raster(heatmap_path)
    same = ours.shape == theirs.shape and np.allclose(our_transform, their_transform, rtol=0, atol=1e-6)
    if not same:
        print(f"  grids differ: crimerisk {ours.shape} {our_transform}, "
              f"heatmap {theirs.shape} {their_transform}; cropping both to the common window")
        ours, theirs = common_window(ours, our_transform, theirs, their_transform)
    theirs = np.where(np.isnan(theirs), 0.0, theirs)  # heatmap nodata = cells no kernel reached
    valid = np.isfinite(ours)
    a, b = ours[valid], theirs[valid]
    scale = float(a @ b / (b @ b))
    return Agreement(shape=ours.shape, same_grid=same, correlation=float(np.corrcoef(a, b)[0, 1]),
                     scale=scale, max_difference=float(np.abs(a - scale * b).max() / a.max()))


# --- running --------------------------------------------------------------------------------------
def describe(name: str, run: ChildRun) -> str:
    return (f"  {name:<15} {run.seconds:7.2f} s wall {run.cpu_seconds:7.2f} s CPU   "
            f"peak {run.peak_rss_mib:6.0f} MiB")


def run_case(qgis: MeasuredQgisProcess, case: Case, folder: Path, startup_cpu: float) -> Comparison:
    """Run both algorithms on ``case`` and compare; ``startup_cpu`` (CPU seconds of a bare
    ``qgis_process`` start) is subtracted to show the work beyond start-up."""
    source = points_geopackage(case.points)
    warm_page_cache(source)
    xmin, xmax, ymin, ymax = heatmap_box(case.cell_size)
    extent = f"{xmin:.0f},{xmax:.0f},{ymin:.0f},{ymax:.0f} [EPSG:{EPSG}]"
    tag = f"n{case.points}_c{case.cell_size:g}"
    crimerisk_path, heatmap_path = str(folder / f"crimerisk_{tag}.tif"), str(folder / f"heatmap_{tag}.tif")
    print(f"\n{case.points:,} points, {case.cell_size:g} m cells, {RADIUS:g} m quartic radius; "
          f"extent {extent}")
    qgis.run("crimerisk:kde", INPUT=str(source), CELL_SIZE=case.cell_size, RADIUS=RADIUS, KERNEL=QUARTIC,
             EXTENT=extent, OUTPUT=crimerisk_path)
    ours = qgis.last
    print(describe("crimerisk:kde", ours))
    qgis.run("crimerisk:kde", INPUT=str(source), CELL_SIZE=case.cell_size, RADIUS=RADIUS, KERNEL=QUARTIC,
             EXTENT=extent, EDGE_CORRECTION=False, OUTPUT=str(folder / f"plain_{tag}.tif"))
    plain = qgis.last
    print(describe("  no edge corr.", plain))
    work, plain_work = ours.cpu_seconds - startup_cpu, plain.cpu_seconds - startup_cpu
    beyond = (f"{work / plain_work:.2f}x CPU beyond start-up" if plain_work > 0.2
              else "CPU beyond start-up too small to compare")
    print(f"  edge correction cost: {ours.seconds / plain.seconds:.2f}x wall, {beyond} (goal <= 3x)")
    qgis.run("qgis:heatmapkerneldensityestimation", INPUT=str(source), RADIUS=RADIUS,
             PIXEL_SIZE=case.cell_size, KERNEL=QUARTIC, OUTPUT_VALUE=0, OUTPUT=heatmap_path)
    theirs = qgis.last
    print(describe("qgis heatmap", theirs))
    agreement = compare_surfaces(crimerisk_path, heatmap_path)
    result = Comparison(case, ours, theirs, agreement)
    rows, cols = agreement.shape
    window = "identical" if agreement.same_grid else "cropped to the common window"
    print(f"  grid {rows} x {cols} ({window}); "
          f"heatmap / crimerisk time {result.speed_up:.1f}x (CPU {result.cpu_speed_up:.1f}x); "
          f"Pearson correlation {agreement.correlation:.7f} (1 - r = {1 - agreement.correlation:.1e})")
    print(f"  CPU beyond a bare qgis_process start ({startup_cpu:.2f} s): "
          f"crimerisk {ours.cpu_seconds - startup_cpu:.2f} s, "
          f"heatmap {theirs.cpu_seconds - startup_cpu:.2f} s")
    print(f"  scale crimerisk / heatmap raw: {agreement.scale:.4f} (closed form 3e6 / (pi h^2) = "
          f"{3e6 / (math.pi * RADIUS ** 2):.4f}); largest difference after scaling: "
          f"{100 * agreement.max_difference:.3f} % of the maximum")
    return result


def startup_runs(qgis: MeasuredQgisProcess, repeats: int) -> list[ChildRun]:
    """``qgis_process --json list`` runs: start-up, provider and plugin loading, no work."""
    runs = []
    for _ in range(repeats):
        qgis.call("--json", "list")
        runs.append(qgis.last)
    return runs


def print_table(results: list[Comparison], startup: list[ChildRun]) -> None:
    """One line per case, then the start-up alone and the goal."""
    header = (f"{'points':>10} {'cell m':>6} {'grid':>11} {'crimerisk s':>11} {'heatmap s':>9} {'ratio':>6} "
              f"{'CPU ratio':>9} {'correlation':>11} {'crimerisk MiB':>13} {'heatmap MiB':>11} {'goal':>5}")
    print("\n" + header + "\n" + "-" * len(header))
    for r in results:
        grid = "x".join(str(n) for n in r.agreement.shape)
        print(f"{r.case.points:>10,} {r.case.cell_size:>6g} {grid:>11} {r.crimerisk.seconds:>11.2f} "
              f"{r.heatmap.seconds:>9.2f} {r.speed_up:>5.1f}x {r.cpu_speed_up:>8.1f}x "
              f"{r.agreement.correlation:>11.6f} {r.crimerisk.peak_rss_mib:>13.0f} "
              f"{r.heatmap.peak_rss_mib:>11.0f} {'met' if r.meets_goal else 'NOT':>5}")
    wall = [run.seconds for run in startup]
    cpu = [run.cpu_seconds for run in startup]
    print(f"qgis_process start-up alone (--json list, {len(startup)} runs): "
          f"median {statistics.median(wall):.2f} s "
          f"(min {min(wall):.2f} s) wall, median {statistics.median(cpu):.2f} s CPU, "
          f"peak {max(run.peak_rss_mib for run in startup):.0f} MiB")
    print("ratio = heatmap / crimerisk wall time of the qgis_process child (start-up included); "
          "CPU ratio = the same in user + system CPU seconds")
    print(f"goal (on 'ratio'): >= {GOAL_SPEED_UP:g}x with correlation > {GOAL_CORRELATION}; "
          f"load average now {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


def main(arguments: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=DEFAULT_POINTS,
                        help="points in the large (10 m) case; the 25 m case has a tenth of them")
    parser.add_argument("--quick", action="store_true", help="divide the sizes by 10 (smoke run)")
    options = parser.parse_args(arguments)
    points = options.points // 10 if options.quick else options.points
    cases = [Case(points, 10.0), Case(max(points // 10, 10), 25.0)]
    with tempfile.TemporaryDirectory(prefix="crimerisk-bench-") as folder:
        qgis = MeasuredQgisProcess(Path(folder) / "qgis")
        print(f"qgis_process: {qgis.executable}; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.2f}")
        startup = startup_runs(qgis, repeats=1 if options.quick else 3)
        print(f"start-up alone (--json list): {', '.join(f'{run.seconds:.2f}' for run in startup)} s wall, "
              f"{', '.join(f'{run.cpu_seconds:.2f}' for run in startup)} s CPU")
        startup_cpu = statistics.median(run.cpu_seconds for run in startup)
        results = [run_case(qgis, case, Path(folder), startup_cpu) for case in cases]
    print_table(results, startup)


if __name__ == "__main__":
    main()
