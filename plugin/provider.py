"""The ``crimerisk`` Processing provider."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .i18n import tr
from .processing.kde import KernelDensityAlgorithm

ICON = Path(__file__).resolve().parents[1] / "resources" / "icons" / "crimerisk.svg"


def algorithm_classes() -> list[type]:
    """Every algorithm the provider offers, in toolbox order."""
    return [KernelDensityAlgorithm]


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

    def loadAlgorithms(self) -> None:  # noqa: N802
        for algorithm_class in algorithm_classes():
            self.addAlgorithm(algorithm_class())
