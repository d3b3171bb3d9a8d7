"""Benchmark: crimerisk:nearrepeat's trigger expression, the old two reads against the new single one (#18 item 5).

"old": the pipeline reads the GeoPackage through GDAL Arrow, then the features where the expression
holds are copied (``materialize`` with a filter request), read again through the pipeline and matched
to the events by (x mm, y mm, time s, crime type) keys (the pre-#18 code, reproduced here).
"new": one read through GDAL Arrow keeping feature ids, and the ids where the expression holds listed by a
QGIS filter request without geometry (``LoadedEvents.flags``); the iterator evaluating the expression on
each feature, the way a selection or a memory layer is read, for comparison.
"arrow only": the plain columnar read without any expression, for scale. The flags of old and new are
compared on points without twins (where the old matching was right).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_trigger_expression.py [--points N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS.parent))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsExpression,
    QgsExpressionContext,
    QgsFeatureRequest,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

TEXT = "\"modus\" = 'forced'"


def layer_of(n: int, folder: Path) -> QgsVectorLayer:
    from crimerisk.algorithms.events import EventSet
    from crimerisk.tests.vector_io import write_events

    rng = np.random.default_rng(0)
    events = EventSet.from_arrays(rng.uniform(650_000, 660_000, n).round(2), rng.uniform(6_860_000, 6_870_000, n)
                                  .round(2), t=rng.integers(17_000, 18_000, n) + rng.integers(0, 86400, n) / 86400,
                                  category=np.full(n, "burglary", dtype=object))
    modus = np.where(rng.random(n) < 0.3, "forced", "other").astype(object)
    uri = write_events(str(folder / "events.gpkg"), "events", events, 2154, extra={"modus": modus})
    return QgsVectorLayer(uri, "events", "ogr")


def keys(events) -> list[tuple]:
    return list(zip(np.round(events.x * 1000).astype(np.int64).tolist(),
                    np.round(events.y * 1000).astype(np.int64).tolist(),
                    np.round(events.t * 86400).astype(np.int64).tolist(), events.category.astype(str).tolist()))


def old(layer: QgsVectorLayer) -> np.ndarray:
    from crimerisk.plugin.io.pipeline import EventRequest, load_events

    request = EventRequest(time_field="occurred", category_field="crime_type")
    events = load_events(layer, layer, True, request, QgsProcessingFeedback()).events
    matching = layer.materialize(QgsFeatureRequest().setFilterExpression(TEXT))
    chosen = load_events(matching, matching, False, request, QgsProcessingFeedback()).events
    wanted = set(keys(chosen))
    return np.array([key in wanted for key in keys(events)], dtype=bool)


def flags_read(layer: QgsVectorLayer, fast_paths: bool) -> np.ndarray:
    """The trigger flags as the pipeline reads them, with (``new``) or without (``iterator``) its fast paths."""
    from crimerisk.plugin.io.pipeline import EventRequest, load_events
    from crimerisk.plugin.io.reading import FlagExpression

    expression, context = QgsExpression(TEXT), QgsExpressionContext()
    context.setFields(layer.fields())
    expression.prepare(context)
    request = EventRequest(time_field="occurred", category_field="crime_type",
                           flag=FlagExpression(expression, context))
    return load_events(layer, layer, fast_paths, request, QgsProcessingFeedback()).flags


def new(layer: QgsVectorLayer) -> np.ndarray:
    return flags_read(layer, True)


def iterator(layer: QgsVectorLayer) -> np.ndarray:
    return flags_read(layer, False)


def arrow_only(layer: QgsVectorLayer) -> int:
    from crimerisk.plugin.io.pipeline import EventRequest, load_events

    request = EventRequest(time_field="occurred", category_field="crime_type")
    return len(load_events(layer, layer, True, request, QgsProcessingFeedback()).events)


def best_of(function, layer, repeats: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function(layer)
        times.append(time.perf_counter() - start)
    return min(times), result


def main(arguments: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=200_000)
    options = parser.parse_args(arguments)
    application = QgsApplication([], False)
    application.initQgis()
    with tempfile.TemporaryDirectory() as folder:
        layer = layer_of(options.points, Path(folder))
        old_time, old_flags = best_of(old, layer)
        new_time, new_flags = best_of(new, layer)
        iterator_time, iterator_flags = best_of(iterator, layer)
        arrow_time, _ = best_of(arrow_only, layer)
        assert np.array_equal(old_flags, new_flags), "old and new flags differ"
        assert np.array_equal(iterator_flags, new_flags), "the two readers' flags differ"
        print(f"{options.points:,} points, {int(new_flags.sum()):,} where {TEXT} (flags identical)")
        print(f"{'path':<50}{'seconds':>10}{'vs old':>10}")
        for name, seconds in (("old: Arrow + materialize + 2nd read + keys", old_time),
                              ("new: Arrow read + ids where QGIS filter holds", new_time),
                              ("iterator, expression per feature (selections)", iterator_time),
                              ("arrow only, no expression (for scale)", arrow_time)):
            print(f"{name:<50}{seconds:>10.2f}{old_time / seconds:>9.1f}x")
        del layer


if __name__ == "__main__":
    main()
