"""Build the graphical models shipped in ``resources/models`` (run again to regenerate them).

``weekly_patrol_plan.model3``: events -> ``crimerisk:sepp`` (expected events per cell over the
next 7 days, from the day after the last event) -> ``crimerisk:patrolzones`` (ranked zones
within a budget in percent of the area, shared among patrol units).

Usage: ``QT_QPA_PLATFORM=offscreen python3 scripts/make_models.py``
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "resources" / "models"
WEEKLY_PATROL = MODELS / "weekly_patrol_plan.model3"
#: The zones output: the child algorithm that makes it and the model output's name. The model's own
#: parameter for it is named by QGIS (``patrolzones:Patrol zones`` on 3.22, ``patrol_zones`` from
#: 3.40): read it from the model with :func:`output_parameter_name`, never spell it out.
ZONES_CHILD = "patrolzones"
ZONES_OUTPUT = "Patrol zones"
#: The order of the model's inputs in its dialog (saved in the .model3).
INPUT_ORDER = ["events", "date_field", "crime_type_field", "crime_types", "cell_size", "budget_percent",
               "min_zone_cells", "units"]


def _expose_checkout() -> None:
    """Make the checkout importable as ``crimerisk`` whatever its folder is called."""
    if ROOT.name == "crimerisk":
        sys.path.insert(0, str(ROOT.parent))
        return
    parent = Path(tempfile.mkdtemp(prefix="crimerisk-pkg-"))
    os.symlink(ROOT, parent / "crimerisk")
    sys.path.insert(0, str(parent))


def build_weekly_patrol_model():
    """The weekly patrol plan as a :class:`QgsProcessingModelAlgorithm` (child algorithms by id)."""
    from qgis.core import (
        QgsProcessing,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource as Source,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterField,
        QgsProcessingParameterNumber,
        QgsProcessingParameterString,
    )
    from qgis.PyQt.QtCore import QPointF

    model = QgsProcessingModelAlgorithm("Weekly patrol plan", "CrimeRisk", "crimerisk")
    model.setHelpContent({"ALG_DESC": (
        "Forecasts the expected events per cell over the next 7 days with the self-exciting point process "
        "(crimerisk:sepp, from the day after the last event) and turns the forecast into ranked patrol zones "
        "within a budget in percent of the area, shared among patrol units (crimerisk:patrolzones). "
        "Check with crimerisk:backtest that SEPP beats the baselines on your data before deploying.")})

    def add_input(parameter, help_text: str, y: float) -> None:
        parameter.setHelp(help_text)
        model.addModelParameter(parameter, QgsProcessingModelParameter(parameter.name()))
        model.parameterComponent(parameter.name()).setPosition(QPointF(120, y))

    add_input(QgsProcessingParameterFeatureSource("events", "Events (points)", [QgsProcessing.TypeVectorPoint]),
              "Point layer of crime events with a date field.", 60)
    add_input(QgsProcessingParameterField("date_field", "Date field", "occurred", "events"),
              "Date or date-time of each event.", 120)
    add_input(QgsProcessingParameterField("crime_type_field", "Crime type field", "crime_type", "events",
                                          optional=True),
              "Field holding the crime type; needed when crime types to keep are given (the forecast refuses "
              "crime types without it).", 180)
    add_input(QgsProcessingParameterString("crime_types", "Crime types to keep", optional=True),
              "Crime types to forecast, separated by ';'. Empty: all.", 240)
    add_input(QgsProcessingParameterNumber("cell_size", "Cell size (metres)", QgsProcessingParameterNumber.Double,
                                           150.0, minValue=1.0), "Side of a grid cell in metres.", 300)
    add_input(QgsProcessingParameterNumber("budget_percent", "Budget (% of the area)",
                                           QgsProcessingParameterNumber.Double, 5.0, minValue=0.0, maxValue=100.0),
              "Share of the area patrols can cover, in percent.", 360)
    add_input(QgsProcessingParameterNumber("min_zone_cells", "Smallest zone (cells)",
                                           QgsProcessingParameterNumber.Integer, 2, minValue=1),
              "Zones smaller than this are not formed.", 420)
    add_input(QgsProcessingParameterNumber("units", "Patrol units", QgsProcessingParameterNumber.Integer, 0,
                                           minValue=0), "Patrol units to share the zones among (0 = none).", 480)

    forecast = QgsProcessingModelChildAlgorithm("crimerisk:sepp")
    forecast.setChildId("sepp")
    forecast.setDescription("SEPP forecast, 7 days")
    forecast.setPosition(QPointF(420, 200))
    for name, source in (("INPUT", Source.fromModelParameter("events")),
                         ("TIME_FIELD", Source.fromModelParameter("date_field")),
                         ("CATEGORY_FIELD", Source.fromModelParameter("crime_type_field")),
                         ("CATEGORIES", Source.fromModelParameter("crime_types")),
                         ("CELL_SIZE", Source.fromModelParameter("cell_size")),
                         ("HORIZON", Source.fromStaticValue(7.0))):
        forecast.addParameterSources(name, [source])
    _fill_defaults(forecast)
    model.addChildAlgorithm(forecast)

    zones = QgsProcessingModelChildAlgorithm("crimerisk:patrolzones")
    zones.setChildId(ZONES_CHILD)
    zones.setDescription("Patrol zones")
    zones.setPosition(QPointF(720, 300))
    for name, source in (("INPUT", Source.fromChildOutput("sepp", "OUTPUT")),
                         ("BAND", Source.fromStaticValue(1)),
                         ("BUDGET", Source.fromModelParameter("budget_percent")),
                         ("BUDGET_UNIT", Source.fromStaticValue(2)),
                         ("MIN_ZONE_CELLS", Source.fromModelParameter("min_zone_cells")),
                         ("CONNECTIVITY", Source.fromStaticValue("4")),
                         ("UNITS", Source.fromModelParameter("units"))):
        zones.addParameterSources(name, [source])
    output = QgsProcessingModelOutput(ZONES_OUTPUT, ZONES_OUTPUT)
    output.setChildId(ZONES_CHILD)
    output.setChildOutputName("OUTPUT")
    output.setPosition(QPointF(960, 360))
    zones.setModelOutputs({ZONES_OUTPUT: output})
    _fill_defaults(zones)
    model.addChildAlgorithm(zones)
    model.setParameterOrder(INPUT_ORDER)  # the dialog's order: the events first, then what to forecast
    return model


def output_parameter_name(model, child_id: str = ZONES_CHILD, output_name: str = ZONES_OUTPUT) -> str:
    """The model's parameter (and result key) for the output ``output_name`` of child ``child_id``.

    QGIS names it, differently across versions; the child algorithms must be registered (the
    model's destination parameters are built from them).
    """
    output = model.childAlgorithm(child_id).modelOutputs().get(output_name)
    if output is None:
        raise KeyError(f"the model has no output {output_name!r} on child {child_id!r}")
    destinations = model.destinationParameterDefinitions()
    for parameter in destinations:  # QGIS records the child output in the metadata on newer versions
        metadata = parameter.metadata() or {}
        if metadata.get("_modelChildId") == child_id and metadata.get("_modelChildOutputName") == output.name():
            return parameter.name()
    named = [p.name() for p in destinations if p.description() == output.description()]
    if len(named) != 1:
        raise KeyError(f"cannot tell which of {[p.name() for p in destinations]} is {output_name!r}")
    return named[0]


def _fill_defaults(child) -> None:
    """Give every mandatory input the child does not take from the model its default value, as the
    model designer does (a model is valid only when every mandatory input has a source)."""
    from qgis.core import QgsProcessingDestinationParameter, QgsProcessingParameterDefinition
    from qgis.core import QgsProcessingModelChildParameterSource as Source

    algorithm = child.algorithm()
    if algorithm is None:
        raise RuntimeError(f"{child.algorithmId()} is not registered: load the CrimeRisk provider first")
    for parameter in algorithm.parameterDefinitions():
        optional = parameter.flags() & QgsProcessingParameterDefinition.FlagOptional
        if (parameter.name() in child.parameterSources() or optional
                or isinstance(parameter, QgsProcessingDestinationParameter)):
            continue
        child.addParameterSources(parameter.name(), [Source.fromStaticValue(parameter.defaultValue())])


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _expose_checkout()
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from crimerisk.plugin.provider import CrimeRiskProvider

    provider = CrimeRiskProvider()  # keep a reference: the registry does not own it from Python
    QgsApplication.processingRegistry().addProvider(provider)
    model = build_weekly_patrol_model()
    ok, issues = model.validate()
    if not ok:
        print("\n".join(issues), file=sys.stderr)
        return 1
    MODELS.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(WEEKLY_PATROL)):
        print(f"cannot write {WEEKLY_PATROL}", file=sys.stderr)
        return 1
    print(f"wrote {WEEKLY_PATROL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
