"""CrimeRisk QGIS plugin entry point (QGIS imports this folder as the ``crimerisk`` package)."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    """Called by QGIS to create the plugin; imports stay lazy so start-up costs nothing."""
    from .plugin.plugin import CrimeRiskPlugin

    return CrimeRiskPlugin(iface)
