"""Styling of CrimeRisk vector outputs, one definition for both routes (as :mod:`.styles` for rasters).

A style is a function ``style(layer)`` that sets a layer's renderer and labels. It is
saved as a sidecar ``.qml`` beside a file output (files opened later, ``qgis_process``)
and handed to a Processing post-processor (the layer the toolbox loads: Processing's
own loader ignores sidecar files). The sidecar is written from an empty memory layer
with the output's fields, so it never touches the file the sink is still writing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFields,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsPalLayerSettings,
    QgsProcessingContext,
    QgsRendererRange,
    QgsSimpleFillSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor

from ..i18n import tr
from .styles import StylePostProcessor, save_sidecar

VectorStyle = Callable[[QgsVectorLayer], None]

#: Outline colours of zone ranks 1, 2, ... (most expected events first); later ranks share the last. Blues,
#: so that zones stand out over the yellow-to-red risk maps they are drawn on.
RANK_COLOURS = ("#08306b", "#08519c", "#2171b5", "#4292c6", "#6baed6", "#9ecae1")
#: Halo under each outline: visible over dark and light cells alike.
HALO_COLOUR = "#ffffff"
def zone_label_expression() -> str:
    """Map label of a zone: its rank, and its patrol unit when one is assigned (unit > 0)."""
    unit = tr("unit").replace("'", "''")
    return f"'#' || \"rank\" || CASE WHEN \"unit\" > 0 THEN ' · ' || '{unit} ' || \"unit\" ELSE '' END"


def rank_style(n_areas: int) -> VectorStyle:
    """Ranked areas without patrol units (near-repeat alerts): the zones' outlines, labelled ``#rank``."""
    return zone_style(n_areas, "'#' || \"rank\"")


def _rank_ranges(n_zones: int) -> list[tuple[float, float, str, str]]:
    """(lower, upper, colour, legend label) per class: one class per rank, the tail pooled."""
    ranges = []
    for index, colour in enumerate(RANK_COLOURS):
        rank = index + 1
        if rank > max(1, n_zones):
            break
        last = index == len(RANK_COLOURS) - 1 and n_zones > rank
        label = tr("rank {}").format(rank) if not last else tr("ranks {}-{}").format(rank, n_zones)
        ranges.append((rank - 0.5, (n_zones if last else rank) + 0.5, colour, label))
    return ranges


def zone_symbol(colour: str) -> QgsFillSymbol:
    """No fill (the risk map underneath stays readable), a white halo and a blue outline on top."""
    symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": HALO_COLOUR, "outline_width": "1.4"})
    symbol.appendSymbolLayer(QgsSimpleFillSymbolLayer.create({"style": "no", "outline_color": colour,
                                                              "outline_width": "0.7"}))
    return symbol


def zone_style(n_zones: int, label_expression: str | None = None) -> VectorStyle:
    """Outlines graduated by ``rank`` (dark blue = rank 1) over any risk raster, labelled with
    ``label_expression`` (default: the rank and the patrol unit, :func:`zone_label_expression`)."""
    def style(layer: QgsVectorLayer) -> None:
        ranges = [QgsRendererRange(lower, upper, zone_symbol(colour), label)
                  for lower, upper, colour, label in _rank_ranges(n_zones)]
        layer.setRenderer(QgsGraduatedSymbolRenderer("rank", ranges))
        expression = zone_label_expression() if label_expression is None else label_expression
        layer.setLabeling(QgsVectorLayerSimpleLabeling(label_settings(expression)))
        layer.setLabelsEnabled(True)
        layer.triggerRepaint()
    return style


def label_settings(expression: str) -> QgsPalLayerSettings:
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    text = QgsTextFormat()
    text.setSize(10)
    font = text.font()
    font.setBold(True)
    text.setFont(font)
    text.setColor(QColor(RANK_COLOURS[0]))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1.2)
    buffer.setColor(QColor("#ffffff"))
    text.setBuffer(buffer)
    settings.setFormat(text)
    return settings


def file_of(destination: str) -> Path | None:
    """The file behind a sink destination (``path.gpkg|layername=...``), or None when not a file."""
    path = Path(destination.split("|")[0])
    return path if path.suffix and path.parent.is_dir() else None


def write_sidecar_vector_style(destination: str, style: VectorStyle, fields: QgsFields, geometry: str,
                               crs: QgsCoordinateReferenceSystem) -> str | None:
    """Save ``style`` as ``<file>.qml`` beside a file output; returns the .qml path (None for non-files)."""
    path = file_of(destination)
    if path is None:
        return None
    layer = QgsVectorLayer(f"{geometry}?crs={crs.authid()}", path.stem, "memory")
    layer.dataProvider().addAttributes(list(fields))
    layer.updateFields()
    style(layer)
    return save_sidecar(layer, path)


class VectorStylePostProcessor(StylePostProcessor):
    """Applies a vector style to the layer Processing loads when the run ends (kept alive by
    :meth:`StylePostProcessor.create`)."""

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (Qt's name)
        if isinstance(layer, QgsVectorLayer):
            self.style(layer)


def style_vector_output(destination: str, style: VectorStyle, context: QgsProcessingContext, fields: QgsFields,
                        geometry: str, crs: QgsCoordinateReferenceSystem) -> None:
    """Both routes: the sidecar .qml beside a file output, and the post-processor when it loads."""
    write_sidecar_vector_style(destination, style, fields, geometry, crs)
    if context.willLoadLayerOnCompletion(destination):
        context.layerToLoadOnCompletionDetails(destination).setPostProcessor(VectorStylePostProcessor.create(style))
