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
    QgsPalettedRasterRenderer,
    QgsProcessingContext,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
)
from qgis.PyQt.QtGui import QColor

from .i18n import tr

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
    """``mode``: ``discrete`` (value = class upper bound), ``interpolated`` or ``paletted`` (value = class code)."""

    mode: str
    entries: tuple[StyleEntry, ...]
    band: int = 1


def risk_style(values: np.ndarray, band: int = 1) -> RasterStyle:
    """Classes at percentiles of the unmasked cells: top 1%, 5%, 10%, 20%, 50%, and the rest.

    Classes that tied values make empty (for example many zero cells) are left out, so each
    label stays true.
    """
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return RasterStyle("discrete", (StyleEntry(float("inf"), BELOW_CLASSES_COLOUR, tr("no data")),), band)
    shares = [share for share, _ in RISK_CLASSES]
    thresholds = np.quantile(finite, [1.0 - s for s in shares])  # ascending share -> descending thresholds
    entries = []
    lower = -np.inf
    bounds = list(zip(thresholds[::-1], [s for s in shares[::-1]]))  # (threshold, share) from the 50% class up
    upper_values = [t for t, _ in bounds] + [np.inf]
    labels = [tr("rest (below the top 50% of cells)")] + [
        tr("top {:g}% of cells").format(100 * share) for share in shares[::-1]]
    colours = [BELOW_CLASSES_COLOUR] + [colour for _, colour in RISK_CLASSES[::-1]]
    for upper, label, colour in zip(upper_values, labels, colours):
        if upper <= lower:
            continue  # an empty class: ties at this level
        entries.append(StyleEntry(float(upper), colour, label))
        lower = upper
    return RasterStyle("discrete", tuple(entries), band)


def diverging_style(limit: float = 3.0, band: int = 1) -> RasterStyle:
    """Blue - white - red ramp for z-scores, saturating at +/- ``limit``."""
    return RasterStyle("interpolated", (
        StyleEntry(-limit, "#2166ac", f"≤ -{limit:g}"),
        StyleEntry(-1.65, "#92c5de", "-1.65"),
        StyleEntry(0.0, "#f7f7f7", "0"),
        StyleEntry(1.65, "#f4a582", "1.65"),
        StyleEntry(limit, "#b2182b", f"≥ {limit:g}"),
    ), band)


def categorical_style(classes: list[tuple[int, str, str]], band: int = 1) -> RasterStyle:
    """One colour and label per integer code: ``[(code, '#rrggbb', label), ...]``."""
    return RasterStyle("paletted", tuple(StyleEntry(float(c), colour, label) for c, colour, label in classes), band)


def qcolor(colour: str) -> QColor:
    """``#rrggbb`` or CSS-style ``#rrggbbaa`` (Qt itself reads 8 digits as ``#aarrggbb``)."""
    if len(colour) == 9:
        return QColor(int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), int(colour[7:9], 16))
    return QColor(colour)


def apply_style(layer: QgsRasterLayer, style: RasterStyle) -> None:
    """Give ``layer`` the renderer that ``style`` describes."""
    if style.mode == "paletted":
        classes = [QgsPalettedRasterRenderer.Class(int(e.value), qcolor(e.colour), e.label) for e in style.entries]
        renderer = QgsPalettedRasterRenderer(layer.dataProvider(), style.band, classes)
    else:
        ramp = QgsColorRampShader()
        ramp.setColorRampType(QgsColorRampShader.Type.Discrete if style.mode == "discrete"
                              else QgsColorRampShader.Type.Interpolated)
        ramp.setColorRampItemList([QgsColorRampShader.ColorRampItem(e.value, qcolor(e.colour), e.label)
                                   for e in style.entries])
        finite = [e.value for e in style.entries if np.isfinite(e.value)]
        if finite:
            ramp.setMinimumValue(min(finite))
            ramp.setMaximumValue(max(finite))
        shader = QgsRasterShader()
        shader.setRasterShaderFunction(ramp)
        renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), style.band, shader)
        if finite:
            renderer.setClassificationMin(min(finite))
            renderer.setClassificationMax(max(finite))
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def write_sidecar_style(raster_path: str, style: RasterStyle) -> str:
    """Save ``style`` as ``<raster>.qml`` beside the file; returns the .qml path."""
    layer = QgsRasterLayer(raster_path, Path(raster_path).stem, "gdal")
    if not layer.isValid():
        raise RuntimeError(f"cannot open {raster_path} to style it")
    apply_style(layer, style)
    qml = str(Path(raster_path).with_suffix(".qml"))
    message, ok = layer.saveNamedStyle(qml)
    if not ok:
        raise RuntimeError(f"cannot write style {qml}: {message}")
    return qml


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Applies a :class:`RasterStyle` to the layer Processing loads when the run ends."""

    # Processing holds only a C++ pointer: Python must keep every instance alive.
    _alive: list["StylePostProcessor"] = []

    def __init__(self, style: RasterStyle):
        super().__init__()
        self.style = style

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (Qt's name)
        if isinstance(layer, QgsRasterLayer):
            apply_style(layer, self.style)

    @classmethod
    def create(cls, style: RasterStyle) -> "StylePostProcessor":
        processor = cls(style)
        cls._alive.append(processor)
        return processor


def style_output(raster_path: str, style: RasterStyle, context: QgsProcessingContext) -> None:
    """Both routes: the sidecar .qml, and the post-processor when the layer loads on completion."""
    write_sidecar_style(raster_path, style)
    if context.willLoadLayerOnCompletion(raster_path):
        details = context.layerToLoadOnCompletionDetails(raster_path)
        details.setPostProcessor(StylePostProcessor.create(style))
