"""The main job on the bundled sample data, through the real qgis_process: styled GeoTIFFs,
reports, and a PNG map of each result.

Run: bash scripts/demo.sh [output folder]   (sets everything up first)
"""

from __future__ import annotations

import json
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
COMMON = dict(INPUT=EVENTS, TIME_FIELD="occurred", CATEGORY_FIELD="crime_type", MASK=BOUNDARY)


def step(qgis: QgisProcess, out: Path, summary: list, title: str, algorithm: str, outputs: dict, **parameters):
    """Run one algorithm, keep its results for the summary, and map each raster it wrote."""
    started = time.time()
    answer = qgis.run(algorithm, **parameters)
    seconds = time.time() - started
    results = answer["results"]
    print(f"  {algorithm:28s} {seconds:6.1f} s  {title}")
    for key, (png_name, map_title) in outputs.items():
        path = results[key]
        render_map(str(out / png_name), path, map_title, subtitle=title, events_uri=EVENTS, boundary_uri=BOUNDARY)
    summary.append({"algorithm": algorithm, "title": title, "seconds": round(seconds, 2),
                    "results": {k: v for k, v in results.items()}})
    return results


def main(out_dir: str) -> None:
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"CrimeRisk demo on {SAMPLE.name} -> {out}")
    qgis = QgisProcess(out / ".qgis")
    summary: list[dict] = []
    step(qgis, out, summary, "All crime types, 2020, automatic radius", "crimerisk:kde",
         {"OUTPUT": ("kde_all_2020.png", "Kernel density hotspots: all crime, 2020")},
         **COMMON, START="2020-01-01", END="2020-12-31", CELL_SIZE=100, OUTPUT=str(out / "kde_all_2020.tif"))
    step(qgis, out, summary, "Burglary, 2020, 400 m quartic kernel", "crimerisk:kde",
         {"OUTPUT": ("kde_burglary_2020.png", "Kernel density hotspots: burglary, 2020")},
         **COMMON, CATEGORIES="burglary", START="2020-01-01", END="2020-12-31", CELL_SIZE=100, RADIUS=400,
         OUTPUT=str(out / "kde_burglary_2020.tif"))
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    print(f"Done: {len(summary)} runs. Open the PNG maps and GeoTIFFs in {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo-output")
