"""Line style of network outputs: lixels drawn by risk class of network length (top 1%, 1-5%, ...),
wider and redder for the riskiest streets, so that they read on any base map."""

from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsFeatureRequest,
    QgsLineSymbol,
    QgsPalLayerSettings,
    QgsProperty,
    QgsRendererCategory,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)

from ..i18n import tr
from .styles import RISK_CLASSES, risk_class_labels
from .vector_styles import label_settings, zone_label_expression

#: (class, colour, width in mm) from the riskiest: the raster legends' yellow-to-red ramp.
CLASSES = ((1, "#bd0026", 1.6), (2, "#f03b20", 1.2), (3, "#fd8d3c", 0.9), (4, "#feb24c", 0.6),
           (5, "#fed976", 0.4), (6, "#bdbdbd", 0.2))


def class_labels() -> dict[int, str]:
    """Legend labels by class, the raster maps' words (French "1-5 %" too): top 1%, 1-5%, ..., the rest."""
    labels = dict(enumerate(risk_class_labels(), start=1))
    labels[6] = tr("rest (below the top {:g}%)").format(100 * RISK_CLASSES[-1][0])
    return labels


def risk_class_style(layer: QgsVectorLayer) -> None:
    """Categorised by the ``risk_class`` field, riskiest drawn on top."""
    labels = class_labels()
    categories = []
    for value, colour, width in CLASSES:
        symbol = QgsLineSymbol.createSimple({"line_color": colour, "line_width": str(width),
                                             "line_width_unit": "MM", "capstyle": "round"})
        symbol.symbolLayer(0).setRenderingPass(len(CLASSES) - value)  # later passes draw on top
        categories.append(QgsRendererCategory(value, symbol, labels[value]))
    renderer = QgsCategorizedSymbolRenderer("risk_class", categories)
    renderer.setOrderByEnabled(False)
    renderer.setUsingSymbolLevels(True)
    layer.setRenderer(renderer)


#: Colours of patrol units 1, 2, ... (later units reuse them in turn).
UNIT_COLOURS = ("#08519c", "#6a51a3", "#238b45", "#d94801", "#ce1256", "#525252")
#: Line width (mm) by route rank: the riskiest routes widest, so the order reads at a glance.
RANK_WIDTHS = ((3, 2.2), (10, 1.6))
OTHER_RANK_WIDTH = 1.1


def rank_width_expression() -> str:
    """Data-defined width of a route's line, from its ``rank`` (:data:`RANK_WIDTHS`)."""
    cases = " ".join(f'WHEN "rank" <= {rank} THEN {width}' for rank, width in RANK_WIDTHS)
    return f"CASE {cases} ELSE {OTHER_RANK_WIDTH} END"


def route_style(units: int):
    """A style function drawing routes by patrol unit (colour), wider for the riskiest ranks, labelled
    ``#rank · unit n`` along the line; the highest ranks drawn on top."""
    def style(layer: QgsVectorLayer) -> None:
        categories = []
        for unit in range(1, max(1, units) + 1):
            symbol = QgsLineSymbol.createSimple({"line_color": UNIT_COLOURS[(unit - 1) % len(UNIT_COLOURS)],
                                                 "line_width": "1.4", "line_width_unit": "MM",
                                                 "capstyle": "round", "joinstyle": "round"})
            symbol.setDataDefinedWidth(QgsProperty.fromExpression(rank_width_expression()))
            categories.append(QgsRendererCategory(unit, symbol, tr("unit {}").format(unit)))
        renderer = QgsCategorizedSymbolRenderer("unit", categories)
        renderer.setOrderBy(QgsFeatureRequest.OrderBy([QgsFeatureRequest.OrderByClause("rank", False)]))
        renderer.setOrderByEnabled(True)
        layer.setRenderer(renderer)
        settings = label_settings(zone_label_expression())
        settings.placement = QgsPalLayerSettings.Placement.Horizontal  # fits any route, however bent
        _label_every_route(settings)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
        layer.setLabelsEnabled(True)
    return style


def _label_every_route(settings: QgsPalLayerSettings) -> None:
    """Every route keeps its label even where labels crowd (a unit needs each rank), with a thin halo
    that leaves a short route visible under its label."""
    if hasattr(settings, "placementSettings") and hasattr(Qgis, "LabelOverlapHandling"):  # QGIS 3.26+
        placement = settings.placementSettings()
        placement.setOverlapHandling(Qgis.LabelOverlapHandling.AllowOverlapIfRequired)
        settings.setPlacementSettings(placement)
    else:
        settings.displayAll = True
    text = settings.format()
    halo = text.buffer()
    halo.setSize(0.6)
    halo.setOpacity(0.8)
    text.setBuffer(halo)
    settings.setFormat(text)
