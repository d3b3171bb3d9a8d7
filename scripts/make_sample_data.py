"""Regenerate resources/sample/crimerisk_sample.gpkg from the simulator (see resources/sample/README.md).

Run: /usr/bin/python3 scripts/make_sample_data.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as `crimerisk`)

from crimerisk.algorithms.events import EventSet, datetime64_from_days, days_from_datetime64  # noqa: E402
from crimerisk.algorithms.grid import Grid  # noqa: E402
from crimerisk.algorithms.simulate import demo_spec, plant_drop, simulate_events  # noqa: E402
from crimerisk.tests.vector_io import write_events, write_lines, write_polygons  # noqa: E402

OUTPUT = Path(__file__).resolve().parents[1] / "resources" / "sample" / "crimerisk_sample.gpkg"
EPSG = 2154  # RGF93 / Lambert-93, the French national projection
#: The planted intervention: patrols in the busiest cells of 2019, from this day to the end of 2020.
PATROL_START = "2020-03-02"
PATROL_CELL = 250.0
PATROL_ZONES = 6
PATROL_DROP = 0.3


def town_outline(spec) -> list[tuple[float, float]]:
    """An irregular octagon inside the simulated area: the town's boundary."""
    x0, y0, w, h = spec.xmin, spec.ymin, spec.width, spec.height
    fractions = [(0.08, 0.25), (0.25, 0.04), (0.70, 0.06), (0.95, 0.30), (0.93, 0.72), (0.70, 0.96),
                 (0.28, 0.93), (0.05, 0.70)]
    return [(x0 + fx * w, y0 + fy * h) for fx, fy in fractions]


def polygon_wkt(points: list[tuple[float, float]]) -> str:
    ring = points + [points[0]]
    return "POLYGON((" + ",".join(f"{x:.1f} {y:.1f}" for x, y in ring) + "))"


def districts(spec) -> tuple[list[str], list[str]]:
    """Six rectangular districts (3 x 2) covering the area, named as a French town's would be."""
    names = ["Ouest-Nord", "Centre-Nord", "Est-Nord", "Ouest-Sud", "Centre-Sud", "Est-Sud"]
    wkts = []
    for row in range(2):
        for col in range(3):
            x0 = spec.xmin + col * spec.width / 3
            y1 = spec.ymin + spec.height - row * spec.height / 2
            wkts.append(polygon_wkt([(x0, y1 - spec.height / 2), (x0 + spec.width / 3, y1 - spec.height / 2),
                                     (x0 + spec.width / 3, y1), (x0, y1)]))
    return wkts, names


def day(text: str) -> float:
    return float(days_from_datetime64(np.array([np.datetime64(text)]))[0])


def patrol_zones(spec, events: EventSet) -> list[tuple[float, float, float, float]]:
    """The ``PATROL_ZONES`` cells of ``PATROL_CELL`` metres with the most events in 2019 (a hot-spot
    forecast for 2020, as an analyst would choose them), as (xmin, ymin, xmax, ymax)."""
    grid = Grid.covering(spec.xmin, spec.ymin, spec.xmin + spec.width, spec.ymin + spec.height, PATROL_CELL)
    in_2019 = events.between(day("2019-01-01"), day("2020-01-01"))
    counts = grid.count(in_2019.x, in_2019.y).ravel()
    top = np.argsort(-counts, kind="stable")[:PATROL_ZONES]
    rows, cols = np.divmod(top, grid.cols)
    return [(grid.xmin + c * PATROL_CELL, grid.ymax - (r + 1) * PATROL_CELL, grid.xmin + (c + 1) * PATROL_CELL,
             grid.ymax - r * PATROL_CELL) for r, c in zip(rows, cols)]


def plant_patrols(spec, events: EventSet) -> tuple[EventSet, list[str], int]:
    """Patrol zones from 2019 and a ``PATROL_DROP`` share of their events removed from ``PATROL_START``."""
    zones = patrol_zones(spec, events)
    inside = np.zeros(len(events), dtype=bool)
    for xmin, ymin, xmax, ymax in zones:
        inside |= (events.x >= xmin) & (events.x < xmax) & (events.y >= ymin) & (events.y < ymax)
    kept, removed = plant_drop(events, inside, day(PATROL_START), day("2021-01-01"), PATROL_DROP, spec.seed + 2)
    return kept, [polygon_wkt([(a, b), (c, b), (c, d), (a, d)]) for a, b, c, d in zones], int(removed.sum())


def main() -> None:
    spec = demo_spec()
    events, truth = simulate_events(spec)
    events, zones, removed = plant_patrols(spec, events)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    stamps = datetime64_from_days(events.t)
    french_text = np.array([np.datetime_as_string(s, unit="m") for s in stamps], dtype=object)
    french_text = np.array([f"{t[8:10]}/{t[5:7]}/{t[0:4]} {t[11:16]}" for t in french_text], dtype=object)
    write_events(str(OUTPUT), "events", events, EPSG, replace=True, extra={"date_texte": french_text})
    write_polygons(str(OUTPUT), "boundary", [polygon_wkt(town_outline(spec))], EPSG, ["Commune"])
    wkts, names = districts(spec)
    write_polygons(str(OUTPUT), "districts", wkts, EPSG, names)
    write_polygons(str(OUTPUT), "patrol_zones", zones, EPSG, [f"Zone {i + 1}" for i in range(len(zones))])
    rng = np.random.default_rng(spec.seed + 1)
    # Bars: a few near the busiest neighbourhoods, a few anywhere (a risk-terrain covariate).
    hoods = sorted(truth.neighbourhoods, key=lambda h: -h.weight)[:5]
    bx = np.concatenate([[h.x for h in hoods for _ in range(4)], spec.xmin + spec.width * rng.random(10)])
    by = np.concatenate([[h.y for h in hoods for _ in range(4)], spec.ymin + spec.height * rng.random(10)])
    bx[:20] += rng.normal(0, 150, 20)
    by[:20] += rng.normal(0, 150, 20)
    write_events(str(OUTPUT), "bars", EventSet.from_arrays(bx, by, category=np.full(bx.size, "bar", dtype=object)),
                 EPSG, replace=False, with_time=False)
    roads = [[(spec.xmin, spec.ymin + 0.5 * spec.height), (spec.xmin + spec.width, spec.ymin + 0.55 * spec.height)],
             [(spec.xmin + 0.45 * spec.width, spec.ymin), (spec.xmin + 0.5 * spec.width, spec.ymin + spec.height)]]
    write_lines(str(OUTPUT), "main_roads", roads, EPSG, ["D1", "D2"])
    print(f"wrote {OUTPUT}: {len(events)} events from {str(stamps[0])[:10]} to {str(stamps[-1])[:10]}; "
          f"{removed} events removed from the patrol zones since {PATROL_START}")


if __name__ == "__main__":
    main()
