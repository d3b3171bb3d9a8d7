"""Benchmark: reading 1,000,000 points from each layer type, the old path against the new one (issue #19).

Sources, all holding the same seeded points (EPSG:2154) with a DateTime ``occurred`` and a text
``crime_type`` (except the bare GeoPackage, which has no attribute field at all):

* GeoPackage without attribute fields: before, GDAL 3.6 gave empty geometries through the Arrow
  stream and the plugin fell back to the QGIS feature iterator; now the FID column is requested.
* GeoPackage with attributes: already columnar before (the row shows both are the same path).
* Shapefile: before, its unnamed geometry column sent it to the iterator.
* CSV through the delimited-text provider (X/Y columns): before, the iterator; now GDAL's CSV
  driver reads the columns and they are converted as the provider converts them.
* Memory layer and PostGIS (when the PostgreSQL/PostGIS binaries are installed): the iterator,
  before building a point list per feature, now reading single points directly.

"old" is the pre-#19 per-feature loop (geometry -> point list -> attributes one call each) for
every source the plugin read with the iterator, and the Arrow reader for the GeoPackage with
attributes; "new" is ``read_points`` as the plugin calls it. Both loops convert values with today's
``_plain``, whose date-times now take one call instead of ten (about 8x cheaper per value), so the
memory and PostGIS rows understate the gain. Each source's fields are the date and crime type
(none for the bare GeoPackage). The printed table is the one for the issue's closing note;
the two readers' coordinates are checked equal on every row.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_reading.py [--points N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS.parent / "adversarial"))  # postgis_server
sys.path.insert(0, str(BENCHMARKS.parent))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402
from osgeo import gdal  # noqa: E402
from qgis.core import QgsApplication, QgsFeatureRequest, QgsVectorLayer  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "crimerisk-bench-reading"
FIELDS = ["occurred", "crime_type"]
KINDS = np.array(["cambriolage", "vol de vehicule", "vol a la tire", "degradation", "rixe"])
GOAL_BARE_GEOPACKAGE = 1.0  # seconds


def write_csv(n: int, seed: int = 0) -> Path:
    """The points as x, y, occurred (yyyy-mm-dd hh:mm:ss) and crime_type, cached by size and seed."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"points_n{n}_seed{seed}.csv"
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    x = rng.uniform(650_000, 660_000, n).round(2)
    y = rng.uniform(6_860_000, 6_870_000, n).round(2)
    seconds = rng.integers(0, 3 * 365 * 86400, n).astype("timedelta64[s]")
    stamps = np.datetime64("2022-01-01T00:00:00") + seconds
    text = np.char.replace(stamps.astype(str), "T", " ")
    kinds = KINDS[rng.integers(0, KINDS.size, n)]
    partial = path.with_suffix(".part")
    with open(partial, "w", encoding="utf-8") as out:
        out.write("x,y,occurred,crime_type\n")
        for chunk in range(0, n, 100_000):
            part = slice(chunk, chunk + 100_000)
            out.write("\n".join(f"{a:.2f},{b:.2f},{c},{d}" for a, b, c, d in
                                zip(x[part], y[part], text[part], kinds[part])) + "\n")
    os.replace(partial, path)
    return path


def translated(csv: Path, suffix: str, driver: str) -> Path:
    """The CSV's points written by GDAL in one batch (GeoPackage or Shapefile), cached beside it."""
    path = csv.with_suffix(suffix)
    if path.exists():
        return path
    table = gdal.OpenEx(str(csv), gdal.OF_VECTOR, open_options=[
        "X_POSSIBLE_NAMES=x", "Y_POSSIBLE_NAMES=y", "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES"])
    return _written(table, path, driver, ["-a_srs", "EPSG:2154"])


def bare_geopackage(full: Path) -> Path:
    """The GeoPackage's points alone: a layer without any attribute field."""
    path = full.with_name(full.stem + "_bare.gpkg")
    if path.exists():
        return path
    return _written(gdal.OpenEx(str(full), gdal.OF_VECTOR), path, "GPKG", ["-sql", "SELECT geom FROM events"])


def _written(source, path: Path, driver: str, options: list[str]) -> Path:
    """``source`` written to ``path`` under a temporary name first, so that a cut run leaves no half file."""
    partial = path.with_name("partial_" + path.name)
    done = gdal.VectorTranslate(str(partial), source, options=gdal.VectorTranslateOptions(
        format=driver, layerName="events", geometryType="POINT", options=["-gt", "100000", *options]))
    if done is None:
        raise RuntimeError(f"GDAL could not write {path}")
    done = source = None
    for sidecar in partial.parent.glob(partial.stem + ".*"):
        os.replace(sidecar, path.with_suffix(sidecar.suffix))
    return path


def old_iterator(layer: QgsVectorLayer, fields: list[str]) -> int:
    """The pre-#19 feature loop: a point list per feature, then its attributes (returns the count)."""
    from crimerisk.plugin.io.reading import _feature_points, _plain

    indices = [layer.fields().lookupField(name) for name in fields]
    xs, values = [], {name: [] for name in fields}
    for feature in layer.getFeatures(QgsFeatureRequest().setSubsetOfAttributes(indices)):
        attributes = [_plain(feature.attribute(i)) for i in indices]
        for point in _feature_points(feature.geometry()) or [(np.nan, np.nan)]:
            xs.append(point)
            for name, value in zip(fields, attributes):
                values[name].append(value)
    return len(xs)


def timed(function, *arguments) -> tuple[tuple[float, float], object]:
    """((wall seconds, CPU seconds of this process), result): on a shared machine the CPU time moves
    little with the load, the wall time a lot."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*arguments)
    return (time.perf_counter() - start, time.process_time() - cpu), result


def measure(name: str, layer: QgsVectorLayer, fields: list[str], old: str) -> tuple:
    """(source, old path, old seconds, new path, new seconds) for one layer."""
    from crimerisk.plugin.io.reading import _read_with_arrow, read_points

    if not layer.isValid():
        raise RuntimeError(f"{name}: the layer is not valid")
    new_seconds, raw = timed(read_points, layer, layer, fields, True)
    if old == "arrow":
        old_seconds, old_raw = timed(_read_with_arrow, layer, fields)
        assert np.array_equal(old_raw.x, raw.x)
        old_name = "GDAL Arrow"
    else:
        old_seconds, count = timed(old_iterator, layer, fields)
        assert count == raw.x.size, (count, raw.x.size)
        old_name = "feature iterator"
    row = (name, old_name, old_seconds, raw.reader, new_seconds)
    print(f"  {name}: {old_name} {old_seconds[0]:.2f} s ({old_seconds[1]:.2f} s CPU), {raw.reader} "
          f"{new_seconds[0]:.2f} s ({new_seconds[1]:.2f} s CPU), {raw.features:,} features", flush=True)
    return row


def postgis_layer(csv: Path):
    """The points copied into a throwaway PostGIS server, or (None, None) without the binaries."""
    from postgis_server import binaries, start

    if binaries() is None:
        print("  PostGIS: PostgreSQL/PostGIS binaries not installed; row left out")
        return None, None
    server, stop = start(port=55491)
    source = gdal.OpenEx(str(translated(csv, ".gpkg", "GPKG")), gdal.OF_VECTOR)
    copied = gdal.VectorTranslate(server.ogr(), source, format="PostgreSQL", layerName="events",
                                  layerCreationOptions=["GEOMETRY_NAME=geom", "FID=fid"],
                                  accessMode="overwrite")
    copied = source = None  # noqa: F841  (closes the copy)
    return QgsVectorLayer(server.uri("events"), "events", "postgres"), stop


def main(arguments: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    options = parser.parse_args(arguments)
    application = QgsApplication([], False)
    application.initQgis()
    print(f"GDAL {gdal.__version__}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; "
          f"{options.points:,} points", flush=True)
    csv = write_csv(options.points)
    full = translated(csv, ".gpkg", "GPKG")
    bare = bare_geopackage(full)
    shapefile = translated(csv, ".shp", "ESRI Shapefile")
    delimited = (f"file://{csv}?type=csv&delimiter=,&xField=x&yField=y&crs=EPSG:2154&detectTypes=yes"
                 "&spatialIndex=no&subsetIndex=no&watchFile=no")
    rows = [
        measure("GeoPackage, no attribute field", QgsVectorLayer(f"{bare}|layername=events", "bare", "ogr"),
                [], "iterator"),
        measure("GeoPackage, date + type", QgsVectorLayer(f"{full}|layername=events", "full", "ogr"), FIELDS,
                "arrow"),
        measure("Shapefile, date + type", QgsVectorLayer(str(shapefile), "shp", "ogr"), FIELDS, "iterator"),
        measure("CSV (delimited text), date + type", QgsVectorLayer(delimited, "csv", "delimitedtext"),
                FIELDS, "iterator"),
    ]
    memory = QgsVectorLayer(f"{full}|layername=events", "full", "ogr").materialize(QgsFeatureRequest())
    rows.append(measure("memory layer, date + type", memory, FIELDS, "iterator"))
    del memory
    layer, stop = postgis_layer(csv)
    if layer is not None:
        try:
            rows.append(measure("PostGIS, date + type", layer, FIELDS, "iterator"))
        finally:
            del layer
            stop()
    header = (f"{'source':<36} {'old path':<17} {'old s':>7} {'new path':<22} {'new s':>7} {'ratio':>6} "
              f"{'old CPU':>7} {'new CPU':>7} {'ratio':>6}")
    print("\n" + header + "\n" + "-" * len(header))
    for name, old_name, (old_wall, old_cpu), new_name, (new_wall, new_cpu) in rows:
        print(f"{name:<36} {old_name:<17} {old_wall:>7.2f} {new_name:<22} {new_wall:>7.2f} "
              f"{old_wall / new_wall:>5.1f}x {old_cpu:>7.2f} {new_cpu:>7.2f} {old_cpu / new_cpu:>5.1f}x")
    print("s = wall-clock seconds; CPU = this process's CPU seconds (PostGIS: the client side only)")
    bare_seconds = rows[0][4][0]
    print(f"goal: GeoPackage without attributes under {GOAL_BARE_GEOPACKAGE:g} s: "
          f"{'met' if bare_seconds < GOAL_BARE_GEOPACKAGE else 'NOT met'} ({bare_seconds:.2f} s); "
          f"load average now {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    application.exitQgis()


if __name__ == "__main__":
    main()
