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
from crimerisk.algorithms.simulate import LAND_USES, plant_drop, simulate_town, town_spec  # noqa: E402
from crimerisk.tests.vector_io import write_events, write_lines, write_polygons  # noqa: E402

OUTPUT = Path(__file__).resolve().parents[1] / "resources" / "sample" / "crimerisk_sample.gpkg"
EPSG = 2154  # RGF93 / Lambert-93, the French national projection
#: The planted intervention: patrols in the busiest cells of 2019, from this day to the end of 2020.
PATROL_START = "2020-03-02"
PATROL_CELL = 250.0
PATROL_ZONES = 6
PATROL_DROP = 0.3


def town_outline(spec) -> list[tuple[float, float]]:
    """The town's boundary (an irregular octagon inside the simulated area)."""
    return spec.outline_ring()


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


def plant_patrols(spec, events: EventSet) -> tuple[np.ndarray, list[str]]:
    """Patrol zones from 2019 and a ``PATROL_DROP`` share of their events removed from ``PATROL_START``:
    the mask of the events kept, and the zones."""
    zones = patrol_zones(spec, events)
    inside = np.zeros(len(events), dtype=bool)
    for xmin, ymin, xmax, ymax in zones:
        inside |= (events.x >= xmin) & (events.x < xmax) & (events.y >= ymin) & (events.y < ymax)
    _, removed = plant_drop(events, inside, day(PATROL_START), day("2021-01-01"), PATROL_DROP, spec.seed + 2)
    return ~removed, [polygon_wkt([(a, b), (c, b), (c, d), (a, d)]) for a, b, c, d in zones]


def stamps(days: np.ndarray) -> np.ndarray:
    """Date and time of each day count; NaT where there is none."""
    known = np.isfinite(days)
    out = np.full(days.size, np.datetime64("NaT"), dtype="datetime64[s]")
    out[known] = datetime64_from_days(days[known])
    return out


def bars(simulation, rng) -> EventSet:
    """Bars: twenty at the nightlife addresses most prone to violence, ten anywhere on the streets
    (a risk-terrain covariate)."""
    streets = simulation.streets
    nightlife = np.flatnonzero(simulation.address_land_use == LAND_USES.index("nightlife"))
    busiest = nightlife[np.argsort(-simulation.address_weight["violence"][nightlife])[:20]]
    anywhere = rng.choice(streets.address_x.size, 10, replace=False)
    chosen = np.concatenate([busiest, anywhere])
    return EventSet.from_arrays(streets.address_x[chosen], streets.address_y[chosen],
                                category=np.full(chosen.size, "bar", dtype=object))


def main() -> None:
    spec = town_spec()
    simulation = simulate_town(spec)
    kept, zones = plant_patrols(spec, simulation.events)
    events, t_end = simulation.events.subset(kept), simulation.t_end[kept]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    start = stamps(events.t)
    text = [np.datetime_as_string(s, unit="m") for s in start]
    french_text = np.array([f"{t[8:10]}/{t[5:7]}/{t[0:4]} {t[11:16]}" for t in text], dtype=object)
    write_events(str(OUTPUT), "events", events, EPSG, replace=True,
                 extra={"occurred_end": stamps(t_end), "date_texte": french_text})
    write_polygons(str(OUTPUT), "boundary", [polygon_wkt(town_outline(spec))], EPSG, ["Commune"])
    wkts, names = districts(spec)
    write_polygons(str(OUTPUT), "districts", wkts, EPSG, names)
    write_polygons(str(OUTPUT), "patrol_zones", zones, EPSG, [f"Zone {i + 1}" for i in range(len(zones))])
    write_events(str(OUTPUT), "bars", bars(simulation, np.random.default_rng(spec.seed + 1)), EPSG, replace=False,
                 with_time=False)
    streets = simulation.streets
    segments = streets.segments()
    write_lines(str(OUTPUT), "streets", segments, EPSG, list(streets.edge_name))
    main = np.flatnonzero(streets.edge_main)
    write_lines(str(OUTPUT), "main_roads", [segments[i] for i in main], EPSG, list(streets.edge_name[main]))
    print(f"wrote {OUTPUT}: {len(events)} events from {str(start[0])[:10]} to {str(start[-1])[:10]} "
          f"({int(np.isfinite(t_end).sum())} with a time window), {streets.n_edges} street segments; "
          f"{int((~kept).sum())} events removed from the patrol zones since {PATROL_START}")


if __name__ == "__main__":
    main()
