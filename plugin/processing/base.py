"""What every CrimeRisk algorithm shares: parameters declared once, reading, running, writing.

Parameter names are a public contract (saved models and scripts use them): add
optional ones, never rename or remove one.
"""

from __future__ import annotations

import json
import math
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProperty,
    QgsUnitTypes,
)
from qgis.PyQt.QtGui import QIcon

from ...algorithms.aoristic import DEFAULT_MAX_WINDOW_DAYS, WINDOW_POLICIES, window_midpoints
from ...algorithms.events import EventSet, days_from_datetime64
from ...algorithms.grid import DEFAULT_MAX_CELLS, Grid
from ...algorithms.pairs import TooManyPairsError
from ...algorithms.progress import Cancelled
from ...algorithms.shiftforecast import shift_share_of_events, shift_surfaces
from ...algorithms.shifts import Shift, ShiftError, parse_shift
from ...algorithms.surface import RiskSurface
from ..i18n import tr
from ..io.destinations import (
    database_key,
    input_files,
    keep_geopackage,
    output_file,
    refuse_output_over_input,
    refuse_unwritable_format,
)
from ..reports.field_words import field_heading
from ..reports.labels import crime_types_label, layer_title, period_label, units_label, value_words
from ..reports.numbers import format_number, format_share, format_value
from ..reports.shift_words import shift_error_message
from ..io.pipeline import (
    EventRequest,
    GridRequest,
    LoadedEvents,
    grid_and_inside,
    check_cancelled,
    load_events,
    split_categories,
)
from ..io.rasters import check_output_path, write_raster
from ..styling.styles import Presentation, RasterStyle, risk_style, style_output

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"

GROUPS = {
    "hotspots": "Hotspots",
    "nearrepeat": "Near-repeat",
    "forecast": "Forecast",
    "evaluation": "Evaluation",
}


#: Upper bounds of numeric parameters that have none of their own: large enough for any real use, small
#: enough that no value can exhaust memory or run for days (a horizon of 1e9 days, 1e9 permutations).
SANE_MAXIMA = {"HORIZON": 366.0, "SPACING": 3660.0, "TIME_CUTOFF": 3660.0, "TIME_BAND": 3660.0,
               "TIME_BANDWIDTH": 3660.0, "WINDOW": 36600.0, "BACKGROUND_WINDOW": 36600.0, "PERMUTATIONS": 99_999,
               "MAX_ITERATIONS": 100_000, "MAX_ITER": 100_000, "TRAINING_PERIODS": 5_000, "THREADS": 256,
               "TIME_NEIGHBOURS": 1_000, "SPACE_BANDS": 1_000, "TIME_BANDS": 1_000, "FOLDS": 1_000,
               "MIN_ZONE_CELLS": 10_000_000, "UNITS": 100_000, "BACKGROUND_NEIGHBOURS": 10_000}
#: Upper bound of every distance parameter (metres): a city-scale analysis never needs 1,000 km.
SANE_DISTANCE = 1_000_000.0


def _bound(parameter: QgsProcessingParameterDefinition) -> None:
    """Give a numeric parameter without an upper bound the sane one of :data:`SANE_MAXIMA`."""
    if not isinstance(parameter, QgsProcessingParameterNumber) or parameter.maximum() < 1e300:
        return
    if isinstance(parameter, QgsProcessingParameterDistance):
        parameter.setMaximum(SANE_DISTANCE)
    elif parameter.name() in SANE_MAXIMA:
        parameter.setMaximum(SANE_MAXIMA[parameter.name()])


def _option_names(definition: QgsProcessingParameterEnum, value: Any) -> Any:
    """An enum value whose items may be option indices, with each index replaced by its option's name."""
    options = definition.options()
    items = _enum_items(value)

    def name(item: Any) -> Any:
        text = str(item).strip()
        if text not in options and text.isdigit() and int(text) < len(options):
            return options[int(text)]
        return item

    named = [name(item) for item in items]
    return named if definition.allowMultiple() or isinstance(value, (list, tuple)) else named[0]


def _enum_items(value: Any) -> list[Any]:
    """The items of a raw list-choice value: a list, a comma-separated text or one value."""
    if isinstance(value, (list, tuple)):
        return list(value)
    return [part.strip() for part in value.split(",")] if isinstance(value, str) else [value]


def unknown_choices(definition: QgsProcessingParameterEnum, value: Any) -> list[str]:
    """The items of ``value`` that are neither an option's index nor (for a list of names) an option's name.

    Values that are not plain numbers, texts or lists (an expression-based property) are left to QGIS."""
    options = definition.options()
    if not isinstance(value, (int, float, str, list, tuple)) or isinstance(value, bool):
        return []
    unknown = []
    for item in _enum_items(value):
        text = str(item).strip()
        if isinstance(item, float) and item.is_integer():
            text = str(int(item))
        named = definition.usesStaticStrings() and text in options
        indexed = text.isdigit() and int(text) < len(options)
        if not (named or indexed):
            unknown.append(text)
    return unknown


def data_warnings(context: QgsProcessingContext) -> list[str]:
    """The plausibility warnings of this run (kept on its context, never on the algorithm), for the report."""
    if not hasattr(context, "crimerisk_warnings"):
        context.crimerisk_warnings = []
    return context.crimerisk_warnings


def destination_path(value: Any, context: QgsProcessingContext) -> str:
    """The destination a raw output parameter value names, "" for a temporary or unset output.

    Reads the value as given (string, :class:`QgsProcessingOutputLayerDefinition` or
    :class:`QgsProperty`) without creating or registering any output."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):
        value = value.valueAsString(context.expressionContext(), "")
        if isinstance(value, tuple):  # the Python binding returns (value, ok)
            value = value[0]
    if value is None:
        return ""
    path = str(value)
    if path in ("", "TEMPORARY_OUTPUT") or path.startswith("memory:"):
        return ""
    return path


def surface_parameters(surface: RiskSurface) -> dict[str, Any]:
    """A surface's parameters, with its warnings (when it has any) under ``warnings``."""
    return {**surface.parameters, **({"warnings": list(surface.warnings)} if surface.warnings else {})}


def measure_of(units: str) -> str:
    """``expected_events`` when a raster in ``units`` holds expected events per cell, else ``other``."""
    return "expected_events" if units.startswith("expected events per cell") else "other"


class CrimeRiskAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set ``algorithm_id``, ``display_name``, ``group_key`` and ``help_sections``."""

    algorithm_id = ""
    display_name = ""
    group_key = "hotspots"
    icon_name = "crimerisk.svg"

    # Shared parameter names.
    INPUT = "INPUT"
    TIME_FIELD = "TIME_FIELD"
    HOUR_FIELD = "HOUR_FIELD"
    CATEGORY_FIELD = "CATEGORY_FIELD"
    CATEGORIES = "CATEGORIES"
    START = "START"
    END = "END"
    CELL_SIZE = "CELL_SIZE"
    EXTENT = "EXTENT"
    MASK = "MASK"
    TARGET_CRS = "TARGET_CRS"
    MAX_CELLS = "MAX_CELLS"
    STYLE = "STYLE"
    AS_OF = "AS_OF"
    HORIZON = "HORIZON"
    SEED = "SEED"
    DATE_FORMAT = "DATE_FORMAT"
    TIME_END_FIELD = "TIME_END_FIELD"
    MAX_WINDOW_DAYS = "MAX_WINDOW_DAYS"
    WINDOW_POLICY = "WINDOW_POLICY"
    SHIFT = "SHIFT"
    #: DATE_FORMAT choices, in order: detected from the column, day first, month first.
    DATE_FORMATS = ("auto", "day", "month")

    # --- identity -------------------------------------------------------------------------------
    def tr(self, text: str) -> str:
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self) -> str:
        return self.algorithm_id

    def displayName(self) -> str:  # noqa: N802
        return self.tr(self.display_name)

    def group(self) -> str:
        return self.tr(GROUPS[self.group_key])

    def groupId(self) -> str:  # noqa: N802
        return self.group_key

    def icon(self) -> QIcon:
        return QIcon(str(ICONS / self.icon_name))

    def help_sections(self) -> list[tuple[str, str]]:
        """(heading, html text) pairs: what it answers, method, outputs, references, caveats."""
        return []

    def shortHelpString(self) -> str:  # noqa: N802
        parts = []
        for heading, text in self.help_sections():
            parts.append(f"<h3>{heading}</h3><p>{text}</p>" if heading else f"<p>{text}</p>")
        parameters = [p for p in self.parameterDefinitions() if p.help()]
        if parameters:
            items = "".join(f"<li><b>{p.description()}</b> (<code>{p.name()}</code>): {p.help()}</li>"
                            for p in parameters)
            parts.append(f"<h3>{self.tr('Parameters')}</h3><ul>{items}</ul>")
        return "".join(parts)

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """Name a numeric value out of its bounds and the range to choose from (Processing's own message
        only says "incorrect parameter value"); accept the numeric indices of list choices that `qgis_process
        help` shows, as well as their names."""
        problem = self._unknown_choice(parameters)
        if problem:
            return False, problem
        parameters = self.enum_names(parameters)
        for definition in self.parameterDefinitions():
            if not isinstance(definition, QgsProcessingParameterNumber) or parameters.get(definition.name()) in (None, ""):
                continue
            value = parameters[definition.name()]
            if isinstance(value, (int, float)) and not (definition.minimum() <= value <= definition.maximum()):
                return False, self.tr("{} ({}) must be between {} and {}; you gave {}. Choose a value in that range.") \
                    .format(definition.description(), definition.name(), format_number(definition.minimum()),
                            format_number(definition.maximum()), format_number(value))
        return super().checkParameterValues(parameters, context)

    def _unknown_choice(self, parameters: dict) -> str:
        """A message naming a list-choice value that is no option, with every valid name and index; "" if none.

        Checked here, before QGIS's own check: QGIS 3.22 rejects such a value with "Incorrect parameter
        value" only, and after its own rejection of a list choice through ``processing.run`` the interpreter
        crashes (segmentation fault) while collecting garbage at exit. The defect is QGIS's: ``native:buffer``
        with ``END_CAP_STYLE=99`` crashes the same way, while a refusal of another kind (a missing layer) or
        one made here does not."""
        for definition in self.parameterDefinitions():
            value = parameters.get(definition.name())
            if not isinstance(definition, QgsProcessingParameterEnum) or value in (None, ""):
                continue
            unknown = unknown_choices(definition, value)
            if unknown:
                choices = "; ".join(f"{index} = {option}" for index, option in enumerate(definition.options()))
                return self.tr("{} ({}): {} is not one of the choices. Give the numbers or, for a list of names, the "
                               "names of the choices: {}.").format(
                    definition.description(), definition.name(), ", ".join(f"'{item}'" for item in unknown), choices)
        return ""

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Check every file output before any work, so that a bad path never leaves some outputs
        written, then run the algorithm's :meth:`process`."""
        parameters.update(self.enum_names(parameters))
        self.check_destinations(parameters, context)
        return self.process(parameters, context, feedback)

    def enum_names(self, parameters: dict) -> dict:
        """``parameters`` with the numeric indices (0, "2", "0,2") of every list choice that takes names
        replaced by those names, so both spellings work everywhere."""
        named = dict(parameters)
        for definition in self.parameterDefinitions():
            value = named.get(definition.name())
            if isinstance(definition, QgsProcessingParameterEnum) and definition.usesStaticStrings() \
                    and value not in (None, ""):
                named[definition.name()] = _option_names(definition, value)
        return named

    def process(self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback) -> dict:
        """The algorithm's work (subclasses implement it instead of processAlgorithm)."""
        raise NotImplementedError

    def check_destinations(self, parameters: dict, context: QgsProcessingContext) -> None:
        """Refuse, before any work and without creating any output, an output over an input of the run, in a
        format CrimeRisk cannot write, on a folder or in an unwritable folder; a table aimed at an existing
        GeoPackage becomes a layer added to it.

        The raw parameter values are read, never ``parameterAsOutputLayer``/``parameterAsFileOutput``:
        in a dialog run those make a new temporary path at every call and queue it for loading, so a
        check through them leaves a phantom "not correctly generated" layer. A temporary output is
        always writable and is not checked."""
        inputs = None
        for definition in self.destinationParameterDefinitions():
            destination = destination_path(parameters.get(definition.name()), context)
            path = output_file(destination)
            if database_key(destination) or path:
                inputs = input_files(self, parameters, context) if inputs is None else inputs
                refuse_output_over_input(definition, database_key(destination) or path, inputs)
            if not path:
                continue
            refuse_unwritable_format(definition, path)
            check_output_path(path)
            parameters[definition.name()] = keep_geopackage(definition, parameters[definition.name()], path)

    # --- parameter declaration -----------------------------------------------------------------------
    def add_parameter(self, parameter: QgsProcessingParameterDefinition, help_text: str,
                      advanced: bool = False) -> QgsProcessingParameterDefinition:
        """Add ``parameter`` with its help text (shown in the dialog and in the algorithm help); a distance
        is in metres."""
        _bound(parameter)
        if isinstance(parameter, QgsProcessingParameterDistance):
            parameter.setDefaultUnit(QgsUnitTypes.DistanceUnit.DistanceMeters)
        parameter.setHelp(help_text)
        if advanced:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(parameter)
        return parameter

    def add_event_parameters(self, time_required: bool) -> None:
        """INPUT and the fields, category and date filters every event-based algorithm shares."""
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Events (points)"),
                                                [QgsProcessing.SourceType.TypeVectorPoint]),
            self.tr("Point layer of crime events, one point (or multi-point) per event. Respects 'selected "
                    "features only'."))
        self.add_parameter(
            QgsProcessingParameterField(self.TIME_FIELD, self.tr("Date field"), parentLayerParameterName=self.INPUT,
                                        optional=not time_required),
            self.tr("Date or date-time of each event: a Date/DateTime field, or text such as 2024-03-05, "
                    "2024-03-05T14:30 or 05/03/2024 14:30. Events without a readable date are dropped and counted.")
            + ("" if time_required else " " + self.tr("Optional here: needed for the date range and per-day units.")))
        self.add_parameter(
            QgsProcessingParameterField(self.HOUR_FIELD, self.tr("Hour field"), parentLayerParameterName=self.INPUT,
                                        optional=True),
            self.tr("Optional hour of day (0-23, or HH:MM text) used when the date field holds no time."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterEnum(self.DATE_FORMAT, self.tr("Date format of texts like 03/05/2024"),
                                       options=[self.tr("Detect from the column"), self.tr("Day first (DD/MM/YYYY)"),
                                                self.tr("Month first (MM/DD/YYYY, US)")], defaultValue=0,
                                       optional=True),
            self.tr("How text dates with two numbers before the year read. Detect: day first unless the column "
                    "shows month first (a second number above 12, e.g. 03/25/2019); the log says when it reads "
                    "month first or cannot tell, and a column mixing both is refused."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterField(self.CATEGORY_FIELD, self.tr("Crime type field"),
                                        parentLayerParameterName=self.INPUT, optional=True),
            self.tr("Field holding the crime type (category) of each event."))
        self.add_parameter(
            QgsProcessingParameterString(self.CATEGORIES, self.tr("Crime types to keep"), optional=True),
            self.tr("Crime types to analyse, separated by ';' (or ','); empty keeps every type. Case does not "
                    "matter; an unknown type is an error that lists the types present."))
        self.add_parameter(
            QgsProcessingParameterDateTime(self.START, self.tr("From date"),
                                           QgsProcessingParameterDateTime.Type.Date,
                                           optional=True),
            self.tr("First day of events to use (inclusive). Empty: from the first event."))
        self.add_parameter(
            QgsProcessingParameterDateTime(self.END, self.tr("To date"),
                                           QgsProcessingParameterDateTime.Type.Date,
                                           optional=True),
            self.tr("Last day of events to use (inclusive, the whole day). Empty: up to the last event."))

    def add_time_window_parameters(self) -> None:
        """TIME_END_FIELD (end of each event's time window), MAX_WINDOW_DAYS and WINDOW_POLICY."""
        self.add_parameter(
            QgsProcessingParameterField(self.TIME_END_FIELD, self.tr("Window end field (uncertain times)"),
                                        parentLayerParameterName=self.INPUT, optional=True),
            self.tr("Optional end of the window in which each event occurred (e.g. a burglary 'between 08:00 and "
                    "18:30'), in the same form as the date field, which then holds the window's start. Events "
                    "with a window are spread evenly over its hours (aoristic analysis, Ratcliffe 2000); an empty "
                    "end means the event has one time."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MAX_WINDOW_DAYS, self.tr("Longest time window (days)"),
                                         QgsProcessingParameterNumber.Type.Double, DEFAULT_MAX_WINDOW_DAYS,
                                         optional=True, minValue=0.001),
            self.tr("Windows longer than this are too vague to place in time: they are counted in the log and "
                    "dropped or kept as WINDOW_POLICY says."), advanced=True)
        self.add_parameter(
            QgsProcessingParameterEnum(self.WINDOW_POLICY, self.tr("Windows ending before they start, or too long"),
                                       options=[self.tr("Drop those events"),
                                                self.tr("Keep them (reversed: at their start; too long: spread "
                                                        "over the whole window)")],
                                       defaultValue=0, optional=True),
            self.tr("What to do with events whose window end comes before its start, or whose window is longer "
                    "than the limit. Either way the log counts them."), advanced=True)

    def at_window_middles(self, loaded: LoadedEvents, feedback: QgsProcessingFeedback, band_days: float = 0.0,
                          band_parameter: str = "") -> LoadedEvents:
        """The read with each windowed event placed at the middle of its window, for methods that need one
        time per event (Knox pairs, near-repeat triggers). The log counts the windows; with a time band,
        a warning when more than a tenth of them are longer than the band (named by ``band_parameter``)."""
        events = loaded.events
        if events.t_end is None:
            return loaded
        middles, lengths = window_midpoints(events.t, events.t_end)
        windowed = lengths > 0
        if windowed.any():
            feedback.pushInfo(self.tr("{} events with a time window are placed at the middle of their window "
                                      "(median window {} hours).").format(
                format_number(int(windowed.sum())), format_number(24.0 * float(np.median(lengths[windowed])))))
            longer = int((lengths[windowed] > band_days).sum()) if band_days > 0 else 0
            if longer > 0.1 * windowed.sum():
                feedback.pushWarning(self.tr(
                    "{} of {} time windows are longer than the time band of {} days: their time apart is "
                    "uncertain by more than a band, which blurs the result. Use a wider time band ({}), or leave "
                    "out the events with long windows (MAX_WINDOW_DAYS).").format(
                    format_number(longer), format_number(int(windowed.sum())), format_number(band_days),
                    band_parameter))
        return replace(loaded, events=replace(events, t=middles, t_end=None))

    def add_shift_parameter(self, help_text: str) -> None:
        """SHIFT: hours of the day, optionally on some weekdays (e.g. 22-06 or 22-06 Fri,Sat)."""
        self.add_parameter(QgsProcessingParameterString(self.SHIFT, self.tr("Shift (hours, optional weekdays)"),
                                                        optional=True), help_text)

    def shift_of(self, parameters: dict, context: QgsProcessingContext) -> Shift | None:
        """The SHIFT parameter read, None when empty; a text that does not parse is refused with the
        accepted forms."""
        if self.parameterDefinition(self.SHIFT) is None:
            return None
        text = self.parameterAsString(parameters, self.SHIFT, context).strip()
        return self.parsed_shift(text) if text else None

    @staticmethod
    def parsed_shift(text: str) -> Shift:
        """One shift's text parsed; a text that does not parse is refused with the accepted forms."""
        try:
            return parse_shift(text)
        except ShiftError as error:
            raise QgsProcessingException(shift_error_message(error)) from None

    def events_in_shift(self, shift: Shift, events: EventSet, which: str) -> float:
        """How many of ``events`` fall in the shift (windows by their share); refused when none does,
        naming the hours at which the events happen. ``which`` says which events, e.g. 'before AS_OF'."""
        inside = float(shift_share_of_events(events, shift).sum())
        if not inside > 0:
            hours = np.unique(np.floor(np.mod(events.t[np.isfinite(events.t)], 1.0) * 24 + 1e-9).astype(int))
            raise QgsProcessingException(self.tr(
                "No event {} falls in the shift {}: there is nothing to learn its hours from. The events happen "
                "at the hours {}; choose a shift among them, or check the date field's clock times (dates "
                "without a time all fall at 00:00).").format(which, shift.label,
                                                             ", ".join(f"{h:02d}" for h in hours[:24])))
        return inside

    def shift_forecasts(self, surfaces: dict[str, RiskSurface], histories: dict[str, EventSet], shift: Shift,
                        as_of: float, horizon: float, feedback: QgsProcessingFeedback) -> dict[str, RiskSurface]:
        """Whole-period forecasts (one per band) made forecasts within the shift, each band from the
        hour-of-week profiles of its own history; refused when a band's history has no event in the shift."""
        for label, history in histories.items():
            self.events_in_shift(shift, history, self.tr("before AS_OF ({})").format(label))
        with self.method_errors():
            shifted = shift_surfaces(surfaces, histories, shift, as_of, horizon)
        for label, surface in shifted.items():
            p = surface.parameters
            feedback.pushInfo(self.tr("{}: {} of the {} expected events over the horizon fall in the shift {} "
                                      "(hour-of-week profiles: neighbourhood prior of {} events, {} pooled over the "
                                      "weekdays, whole-area prior of {} events).").format(
                label, format_number(p.get("expected_total", float(np.nansum(surface.values)))),
                format_number(p.get("expected_total_whole_day", float("nan"))), shift.label,
                format_number(p["profile_alpha"]), format_share(p["profile_weekday_pooling"]),
                format_number(p["profile_beta"])))
        return shifted

    def add_grid_parameters(self, default_cell_size: float = 150.0) -> None:
        """CELL_SIZE, EXTENT, MASK, TARGET_CRS and the memory guard."""
        # No minValue: a zero or negative size reaches the pipeline, whose message names the fix.
        cell = QgsProcessingParameterDistance(self.CELL_SIZE, self.tr("Cell size (metres)"), default_cell_size)
        self.add_parameter(cell, self.tr("Side of a grid cell in metres. 150 m is the PredPol cell; smaller cells "
                                         "show more detail but need more events per cell."))
        self.add_parameter(QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent"), optional=True),
                           self.tr("Area to map. Empty: the mask's extent, or else the events' extent plus one "
                                   "bandwidth."))
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.MASK, self.tr("Study area mask (polygons)"),
                                                [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            self.tr("Optional polygons of the study area (e.g. the commune or district boundary). Cells whose centre "
                    "lies outside are nodata; events outside are dropped and counted."))
        self.add_parameter(QgsProcessingParameterCrs(self.TARGET_CRS, self.tr("Target CRS"), optional=True),
                           self.tr("Projected CRS in metres to work in. Empty: the events layer's CRS when it is "
                                   "projected in metres, else the UTM zone of the events' centre (named in the log)."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MAX_CELLS, self.tr("Largest grid allowed (cells)"),
                                         QgsProcessingParameterNumber.Type.Integer, DEFAULT_MAX_CELLS,
                                         minValue=1),
            self.tr("Memory guard: grids with more cells are refused with the cell size that would fit "
                    "(50 million cells take about 200 MB per band)."), advanced=True)

    def add_as_of_parameter(self) -> None:
        """AS_OF: the day a forecast period starts (empty: the day after the last event)."""
        self.add_parameter(
            QgsProcessingParameterDateTime(self.AS_OF, self.tr("Forecast from (as of)"),
                                           QgsProcessingParameterDateTime.Type.Date, optional=True),
            self.tr("The day the forecast period starts (midnight). Only events strictly before it are used. "
                    "Empty: the day after the last event."))

    def add_horizon_parameter(self, help_text: str) -> None:
        """HORIZON: the length in days of the period forecast (or of each test period), 7 by default."""
        self.add_parameter(
            QgsProcessingParameterNumber(self.HORIZON, self.tr("Horizon (days)"),
                                         QgsProcessingParameterNumber.Type.Double, 7.0, minValue=0.01), help_text)

    def add_seed_parameter(self, default: int = 42, optional: bool = False) -> None:
        """SEED; ``optional`` for a seed added to an algorithm that models already call without it."""
        self.add_parameter(QgsProcessingParameterNumber(self.SEED, self.tr("Random seed"),
                                                        QgsProcessingParameterNumber.Type.Integer, default,
                                                        optional=optional),
                           self.tr("Seed of the random steps: the same seed gives the same output."),
                           advanced=True)

    def add_html_output(self, name: str, description: str, help_text: str) -> None:
        self.add_parameter(QgsProcessingParameterFileDestination(name, description, self.tr("HTML files (*.html)"),
                                                                 optional=True), help_text)

    def forecast_window(self, parameters: dict, context: QgsProcessingContext, events: EventSet,
                        feedback: QgsProcessingFeedback) -> tuple[float, float]:
        """(as_of in days, horizon in days); refuses a forecast with no history before it."""
        horizon = self.parameterAsDouble(parameters, self.HORIZON, context)
        as_of = self.as_of_day(parameters, context, events)
        feedback.pushInfo(self.tr("Forecast period: {} for {} days, from {} events before it.").format(
            str(np.datetime64("1970-01-01") + np.timedelta64(int(as_of), "D")), format_value(horizon),
            format_number(int((events.t < as_of).sum()))))
        return as_of, horizon

    def as_of_day(self, parameters: dict, context: QgsProcessingContext, events: EventSet) -> float:
        """AS_OF in days (empty: the day after the last event); refused when no event precedes it."""
        as_of = self._date_parameter(parameters, self.AS_OF, context)
        first, last = events.time_span()
        if as_of is None:
            as_of = float(math.floor(last)) + 1.0
        if first >= as_of:
            raise QgsProcessingException(self.tr(
                "No history before AS_OF: the first event is on or after the forecast start. Choose a later "
                "AS_OF or include earlier events."))
        return as_of

    def add_style_parameter(self) -> None:
        self.add_parameter(QgsProcessingParameterBoolean(self.STYLE, self.tr("Style the output"), True),
                           self.tr("Write a .qml style beside each raster and style the loaded layer."),
                           advanced=True)

    # --- reading ------------------------------------------------------------------------------------
    def event_request(self, parameters: dict, context: QgsProcessingContext, time_required: bool) -> EventRequest:
        end = self._date_parameter(parameters, self.END, context)
        target = (self.parameterAsCrs(parameters, self.TARGET_CRS, context)
                  if parameters.get(self.TARGET_CRS) not in (None, "") else QgsCoordinateReferenceSystem())
        return EventRequest(
            time_field=self.parameterAsString(parameters, self.TIME_FIELD, context),
            hour_field=self.parameterAsString(parameters, self.HOUR_FIELD, context),
            category_field=self.parameterAsString(parameters, self.CATEGORY_FIELD, context),
            categories=split_categories(self.parameterAsString(parameters, self.CATEGORIES, context)),
            weight_field=self.parameterAsString(parameters, "WEIGHT_FIELD", context)
            if self.parameterDefinition("WEIGHT_FIELD") else "",
            start_day=self._date_parameter(parameters, self.START, context),
            end_day=None if end is None else end + 1.0,
            time_required=time_required,
            date_order=self.DATE_FORMATS[self.parameterAsEnum(parameters, self.DATE_FORMAT, context)]
            if self.parameterDefinition(self.DATE_FORMAT) else "auto",
            target_crs=target if target.isValid() else None,
            **self._window_request(parameters, context),
        )

    def _window_request(self, parameters: dict, context: QgsProcessingContext) -> dict:
        """The time window fields of the event request, for algorithms that declare them."""
        if self.parameterDefinition(self.TIME_END_FIELD) is None:
            return {}
        return {"time_end_field": self.parameterAsString(parameters, self.TIME_END_FIELD, context),
                "max_window_days": (self.parameterAsDouble(parameters, self.MAX_WINDOW_DAYS, context)
                                    if parameters.get(self.MAX_WINDOW_DAYS) not in (None, "")
                                    else DEFAULT_MAX_WINDOW_DAYS),
                "window_policy": WINDOW_POLICIES[self.parameterAsEnum(parameters, self.WINDOW_POLICY, context)]}

    def _date_parameter(self, parameters: dict, name: str, context: QgsProcessingContext) -> float | None:
        """A Date parameter as days since 1970-01-01 (midnight), or None when empty."""
        if self.parameterDefinition(name) is None or parameters.get(name) in (None, ""):
            return None
        value = self.parameterAsDateTime(parameters, name, context)
        if not value.isValid():
            raise QgsProcessingException(self.tr("'{}' is not a date; use the form 2024-03-05.").format(name))
        date = value.date()
        return float(days_from_datetime64(np.array([np.datetime64(date.toString("yyyy-MM-dd"))]))[0])

    def read_events(self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback,
                    time_required: bool = False, layer_parameter: str = "",
                    target_crs: QgsCoordinateReferenceSystem | None = None) -> LoadedEvents:
        """Events of INPUT (or of ``layer_parameter``) after every filter, in a metric CRS (``target_crs``
        when given); the log says what was dropped and why."""
        name = layer_parameter or self.INPUT
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            raise QgsProcessingException(self.tr("The events layer could not be opened."))
        layer = self.parameterAsVectorLayer(parameters, name, context)
        definition = parameters.get(name)
        whole_layer = not (isinstance(definition, QgsProcessingFeatureSourceDefinition)
                           and (definition.selectedFeaturesOnly or definition.featureLimit >= 0))
        feedback.pushInfo(self.tr("Reading events..."))
        request = self.event_request(parameters, context, time_required)
        if target_crs is not None:
            request.target_crs = target_crs
        loaded = load_events(source, layer, whole_layer, request, feedback)
        for line in loaded.report.unlogged_lines() + loaded.messages:
            feedback.pushInfo(line)
        for line in loaded.warnings:
            feedback.pushWarning(line)
        context.crimerisk_warnings = list(loaded.warnings)  # this run's only: a model's next step starts afresh
        return loaded

    def make_grid(self, loaded: LoadedEvents, parameters: dict, context: QgsProcessingContext,
                  feedback: QgsProcessingFeedback, margin: float = 0.0) -> tuple[Grid, EventSet]:
        """The analysis grid from CELL_SIZE, EXTENT, MASK and the guard, and the events inside it."""
        grid, inside = self.grid_and_read(loaded, parameters, context, feedback, margin)
        return grid, inside.events

    def grid_and_read(self, loaded: LoadedEvents, parameters: dict, context: QgsProcessingContext,
                      feedback: QgsProcessingFeedback, margin: float = 0.0) -> tuple[Grid, LoadedEvents]:
        """Like :meth:`make_grid`, keeping the read inside the grid (its events and their flags)."""
        extent = None
        if parameters.get(self.EXTENT) not in (None, ""):
            extent = self.parameterAsExtent(parameters, self.EXTENT, context, loaded.crs)
        request = GridRequest(
            cell_size=self.parameterAsDouble(parameters, self.CELL_SIZE, context),
            extent=extent,
            mask_source=self.parameterAsSource(parameters, self.MASK, context),
            margin=margin,
            max_cells=self.parameterAsInt(parameters, self.MAX_CELLS, context),
        )
        grid, inside = grid_and_inside(loaded, request, context)
        for line in loaded.report.unlogged_lines():
            feedback.pushInfo(line)
        feedback.pushInfo(self.tr("Grid: {} rows x {} columns of {} m ({} cells inside the study area).").format(
            format_number(grid.rows), format_number(grid.cols), format_number(grid.cell_size),
            format_number(grid.n_inside)))
        return grid, inside

    def check_bands(self, grid: Grid, events: EventSet, per_category: bool, parameters: dict,
                    context: QgsProcessingContext) -> None:
        """The memory guard over cells x bands: one band per crime type must fit in MAX_CELLS as a whole."""
        bands = len({str(name) for name in events.category}) if per_category else 1
        limit = self.parameterAsInt(parameters, self.MAX_CELLS, context)
        cells = grid.rows * grid.cols
        if bands > 1 and cells * bands > limit:
            raise QgsProcessingException(self.tr(
                "One band per crime type: {} types x {} cells = {} cells, more than the limit of {}. Use a cell size "
                "of {} m or more, fewer crime types (CATEGORIES), or untick 'one model per crime type'.").format(
                format_number(bands), format_number(cells), format_number(cells * bands), format_number(limit),
                format_number(math.ceil(grid.cell_size * math.sqrt(cells * bands / limit)))))

    def make_history_grid(self, loaded: LoadedEvents, as_of: float, parameters: dict, context: QgsProcessingContext,
                          feedback: QgsProcessingFeedback, margin: float = 0.0) -> tuple[Grid, EventSet]:
        """Like :meth:`make_grid`, from the events strictly before ``as_of`` only (the later ones are
        counted as dropped), so they cannot even move the grid: no look-ahead."""
        grid, inside = self.history_grid_and_read(loaded, as_of, parameters, context, feedback, margin)
        return grid, inside.events

    def history_grid_and_read(self, loaded: LoadedEvents, as_of: float, parameters: dict,
                              context: QgsProcessingContext, feedback: QgsProcessingFeedback,
                              margin: float = 0.0) -> tuple[Grid, LoadedEvents]:
        """Like :meth:`make_history_grid`, keeping the read inside the grid (its events and their flags)."""
        history = loaded.subset(loaded.events.t < as_of)  # EventSet.before: NaN times are not before
        loaded.report.drop(self.tr("on or after AS_OF (never used: no look-ahead)"),
                           len(loaded.events) - len(history.events))
        return self.grid_and_read(history, parameters, context, feedback, margin)

    # --- running ------------------------------------------------------------------------------------
    #: Refuse a cancelled run, before any output is written.
    check_cancelled = staticmethod(check_cancelled)

    @staticmethod
    def progress_callback(feedback: QgsProcessingFeedback, start: float = 0.0,
                          end: float = 100.0) -> Callable[[float], bool]:
        """A ``progress(fraction) -> bool`` for algorithms/ that maps onto [start, end] % and reports cancel."""
        def progress(fraction: float) -> bool:
            feedback.setProgress(start + (end - start) * fraction)
            return not feedback.isCanceled()
        return progress

    @contextmanager
    def method_errors(self) -> Iterator[None]:
        """Turn the methods' ValueError and Cancelled into messages Processing shows."""
        try:
            yield
        except Cancelled:
            raise QgsProcessingException(tr("Cancelled: no output was written.")) from None
        except TooManyPairsError as error:
            raise QgsProcessingException(self.tr(
                "The model would compare {} pairs of events within {} m and {} days of each other, more than the "
                "memory guard of {} pairs: the events are too dense (often many recorded at one spot). Set a time "
                "cutoff (TIME_CUTOFF) of {} days or less, a smaller space cutoff (SPACE_CUTOFF), a shorter date "
                "range or fewer crime types.").format(
                format_number(error.pairs), format_value(error.space_cutoff), format_value(error.time_cutoff),
                format_number(error.limit),
                format_value(max(0.1, math.floor(10 * error.time_cutoff * error.limit / max(error.pairs, 1)) / 10))
            )) from None
        except MemoryError:
            raise QgsProcessingException(self.tr(
                "Not enough memory for this run. Use a larger cell size, a smaller extent, a shorter date range or "
                "fewer crime types.")) from None
        except ValueError as error:
            raise QgsProcessingException(str(error)) from None

    # --- writing ------------------------------------------------------------------------------------
    def write_surface(self, surfaces: list[RiskSurface], parameters: dict, output: str,
                      context: QgsProcessingContext, crs: QgsCoordinateReferenceSystem,
                      band_names: list[str] | None = None, style: RasterStyle | None = None,
                      presentation: Presentation | None = None) -> str:
        """Write one or more surfaces as the bands of one GeoTIFF, styled when STYLE is on, and named
        (and its legend titled) by ``presentation`` when it loads.

        The metadata says what the values measure (``CRIMERISK_MEASURE``: ``expected_events`` for
        expected events per cell, else ``other``), so patrol zones can tell a forecast from a density."""
        path = self.parameterAsOutputLayer(parameters, output, context)
        metadata = {"CRIMERISK_ALGORITHM": self.algorithm_id, "CRIMERISK_UNITS": surfaces[0].units,
                    "CRIMERISK_MEASURE": measure_of(surfaces[0].units),
                    "CRIMERISK_PARAMETERS": json.dumps(surface_parameters(surfaces[0]), default=str)}
        if presentation is not None and presentation.name:
            metadata["CRIMERISK_TITLE"] = presentation.name  # what the raster shows, for layers made from it
        band_names = band_names or [s.units for s in surfaces]
        path = write_raster(path, [s.values for s in surfaces], surfaces[0].grid, crs, band_names, metadata=metadata)
        wanted = self._wants_style(parameters, context)
        if wanted or presentation is not None:
            style_output(path, (style or risk_style(surfaces[0].inside_values())) if wanted else None, context,
                         presentation)
        return path

    def presentation(self, parameters: dict, context: QgsProcessingContext, loaded: LoadedEvents, method: str,
                     units: str = "", period: str = "") -> Presentation:
        """Layer name "method · crime types · period" and legend title "crime types · period · unit";
        the period defaults to the dates asked for, else the first to the last event."""
        types = crime_types_label(split_categories(self.parameterAsString(parameters, self.CATEGORIES, context)))
        if not period and loaded.events.has_times and len(loaded.events):
            period = period_label(*loaded.period())
        return Presentation(layer_title(method, types, period), layer_title(types, period, units_label(units)))

    def name_output(self, destination: str, name: str, context: QgsProcessingContext) -> None:
        """The name a table or vector output gets when it loads on completion."""
        if destination and context.willLoadLayerOnCompletion(destination):
            context.layerToLoadOnCompletionDetails(destination).name = name

    def file_output(self, parameters: dict, output: str, context: QgsProcessingContext) -> str | None:
        """The path of the optional file output ``output``; None when it was left empty."""
        if parameters.get(output) in (None, ""):
            return None
        return self.parameterAsFileOutput(parameters, output, context)

    def write_report(self, report, parameters: dict, output: str, context: QgsProcessingContext) -> str | None:
        """Save an :class:`~..reports.HtmlReport` to the optional file output ``output``."""
        path = self.file_output(parameters, output, context)
        if path is None:
            return None
        if data_warnings(context):
            report.heading(self.tr("Warnings about the data"))
            report.bullet_list(data_warnings(context))
        return report.save(path)

    def _wants_style(self, parameters: dict, context: QgsProcessingContext) -> bool:
        return self.parameterDefinition(self.STYLE) is None or self.parameterAsBoolean(parameters, self.STYLE, context)

    def log_parameters(self, feedback: QgsProcessingFeedback, parameters: dict[str, Any], title: str = "") -> None:
        """Write the fitted/derived parameters to the log, one per line, named in words in the user's
        language (the identifiers stay in the JSON, tables and reports); empty values are left out."""
        feedback.pushInfo(title or self.tr("Parameters used:"))
        for key, value in parameters.items():
            if isinstance(value, (str, list, tuple)) and len(value) == 0:
                continue
            if value is None:
                continue
            value = value_words(value) if isinstance(value, str) else value
            feedback.pushInfo(self.tr("  {}: {}").format(field_heading(key), format_value(value)))
