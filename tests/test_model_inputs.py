"""The shipped model's form (issue 12): inputs in the order an analyst fills them, the crime type field
defaulted, and crime types without a crime type field refused with the fix, as in the algorithms."""

import sys
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsProcessingModelAlgorithm

import processing

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_models import INPUT_ORDER, WEEKLY_PATROL, output_parameter_name  # noqa: E402


def shipped_model() -> QgsProcessingModelAlgorithm:
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(WEEKLY_PATROL))
    return model


def test_inputs_come_events_first_in_the_saved_order(crimerisk_provider):
    model = shipped_model()  # kept alive while its definitions are read
    names = [p.name() for p in model.parameterDefinitions() if not p.isDestination()]
    assert names == INPUT_ORDER and names[:4] == ["events", "date_field", "crime_type_field", "crime_types"]


def test_crime_type_field_has_a_default_and_every_box_name_is_short(crimerisk_provider):
    model = shipped_model()
    assert model.parameterDefinition("crime_type_field").defaultValue() == "crime_type"
    assert all(len(child.description()) <= 24 for child in model.childAlgorithms().values())


def test_crime_types_without_a_field_are_refused_in_the_model(crimerisk_provider, demo_gpkg, tmp_path):
    """The model stops at its forecast step, and the analyst reads why and what to choose."""
    errors = []

    class Feedback(QgsProcessingFeedback):
        """Everything the run says: QGIS 3.22 reports a child's error with reportError, later
        versions put it in the model's exception or the log."""

        def reportError(self, error, fatalError=False):  # noqa: N802 (Qt's names)
            errors.append(error)

        def pushWarning(self, warning):  # noqa: N802
            errors.append(warning)

        def pushInfo(self, info):  # noqa: N802
            errors.append(info)

    model = shipped_model()
    with pytest.raises(QgsProcessingException) as refused:
        processing.run(model, {"events": f"{demo_gpkg}|layername=events", "date_field": "occurred",
                               "crime_type_field": None, "crime_types": "burglary", "cell_size": 250,
                               output_parameter_name(model): str(tmp_path / "zones.gpkg")}, feedback=Feedback())
    errors.append(str(refused.value))
    assert any("no crime type field" in error and "CATEGORY_FIELD" in error for error in errors), errors
    assert not (tmp_path / "zones.gpkg").exists()
