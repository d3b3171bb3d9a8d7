"""The demo's PNG maps: a legend that fits the page, headed by the raster's units, and a subtitle that
adds to the title instead of repeating it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def _styled_raster(folder: Path, units: str) -> str:
    """A small forecast-like raster with CrimeRisk metadata and its sidecar style."""
    from crimerisk.algorithms.grid import Grid
    from crimerisk.plugin.io.rasters import write_raster
    from crimerisk.plugin.styling.styles import risk_style, write_sidecar_style
    from qgis.core import QgsCoordinateReferenceSystem

    grid = Grid(xmin=700000.0, ymax=6600000.0, cell_size=150.0, rows=40, cols=50)
    rows, cols = np.mgrid[0:40, 0:50]
    values = np.exp(-((rows - 20) ** 2 + (cols - 25) ** 2) / 60.0).astype("float32")
    fitted = {"theta": 0.381, "sigma_m": 149.2, "n_events": 3309}
    path = str(folder / "forecast.tif")
    write_raster(path, [values], grid, QgsCoordinateReferenceSystem("EPSG:2154"),
                 metadata={"CRIMERISK_UNITS": units, "CRIMERISK_PARAMETERS": json.dumps(fitted)})
    write_sidecar_style(path, risk_style(values))
    return path


def test_legend_fits_the_page_and_subtitle_adds_to_the_title(qgis_app, tmp_path):
    from qgis.core import QgsLayoutItemLegend, QgsProject
    from render_map import LEGEND_MARGIN, PAGE_WIDTH, map_layout, render_map

    units = "expected events per cell over the horizon, a long unit text that must wrap inside the legend"
    raster = _styled_raster(tmp_path, units)
    title = "SEPP forecast: burglary, week from 2021-01-01"
    project = QgsProject()
    layout = map_layout(project, raster, title, subtitle="Burglary, week from 2021-01-01")
    legend = next(item for item in layout.items() if isinstance(item, QgsLayoutItemLegend))
    right = legend.positionWithUnits().x() + legend.sizeWithUnits().width()
    assert right <= PAGE_WIDTH - LEGEND_MARGIN + 1e-6, f"legend ends at {right:.1f} mm"
    labels = [item.text() for item in layout.items() if hasattr(item, "text") and callable(item.text)]
    subtitle = next(text for text in labels if "m cells" in text)
    assert "150 m cells" in subtitle and "theta 0.381" in subtitle and "3,309 events used" in subtitle
    assert "Burglary, week from" not in subtitle, "the subtitle repeats the title"
    png = render_map(str(tmp_path / "map.png"), raster, title)
    assert Path(png).stat().st_size > 10_000
