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


def _styled_lines(folder: Path) -> tuple[str, str]:
    """(lixel layer path, streets uri): a small street grid in risk classes 1-6 with its sidecar class style."""
    from osgeo import ogr, osr

    from crimerisk.plugin.styling.network_styles import risk_class_style
    from qgis.core import QgsVectorLayer

    path = str(folder / "lixels.gpkg")
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(2154)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    for name in ("lixels", "streets"):
        layer = dataset.CreateLayer(name, reference, ogr.wkbLineString)
        layer.CreateField(ogr.FieldDefn("risk_class", ogr.OFTInteger))
        for k in range(12):  # six east-west and six north-south streets, 1 km long, 200 m apart
            x0, y0 = 700_000.0 + 200.0 * (k % 6), 6_600_000.0
            start, end = ((x0, y0), (x0, y0 + 1000.0)) if k < 6 else ((700_000.0, y0 + 200.0 * (k - 6)),
                                                                     (701_000.0, y0 + 200.0 * (k - 6)))
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("risk_class", k % 6 + 1)
            feature.SetGeometry(ogr.CreateGeometryFromWkt(f"LINESTRING ({start[0]} {start[1]}, {end[0]} {end[1]})"))
            layer.CreateFeature(feature)
    dataset = None
    lixels = QgsVectorLayer(f"{path}|layername=lixels", "lixels", "ogr")
    risk_class_style(lixels)
    lixels.saveNamedStyle(str(folder / "lixels.qml"))
    return path, f"{path}|layername=streets"


def test_line_layers_map_with_their_classes_the_streets_and_a_wrapped_legend(qgis_app, tmp_path):
    from qgis.core import QgsLayoutItemLegend, QgsProject
    from render_map import LEGEND_MARGIN, PAGE_WIDTH, map_layout, render_map

    lines, streets = _styled_lines(tmp_path)
    heading = "Events per km of street per year (class: share of street length)"
    title = "Street kernel density: all crime, 2020"
    project = QgsProject()
    layout = map_layout(project, lines, title, subtitle="All crime, 2020", layer_name=heading,
                        streets_uri=streets)
    legend = next(item for item in layout.items() if isinstance(item, QgsLayoutItemLegend))
    right = legend.positionWithUnits().x() + legend.sizeWithUnits().width()
    assert right <= PAGE_WIDTH - LEGEND_MARGIN + 1e-6, f"legend ends at {right:.1f} mm"
    model = legend.model()
    names = [node.name() for node in model.rootGroup().findLayers()]
    assert names[1] == "Streets" and "|" in names[0], "the streets under the classes; the long heading wraps"
    rows = [row.data(0) for row in model.layerLegendNodes(model.rootGroup().findLayers()[0])]
    assert rows == ["top 1%", "1-5%", "5-10%", "10-20%", "20-50%", "rest (below the top 50%)"]
    labels = [item.text() for item in layout.items() if hasattr(item, "text") and callable(item.text)]
    assert "All crime, 2020" not in labels, "the subtitle repeats the title"
    png = render_map(str(tmp_path / "lines.png"), lines, title, layer_name=heading, streets_uri=streets)
    assert Path(png).stat().st_size > 10_000
