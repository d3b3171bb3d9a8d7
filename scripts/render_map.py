"""Render a styled CrimeRisk raster, polygon or line layer (streets) to a PNG map, headless.

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
    QgsLegendStyle,
    QgsLineSymbol,
    QgsMapLayerLegendUtils,
    QgsPrintLayout,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont

_app = None


def qgis_application() -> QgsApplication:
    """The running QgsApplication (a test session's, QGIS's own), or a headless one created once."""
    global _app
    if _app is None and QgsApplication.instance() is not None:
        _app = QgsApplication.instance()
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


def _streets_layer(uri: str) -> QgsVectorLayer:
    """The street network in thin light grey, under routes that cover only part of it."""
    layer = QgsVectorLayer(uri, "Streets", "ogr")
    layer.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple({"line_color": "190,190,190",
                                                                           "line_width": "0.2"})))
    return layer


def _boundary_layer(uri: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(uri, "Study area", "ogr")
    symbol = layer.renderer().symbol()
    symbol.setColor(QColor(0, 0, 0, 0))
    symbol.symbolLayer(0).setStrokeColor(QColor(30, 30, 30))
    symbol.symbolLayer(0).setStrokeWidth(0.5)
    return layer


#: Page (A4 landscape) and legend column, in millimetres.
PAGE_WIDTH, LEGEND_LEFT, LEGEND_MARGIN = 297.0, 218.0, 5.0
#: Characters per legend line before a label wraps (the legend's wrap character is "|").
LEGEND_LINE = 34
#: Fitted parameters worth a place in a map's subtitle: key -> (label, unit).
SUBTITLE_PARAMETERS = {"theta": ("theta", ""), "mean_delay_days": ("mean delay", " days"),
                       "sigma_m": ("sigma", " m"), "radius_m": ("radius", " m"),
                       "bandwidth_m": ("bandwidth", " m")}


def _wrapped(text: str, width: int = LEGEND_LINE) -> str:
    """``text`` with the legend's wrap character "|" between words so that no line exceeds ``width``."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "|".join(lines)


def _short_number(value: float) -> str:
    """A fitted value for a subtitle: 3 significant digits, never scientific notation."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def raster_facts(layer_path: str) -> tuple[str, list[str]]:
    """(units, facts) of a CrimeRisk raster from its metadata: cell size and the main fitted parameters."""
    import json

    dataset = gdal.Open(layer_path)
    if dataset is None:
        return "", []
    metadata = dataset.GetMetadata() or {}
    facts = [f"{abs(dataset.GetGeoTransform()[1]):g} m cells"]
    try:
        fitted = json.loads(metadata.get("CRIMERISK_PARAMETERS", "{}"))
    except ValueError:
        fitted = {}
    for key, (label, unit) in SUBTITLE_PARAMETERS.items():
        value = fitted.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            facts.append(f"{label} {_short_number(value)}{unit}")
    events = fitted.get("n_events") or fitted.get("events_used")
    if isinstance(events, (int, float)):
        facts.append(f"{int(events):,} events used")
    return metadata.get("CRIMERISK_UNITS", ""), facts


def map_subtitle(title: str, description: str, facts: list[str]) -> str:
    """A subtitle that adds to the title: the run's description unless the title already says it, then facts."""
    words = set(title.lower().replace(",", " ").replace(":", " ").split())
    parts = [] if set(description.lower().replace(",", " ").split()) <= words else [description]
    return " · ".join(parts + facts)


def _drop_band_row(legend: QgsLayoutItemLegend, node) -> None:
    """Leave out a raster's "Band 1: ... (Gray)" row: the legend's heading already names what it holds."""
    if node is None:
        return
    rows = legend.model().layerLegendNodes(node)
    keep = [index for index, row in enumerate(rows)
            if not str(row.data(Qt.ItemDataRole.DisplayRole) or "").startswith("Band ")]
    if len(keep) < len(rows):
        QgsMapLayerLegendUtils.setLegendNodeOrder(node, keep)
        legend.model().refreshLayerLegend(node)


def _fit_legend(legend: QgsLayoutItemLegend, width: float) -> None:
    """Shrink the legend's fonts (not below 6 pt) until it is at most ``width`` mm wide.

    A legend knows its size only once painted (it needs the output's DPI), so the page is first
    rendered once, small."""
    QgsLayoutExporter(legend.layout()).renderPageToImage(0, QSize(297, 210))
    for size in (11.0, 10.0, 9.0, 8.0, 7.0, 6.0):
        for style in (QgsLegendStyle.Title, QgsLegendStyle.Group, QgsLegendStyle.Subgroup,
                      QgsLegendStyle.SymbolLabel):
            font = legend.styleFont(style)
            font.setPointSizeF(size + (1.0 if style != QgsLegendStyle.SymbolLabel else 0.0))
            legend.setStyleFont(style, font)
        legend.updateLegend()
        legend.adjustBoxSize()
        if legend.sizeWithUnits().width() <= width:
            return


def render_map(png_path: str, layer_path: str, title: str, subtitle: str = "", events_uri: str | None = None,
               boundary_uri: str | None = None, layer_name: str | None = None, streets_uri: str | None = None) -> str:
    """Write ``png_path``: ``layer_path`` (a raster with its sidecar .qml, or a vector uri: zones, street
    lines) over the events, the streets and the boundary when given."""
    project = QgsProject()
    layout = map_layout(project, layer_path, title, subtitle, events_uri, boundary_uri, layer_name, streets_uri)
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


def map_layout(project: QgsProject, layer_path: str, title: str, subtitle: str = "", events_uri: str | None = None,
               boundary_uri: str | None = None, layer_name: str | None = None,
               streets_uri: str | None = None) -> QgsPrintLayout:
    """The A4 landscape layout of :func:`render_map`: map, title, subtitle, legend and scale bar.

    The subtitle adds to the title (the run's description when the title does not already say it, the
    cell size and main fitted parameters); the legend is headed by the raster's units and fits the page."""
    qgis_application()
    if layer_path.lower().endswith((".tif", ".tiff")):
        units, facts = raster_facts(layer_path)
        subtitle = map_subtitle(title, subtitle, facts)
        main = QgsRasterLayer(layer_path, _wrapped(layer_name or (units[:1].upper() + units[1:]) or Path(layer_path).stem))
    else:
        main = QgsVectorLayer(layer_path, _wrapped(layer_name or Path(layer_path.split("|")[0]).stem), "ogr")
        qml = Path(layer_path.split("|")[0]).with_suffix(".qml")
        if qml.exists():
            main.loadNamedStyle(str(qml))
        subtitle = map_subtitle(title, subtitle, [])
    if not main.isValid():
        raise RuntimeError(f"cannot open {layer_path}")
    layers = [main]
    if streets_uri:
        layers.append(_streets_layer(streets_uri))
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
    _drop_band_row(legend, root.findLayer(main.id()))
    legend.setTitle("")
    legend.setWrapString("|")
    legend.attemptMove(QgsLayoutPoint(LEGEND_LEFT, 22, QgsUnitTypes.LayoutMillimeters))
    _fit_legend(legend, PAGE_WIDTH - LEGEND_LEFT - LEGEND_MARGIN)

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
    return layout
