"""Render a styled CrimeRisk raster (or polygon layer) over the events to a PNG map, headless.

Uses QGIS's own layout engine: the map, a title, a legend, a scale bar. Needs a running
QgsApplication (see :func:`qgis_application`).
"""

from __future__ import annotations

import os
from pathlib import Path

from osgeo import gdal
from qgis.core import (
    QgsApplication,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor, QFont

_app = None


def qgis_application() -> QgsApplication:
    """A headless QgsApplication, created once."""
    global _app
    if _app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QgsApplication([], True)
        _app.initQgis()
    return _app


def _events_layer(uri: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(uri, "Events", "ogr")
    symbol = layer.renderer().symbol()
    symbol.setColor(QColor(40, 40, 40, 110))
    symbol.setSize(0.5)
    symbol.symbolLayer(0).setStrokeStyle(0)  # no outline
    return layer


def _boundary_layer(uri: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(uri, "Study area", "ogr")
    symbol = layer.renderer().symbol()
    symbol.setColor(QColor(0, 0, 0, 0))
    symbol.symbolLayer(0).setStrokeColor(QColor(30, 30, 30))
    symbol.symbolLayer(0).setStrokeWidth(0.5)
    return layer


def render_map(png_path: str, layer_path: str, title: str, subtitle: str = "", events_uri: str | None = None,
               boundary_uri: str | None = None, layer_name: str | None = None) -> str:
    """Write ``png_path``: ``layer_path`` (a raster with its sidecar .qml, or a vector uri) over the events."""
    qgis_application()
    project = QgsProject()
    if layer_path.lower().endswith((".tif", ".tiff")):
        main = QgsRasterLayer(layer_path, layer_name or Path(layer_path).stem)
    else:
        main = QgsVectorLayer(layer_path, layer_name or Path(layer_path.split("|")[0]).stem, "ogr")
        qml = Path(layer_path.split("|")[0]).with_suffix(".qml")
        if qml.exists():
            main.loadNamedStyle(str(qml))
    if not main.isValid():
        raise RuntimeError(f"cannot open {layer_path}")
    layers = [main]
    if events_uri:
        layers.insert(0, _events_layer(events_uri))
    if boundary_uri:
        layers.insert(0, _boundary_layer(boundary_uri))
    project.addMapLayers(layers)
    extent = QgsRectangle(main.extent())
    if boundary_uri:  # zones or alerts cover part of the town: show all of it
        extent.combineExtentWith(layers[0].extent())
    extent.scale(1.03)

    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(297, 210, QgsUnitTypes.LayoutMillimeters))
    map_item = QgsLayoutItemMap(layout)
    # Order matters in 3.22: size and extent before the item joins the layout, else the extent stays empty.
    map_item.attemptResize(QgsLayoutSize(205, 180, QgsUnitTypes.LayoutMillimeters))
    map_item.setCrs(main.crs())
    map_item.setLayers(layers)
    map_item.zoomToExtent(extent)
    map_item.setFrameEnabled(True)
    layout.addLayoutItem(map_item)
    map_item.attemptMove(QgsLayoutPoint(8, 22, QgsUnitTypes.LayoutMillimeters))
    if map_item.extent().isEmpty():
        raise RuntimeError("the map item has an empty extent")

    for text, size, top in ((title, 16, 6), (subtitle, 9, 14)):
        if not text:
            continue
        label = QgsLayoutItemLabel(layout)
        layout.addLayoutItem(label)
        label.setText(text)
        label.setFont(QFont("DejaVu Sans", size, QFont.Bold if size > 10 else QFont.Normal))
        label.attemptMove(QgsLayoutPoint(8, top, QgsUnitTypes.LayoutMillimeters))
        label.attemptResize(QgsLayoutSize(280, 8, QgsUnitTypes.LayoutMillimeters))

    legend = QgsLayoutItemLegend(layout)
    layout.addLayoutItem(legend)
    legend.setLinkedMap(map_item)
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.clear()
    for layer in [main] + [l for l in layers if l is not main]:
        root.addLayer(layer)
    legend.setTitle("")
    legend.attemptMove(QgsLayoutPoint(218, 22, QgsUnitTypes.LayoutMillimeters))

    scale = QgsLayoutItemScaleBar(layout)
    layout.addLayoutItem(scale)
    scale.setStyle("Single Box")
    scale.setLinkedMap(map_item)
    scale.applyDefaultSize(QgsUnitTypes.DistanceKilometers)
    scale.setUnits(QgsUnitTypes.DistanceKilometers)
    scale.setUnitLabel("km")
    scale.setNumberOfSegments(2)
    scale.setUnitsPerSegment(1.0)
    scale.attemptMove(QgsLayoutPoint(12, 190, QgsUnitTypes.LayoutMillimeters))

    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 110
    settings.generateWorldFile = False
    settings.exportMetadata = False
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # the exporter tries to georeference the PNG in place
    try:
        result = QgsLayoutExporter(layout).exportToImage(png_path, settings)
    finally:
        gdal.PopErrorHandler()
    if result != QgsLayoutExporter.Success:
        raise RuntimeError(f"map export to {png_path} failed ({result})")
    return png_path
