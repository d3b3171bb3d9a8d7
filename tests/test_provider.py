"""The provider: ids, groups, help on every parameter, and a clean load/unload of the plugin."""

from qgis.core import QgsApplication

from crimerisk.plugin.provider import algorithm_classes

EXPECTED_GROUPS = {"hotspots", "nearrepeat", "forecast", "evaluation"}


def test_every_algorithm_is_registered_with_help(crimerisk_provider):
    crimerisk_provider = QgsApplication.processingRegistry().providerById("crimerisk")
    ids = [a.id() for a in crimerisk_provider.algorithms()]
    assert "crimerisk:kde" in ids
    assert len(ids) == len(algorithm_classes())
    for algorithm in crimerisk_provider.algorithms():
        assert algorithm.groupId() in EXPECTED_GROUPS
        assert algorithm.shortHelpString(), algorithm.id()
        for parameter in algorithm.parameterDefinitions():
            assert parameter.help(), f"{algorithm.id()}: {parameter.name()} has no help text"
        assert algorithm.createInstance().name() == algorithm.name()


def test_plugin_loads_headless_and_unloads(qgis_app):
    from crimerisk import classFactory
    from crimerisk.plugin.provider import CrimeRiskProvider

    registry = QgsApplication.processingRegistry()
    session_provider = registry.providerById("crimerisk")
    if session_provider is not None:
        registry.removeProvider(session_provider)
    try:
        plugin = classFactory(None)
        plugin.initProcessing()
        assert registry.providerById("crimerisk") is not None
        plugin.unload()
        assert registry.providerById("crimerisk") is None
    finally:
        if session_provider is not None:
            registry.addProvider(CrimeRiskProvider())
