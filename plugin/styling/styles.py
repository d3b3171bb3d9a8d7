"""Styling of CrimeRisk rasters, one definition for both routes.

A :class:`RasterStyle` is applied to a layer by :func:`apply_style`; the same style is
saved as a sidecar ``.qml`` (so files opened later, and ``qgis_process`` outputs, open
styled) and handed to a Processing post-processor (so the layer the toolbox loads is
styled too: Processing's own loader ignores sidecar files).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from qgis.core import (
    QgsColorRampShader,
    QgsGradientColorRamp,
    QgsGradientStop,
    QgsMapLayer,
    QgsMapLayerLegendUtils,
    QgsPalettedRasterRenderer,
    QgsProcessingContext,
    QgsProcessingLayerPostProcessorInterface,
    QgsProject,
    QgsRasterLayer,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
)
from qgis.PyQt.QtGui import QColor

from ..i18n import tr

#: (share of cells from the top, colour): top 1%, 5%, 10%, 20%, 50% of cells.
RISK_CLASSES = ((0.01, "#7f0000"), (0.05, "#d7301f"), (0.10, "#fc8d59"), (0.20, "#fdcc8a"), (0.50, "#fef0d9"))
BELOW_CLASSES_COLOUR = "#ffffff00"  # #rrggbbaa: the rest is left unshaded so the base map shows


@dataclass(frozen=True)
class StyleEntry:
    value: float
    colour: str
    label: str


@dataclass(frozen=True)
class RasterStyle:
    """``mode``: ``discrete`` (value = class upper bound), ``interpolated`` or ``paletted`` (value = class code).

    ``minimum``: the lowest value shown (the renderer's own page shows the classes from it to the
    last upper bound); ``top_down``: the loaded layer's legend lists the entries from the last (the
    highest risk) to the first, as QGIS heatmap legends do."""

    mode: str
    entries: tuple[StyleEntry, ...]
    band: int = 1
    minimum: float | None = None
    top_down: bool = False


@dataclass(frozen=True)
class Presentation:
    """How a loaded output introduces itself: its layer name, and the legend's first row (what the
    band holds: crime types, period, unit). Empty strings keep Processing's own."""

    name: str = ""
    header: str = ""


def risk_class_labels() -> list[str]:
    """Legend labels of the risk classes, highest first: "top 1%", "1-5%", "5-10%", "10-20%", "20-50%"."""
    percents = [100 * share for share, _ in RISK_CLASSES]
    return [tr("top {:g}%").format(percents[0])] + [
        tr("{:g}-{:g}%").format(upper, lower) for upper, lower in zip(percents[:-1], percents[1:])]


def risk_style(values: np.ndarray, band: int = 1) -> RasterStyle:
    """Classes at percentiles of the unmasked cells: top 1%, 1-5%, 5-10%, 10-20%, 20-50%, and the rest.

    Every class has a finite upper bound (the top class ends at the highest value). Classes that
    tied values make empty (for example many zero cells) are left out, so each label stays true.
    """
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return RasterStyle("discrete", (StyleEntry(0.0, BELOW_CLASSES_COLOUR, tr("no data")),), band)
    shares = [share for share, _ in RISK_CLASSES]
    thresholds = np.quantile(finite, [1.0 - s for s in shares])  # ascending share -> descending thresholds
    upper_values = list(thresholds[::-1]) + [float(finite.max())]  # from the rest's bound up to the maximum
    labels = [tr("rest (below the top {:g}%)").format(100 * shares[-1])] + risk_class_labels()[::-1]
    colours = [BELOW_CLASSES_COLOUR] + [colour for _, colour in RISK_CLASSES[::-1]]
    entries = []
    lower = float(finite.min())
    for index, (upper, label, colour) in enumerate(zip(upper_values, labels, colours)):
        if upper <= lower and index > 0:
            continue  # an empty class: ties at this level
        entries.append(StyleEntry(float(upper), colour, label))
        lower = upper
    return RasterStyle("discrete", tuple(entries), band, minimum=float(finite.min()), top_down=True)


def diverging_style(limit: float = 3.0, band: int = 1) -> RasterStyle:
    """Blue - white - red ramp for z-scores, saturating at +/- ``limit``."""
    return RasterStyle("interpolated", (
        StyleEntry(-limit, "#2166ac", f"≤ -{limit:g}"),
        StyleEntry(-1.65, "#92c5de", "-1.65"),
        StyleEntry(0.0, "#f7f7f7", "0"),
        StyleEntry(1.65, "#f4a582", "1.65"),
        StyleEntry(limit, "#b2182b", f"≥ {limit:g}"),
    ), band, minimum=-limit)  # a continuous legend: QGIS already draws its maximum on top


def categorical_style(classes: list[tuple[int, str, str]], band: int = 1) -> RasterStyle:
    """One colour and label per integer code: ``[(code, '#rrggbb', label), ...]``."""
    return RasterStyle("paletted", tuple(StyleEntry(float(c), colour, label) for c, colour, label in classes), band)


def qcolor(colour: str) -> QColor:
    """``#rrggbb`` or CSS-style ``#rrggbbaa`` (Qt itself reads 8 digits as ``#aarrggbb``)."""
    if len(colour) == 9:
        return QColor(int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), int(colour[7:9], 16))
    return QColor(colour)


def _source_ramp(style: RasterStyle) -> QgsGradientColorRamp:
    """The class colours as the renderer's own ramp, so its page shows no unrelated ramp."""
    colours = [qcolor(e.colour) for e in style.entries]
    if len(colours) == 1:
        colours.append(colours[0])
    stops = [QgsGradientStop(i / (len(colours) - 1), colour) for i, colour in enumerate(colours[1:-1], start=1)]
    return QgsGradientColorRamp(colours[0], colours[-1], style.mode == "discrete", stops)


def apply_style(layer: QgsRasterLayer, style: RasterStyle) -> None:
    """Give ``layer`` the renderer that ``style`` describes."""
    if style.mode == "paletted":
        classes = [QgsPalettedRasterRenderer.Class(int(e.value), qcolor(e.colour), e.label) for e in style.entries]
        renderer = QgsPalettedRasterRenderer(layer.dataProvider(), style.band, classes)
    else:
        ramp = QgsColorRampShader()
        ramp.setColorRampType(QgsColorRampShader.Type.Discrete if style.mode == "discrete"
                              else QgsColorRampShader.Type.Interpolated)
        ramp.setSourceColorRamp(_source_ramp(style))
        ramp.setColorRampItemList([QgsColorRampShader.ColorRampItem(e.value, qcolor(e.colour), e.label)
                                   for e in style.entries])
        values = [e.value for e in style.entries] + ([] if style.minimum is None else [style.minimum])
        ramp.setMinimumValue(min(values))
        ramp.setMaximumValue(max(values))
        shader = QgsRasterShader()
        shader.setRasterShaderFunction(ramp)
        renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), style.band, shader)
        renderer.setClassificationMin(min(values))
        renderer.setClassificationMax(max(values))
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def present(layer, style: RasterStyle | None, presentation: Presentation) -> None:
    """Name a loaded layer, title its legend by what the band holds, list the classes from the highest
    risk down when ``style.top_down``, and expand it (the legend is part of the answer)."""
    if presentation.name:
        layer.setName(presentation.name)
    project = layer.project() or QgsProject.instance()
    node = project.layerTreeRoot().findLayer(layer.id())
    if node is None:
        return
    count = len(style.entries) if style is not None else 0
    header = 1 if isinstance(layer, QgsRasterLayer) else 0  # QGIS's "Band 1: ..." row above raster classes
    if presentation.header and header:
        QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, 0, presentation.header)
    if style is not None and style.top_down and count > 1:
        QgsMapLayerLegendUtils.setLegendNodeOrder(node, list(range(header)) + list(range(header + count - 1,
                                                                                       header - 1, -1)))
    node.setExpanded(True)
    if style is not None:
        # A named copy in the layer's styles (Layers panel > Styles): QGIS's Classify button replaces
        # the classes with its own; this brings them back.
        layer.styleManager().addStyleFromLayer(tr("CrimeRisk classes"))
    layer.emitStyleChanged()
    layer.rendererChanged.emit()  # rebuilds the legend with the order and title just set


def write_sidecar_style(raster_path: str, style: RasterStyle) -> str:
    """Save ``style`` as ``<raster>.qml`` beside the file; returns the .qml path."""
    layer = QgsRasterLayer(raster_path, Path(raster_path).stem, "gdal")
    if not layer.isValid():
        raise RuntimeError(f"cannot open {raster_path} to style it")
    apply_style(layer, style)
    return save_sidecar(layer, Path(raster_path))


def save_sidecar(layer: QgsMapLayer, path: Path) -> str:
    """Save the style of ``layer`` as ``<path>.qml`` (the sidecar QGIS reads when it opens ``path``)."""
    qml = str(path.with_suffix(".qml"))
    message, ok = layer.saveNamedStyle(qml)
    if not ok:
        raise RuntimeError(f"cannot write style {qml}: {message}")
    return qml


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Applies a :class:`RasterStyle` to the layer Processing loads when the run ends."""

    # Processing holds only a C++ pointer: Python must keep every instance alive.
    _alive: list["StylePostProcessor"] = []

    def __init__(self, style, presentation: Presentation | None = None):
        super().__init__()
        self.style = style
        self.presentation = presentation or Presentation()

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (Qt's name)
        if isinstance(layer, QgsRasterLayer):
            if self.style is not None:
                apply_style(layer, self.style)
            present(layer, self.style, self.presentation)

    @classmethod
    def create(cls, style, presentation: Presentation | None = None) -> "StylePostProcessor":
        processor = cls(style, presentation)
        cls._alive.append(processor)
        return processor


def style_output(raster_path: str, style: RasterStyle, context: QgsProcessingContext,
                 presentation: Presentation | None = None) -> None:
    """Both routes: the sidecar .qml, and the post-processor (style, name, legend) when the layer loads
    on completion. Without a style, only the presentation is applied."""
    if style is not None:
        write_sidecar_style(raster_path, style)
    if context.willLoadLayerOnCompletion(raster_path):
        details = context.layerToLoadOnCompletionDetails(raster_path)
        if presentation is not None and presentation.name:
            details.name = presentation.name
        details.setPostProcessor(StylePostProcessor.create(style, presentation))
