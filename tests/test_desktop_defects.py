"""Defects seen only in the desktop (issue 12): phantom temporary outputs, the plugin's language."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsProperty,
    QgsSettings,
)

from crimerisk.plugin.i18n import qgis_locale
from crimerisk.plugin.processing.base import destination_path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from qgis_process_runner import QgisProcess  # noqa: E402


@pytest.mark.parametrize("algorithm_id", ["crimerisk:kde", "crimerisk:patrolzones", "crimerisk:sepp"])
def test_checking_temporary_outputs_queues_no_layer(crimerisk_provider, algorithm_id):
    """A dialog run passes TEMPORARY_OUTPUT; the up-front check must not make or queue an output,
    or the dialog reports a phantom "not correctly generated" layer."""
    algorithm = crimerisk_provider.algorithm(algorithm_id.split(":")[1])
    context = QgsProcessingContext()
    parameters = {d.name(): temporary_output() for d in algorithm.destinationParameterDefinitions()}
    assert parameters, algorithm_id
    algorithm.check_destinations(parameters, context)
    assert context.layersToLoadOnCompletion() == {}


def temporary_output() -> QgsProcessingOutputLayerDefinition:
    """The value a dialog gives a "[Create temporary layer]" output (to be loaded into the project)."""
    return QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", QgsProject.instance())


def test_destination_path_reads_every_value_form(tmp_path):
    context = QgsProcessingContext()
    target = str(tmp_path / "out.tif")
    assert destination_path("TEMPORARY_OUTPUT", context) == ""
    assert destination_path("memory:Patrol zones", context) == ""
    assert destination_path(None, context) == ""
    assert destination_path(target, context) == target
    assert destination_path(QgsProcessingOutputLayerDefinition(target), context) == target
    assert destination_path(QgsProperty.fromValue(target), context) == target


def test_a_bad_folder_is_still_refused_before_any_work(crimerisk_provider, tmp_path):
    from qgis.core import QgsProcessingException
    algorithm = crimerisk_provider.algorithm("kde")
    missing = tmp_path / "missing" / "out.tif"
    with pytest.raises(QgsProcessingException, match="does not exist"):
        algorithm.check_destinations({"OUTPUT": QgsProcessingOutputLayerDefinition(str(missing))},
                                     QgsProcessingContext())


@pytest.fixture
def saved_locale():
    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/userLocale", "locale/overrideFlag")}
    yield settings
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


@pytest.mark.parametrize("override", [False, True])
def test_plugin_language_follows_the_language_qgis_writes_at_start(saved_locale, override):
    """``qgis --lang fr`` writes userLocale=fr with overrideFlag false: the plugin speaks French."""
    saved_locale.setValue("locale/overrideFlag", override)
    saved_locale.setValue("locale/userLocale", "fr")
    assert qgis_locale() == "fr"
    saved_locale.setValue("locale/userLocale", "en_US")
    assert qgis_locale() == "en"
    saved_locale.setValue("locale/userLocale", "C")
    assert qgis_locale() == "en"


def test_qgis_process_follows_user_locale_without_the_override_flag(tmp_path):
    runner = QgisProcess(tmp_path)
    ini = runner.profile / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    with ini.open("a") as settings:
        settings.write("\n[locale]\noverrideFlag=false\nuserLocale=fr_FR\n")
    help_text = runner.call("help", "crimerisk:kde").stdout
    assert "(crimerisk:kde)" in help_text
    assert "Kernel radius in metres" not in help_text and "<code>RADIUS</code>" in help_text
