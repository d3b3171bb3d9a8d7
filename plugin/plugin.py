"""The plugin object QGIS creates: it registers the Processing provider, nothing more."""

from __future__ import annotations

from qgis.core import QgsApplication

from .i18n import install_translator, remove_translator
from .provider import CrimeRiskProvider


class CrimeRiskPlugin:
    """Loaded by QGIS desktop (``initGui``) and by ``qgis_process`` (``initProcessing`` only, iface None)."""

    def __init__(self, iface):
        self.iface = iface
        self.provider: CrimeRiskProvider | None = None

    def initProcessing(self) -> None:  # noqa: N802 (QGIS's name)
        if self.provider is None:
            install_translator()
            self.provider = CrimeRiskProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802
        self.initProcessing()

    def unload(self) -> None:
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator()
