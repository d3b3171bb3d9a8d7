"""The ``crimerisk`` Processing provider."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from . import processing as algorithms_package
from .i18n import tr
from .processing.base import CrimeRiskAlgorithm

ICON = Path(__file__).resolve().parents[1] / "resources" / "icons" / "crimerisk.svg"


def algorithm_classes() -> list[type[CrimeRiskAlgorithm]]:
    """Every concrete algorithm in ``plugin/processing/`` (one module each), sorted by id."""
    found = {}
    for module_info in pkgutil.iter_modules(algorithms_package.__path__):
        module = importlib.import_module(f"{algorithms_package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, CrimeRiskAlgorithm)
                    and value.algorithm_id and value.__module__ == module.__name__):
                found[value.algorithm_id] = value
    return [found[key] for key in sorted(found)]


class CrimeRiskProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "crimerisk"

    def name(self) -> str:
        return "CrimeRisk"

    def longName(self) -> str:  # noqa: N802
        return tr("CrimeRisk: predictive crime mapping")

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def svgIconPath(self) -> str:  # noqa: N802
        return str(ICON)

    def supportedOutputRasterLayerExtensions(self) -> list[str]:  # noqa: N802
        """Rasters are written as GeoTIFF only: the dialogs offer no other format."""
        return ["tif"]

    def loadAlgorithms(self) -> None:  # noqa: N802
        for algorithm_class in algorithm_classes():
            self.addAlgorithm(algorithm_class())
