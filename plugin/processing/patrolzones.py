"""``crimerisk:patrolzones``: from any risk raster to ranked patrol zones within a budget."""

from __future__ import annotations

import json
import math

import numpy as np
from osgeo import gdal
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsUnitTypes,
    QgsWkbTypes,
)

from ...algorithms.events import datetime64_from_days, days_from_datetime64
from ...algorithms.grid import DEFAULT_MAX_CELLS, Grid
from ...algorithms.patrol import BUDGET_UNITS, PatrolPlan, plan_patrol_zones
from ...algorithms.shiftforecast import risk_in_shifts
from ...algorithms.shifts import Shift
from ..i18n import tr
from ..reports.labels import layer_title
from ..reports.numbers import format_number, format_share
from ..io.polygons import polygons_of_labels
from ..io.tables import fields_for, write_table
from ..styling.vector_styles import style_vector_output, zone_style
from .base import CrimeRiskAlgorithm

ZONE_COLUMNS = ["rank", "cells", "area_km2", "expected_events", "share_captured", "unit"]
CONNECTIVITIES = ("4", "8")


def read_risk_raster(path: str, band: int) -> tuple[np.ndarray, Grid]:
    """Band ``band`` of a north-up raster with square cells as float64 (nodata -> NaN), and its grid.

    A south-up raster (positive pixel height) is flipped to north-up. Raises ValueError for
    rotated rasters and non-square cells.
    """
    dataset = gdal.Open(path)
    if dataset is None:
        raise ValueError(f"GDAL cannot open the raster {path}")
    if not 1 <= band <= dataset.RasterCount:
        raise ValueError(f"the raster has {dataset.RasterCount} band(s); choose a BAND from 1 to {dataset.RasterCount}")
    x0, width, row_rotation, y0, column_rotation, height = dataset.GetGeoTransform()
    if row_rotation or column_rotation:
        raise ValueError("the raster is rotated; warp it to a north-up grid first (Raster > Projections > Warp)")
    if width <= 0 or not math.isclose(width, abs(height), rel_tol=1e-9):
        raise ValueError(f"the raster's cells are not square ({width:g} x {abs(height):g}); resample it to square "
                         "cells (Raster > Projections > Warp with equal X and Y resolution)")
    cells = dataset.RasterXSize * dataset.RasterYSize
    if cells > DEFAULT_MAX_CELLS:
        raise ValueError(tr("The risk raster has {} cells, more than the {} patrol zones can plan in memory. Use a "
                            "cell size of {} m or more (resample it with Raster > Projections > Warp), or clip it to "
                            "the study area.").format(format_number(cells), format_number(DEFAULT_MAX_CELLS),
                                                  format_number(math.ceil(width * math.sqrt(cells / DEFAULT_MAX_CELLS)))))
    source = dataset.GetRasterBand(band)
    values = source.ReadAsArray().astype(np.float64)
    nodata = source.GetNoDataValue()
    if nodata is not None:
        values[values == nodata] = np.nan
    rows = values.shape[0]
    if height > 0:  # south-up: row 0 is the southern edge
        values, y0 = values[::-1].copy(), y0 + rows * height
    return values, Grid(xmin=x0, ymax=y0, cell_size=width, rows=rows, cols=values.shape[1])


def forecast_window_of(path: str) -> tuple[float, float] | None:
    """(start, horizon) in days of a forecast raster, from the CrimeRisk metadata (``as_of_days`` or the
    ``as_of`` date, ``horizon_days``: 7 when absent); None when the raster does not say."""
    dataset = gdal.Open(path)
    try:
        found = json.loads((dataset.GetMetadataItem("CRIMERISK_PARAMETERS") if dataset else None) or "{}")
    except ValueError:
        return None
    if not isinstance(found, dict):
        return None
    start = found.get("as_of_days")
    if start is None and found.get("as_of"):
        try:
            start = float(days_from_datetime64(np.array([np.datetime64(str(found["as_of"])[:10])]))[0])
        except ValueError:
            return None
    if start is None:
        return None
    horizon = found.get("horizon_days") or found.get("horizon") or 7.0
    return float(start), float(horizon)


def raster_title(layer) -> str:
    """What a risk raster shows: the title CrimeRisk wrote in its metadata, else the layer's name."""
    dataset = gdal.Open(layer.source())
    title = dataset.GetMetadataItem("CRIMERISK_TITLE") if dataset is not None else None
    return title or layer.name()


def holds_expected_events(path: str) -> bool:
    """True when the raster says (CrimeRisk metadata) that it holds expected events per cell, as the
    forecasters write; a density (KDE), a relative risk or any other raster is False."""
    dataset = gdal.Open(path)
    if dataset is None:
        return False
    measure = dataset.GetMetadataItem("CRIMERISK_MEASURE")
    if measure is None:  # rasters written before CRIMERISK_MEASURE existed
        measure = "expected_events" if (dataset.GetMetadataItem("CRIMERISK_UNITS") or "").startswith(
            "expected events per cell") else "other"
    return measure == "expected_events"


class PatrolZonesAlgorithm(CrimeRiskAlgorithm):
    algorithm_id = "patrolzones"
    display_name = "Patrol zones"
    group_key = "evaluation"

    BAND = "BAND"
    BUDGET = "BUDGET"
    BUDGET_UNIT = "BUDGET_UNIT"
    MIN_ZONE_CELLS = "MIN_ZONE_CELLS"
    CONNECTIVITY = "CONNECTIVITY"
    UNITS = "UNITS"
    SHIFTS = "SHIFTS"
    EVENTS = "EVENTS"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Risk raster")), self.tr(
            "Any single-band risk map in a projected CRS in metres with square cells: a forecast (expected events "
            "per cell) or a density. Nodata cells are never patrolled; values must not be negative."))
        self.add_parameter(QgsProcessingParameterBand(self.BAND, self.tr("Band"), 1, self.INPUT, optional=True),
                           self.tr("Band of the risk raster to use (empty: band 1)."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.BUDGET, self.tr("Budget"),
                                         QgsProcessingParameterNumber.Type.Double, 5.0,
                                         minValue=0.0),
            self.tr("How much area patrols can cover, in the unit below. It becomes a whole number of cells, rounded "
                    "down, so it is never exceeded."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.BUDGET_UNIT, self.tr("Budget unit"),
                                       options=[self.tr("cells"), self.tr("km²"),
                                                self.tr("percent of the area with data")], defaultValue=2),
            self.tr("Cells, square kilometres, or percent of the raster's cells that have data."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.MIN_ZONE_CELLS, self.tr("Smallest zone (cells)"),
                                         QgsProcessingParameterNumber.Type.Integer, 1, minValue=1),
            self.tr("Zones smaller than this are not formed: their budget goes to the next best cells that form "
                    "zones of this size. 1 keeps the top cells whatever their shape."))
        connectivity = QgsProcessingParameterEnum(self.CONNECTIVITY, self.tr("Cells joined by"),
                                                  options=list(CONNECTIVITIES), defaultValue="4")
        connectivity.setUsesStaticStrings(True)
        self.add_parameter(connectivity, self.tr(
            "4: cells form one zone when they share an edge (simple shapes); 8: also when they touch at a corner."))
        self.add_parameter(
            QgsProcessingParameterNumber(self.UNITS, self.tr("Patrol units"),
                                         QgsProcessingParameterNumber.Type.Integer, 0,
                                         minValue=0),
            self.tr("Number of patrol units to share the zones among, balancing their expected events (largest zone "
                    "first to the least loaded unit). 0 assigns none (unit 0 in the output)."))
        self.add_shift_parameters()
        self.add_parameter(QgsProcessingParameterBoolean(self.STYLE, self.tr("Style the output"), True),
                           self.tr("Colour the zones by rank and label them with rank and unit (a .qml beside a file "
                                   "output, and the loaded layer)."), advanced=True)
        self.add_seed_parameter(default=0, optional=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Patrol zones"),
                                              QgsProcessing.SourceType.TypeVectorPolygon),
            self.tr("One (multi)polygon per zone in the raster's CRS: rank (1 = most expected events), cells, "
                    "area_km2, expected_events (sum of the risk values), share_captured (of the whole map's sum) "
                    "and unit (0 = none). With SHIFTS, one set of zones per shift, named in a first field "
                    "'shift' (ranks and shares within the shift's map)."))
        for name, description in (("ZONES", self.tr("Zones")), ("SELECTED_CELLS", self.tr("Cells selected")),
                                  ("BUDGET_CELLS", self.tr("Budget in cells")),
                                  ("EXPECTED_EVENTS", self.tr("Expected events in zones")),
                                  ("SHARE_CAPTURED", self.tr("Share of the map's expected events in zones"))):
            self.addOutput(QgsProcessingOutputNumber(name, description))

    def add_shift_parameters(self) -> None:
        """SHIFTS and the events (with their date and window end fields) whose hours split the risk."""
        self.add_parameter(QgsProcessingParameterString(self.SHIFTS, self.tr("Shifts (one zone plan each)"),
                                                        optional=True), self.tr(
            "Optional shifts separated by ';', e.g. 06-14;14-22;22-06 or 22-06 Fri,Sat;08-18 Mon-Fri: one zone "
            "plan per shift, each from the risk raster times each cell's share of its events expected in the "
            "shift's hours. Needs the events layer below. Empty: one plan for the whole raster."))
        self.add_parameter(QgsProcessingParameterFeatureSource(self.EVENTS, self.tr("Events for the shifts' hours"),
                                                               [QgsProcessing.SourceType.TypeVectorPoint],
                                                               optional=True), self.tr(
            "Point layer of past events with a date and time, whose hours of the week (by place) split the risk "
            "among the SHIFTS; usually the events the risk raster was made from. Only used with SHIFTS."))
        self.add_parameter(QgsProcessingParameterField(self.TIME_FIELD, self.tr("Date and time field of the events"),
                                                       parentLayerParameterName=self.EVENTS, optional=True),
                           self.tr("Date and time of each event (a date-time field or text such as "
                                   "2024-03-05 22:30). Needed with SHIFTS."))
        self.add_parameter(QgsProcessingParameterField(self.TIME_END_FIELD,
                                                       self.tr("Window end field of the events (uncertain times)"),
                                                       parentLayerParameterName=self.EVENTS, optional=True),
                           self.tr("Optional end of the window in which each event occurred, in the same form as "
                                   "the date field (which then holds its start); such events are spread evenly "
                                   "over the window's hours (aoristic analysis)."))

    def help_sections(self):
        return [
            ("", self.tr("Where should patrols go within a fixed budget? Takes the highest-risk cells of a risk map up "
                         "to the budget, joins them into zones, ranks the zones and shares them among patrol units.")),
            (self.tr("Method"), self.tr(
                "Cells are ranked by risk. Without a minimum zone size the top cells within the budget are taken. With "
                "a minimum, a greedy pass down the ranking keeps a cell only once it belongs to a connected group of "
                "at least that many cells that still fits the budget. Zones are ranked by expected events; units get "
                "zones largest first, each to the unit with the least so far (Graham's LPT rule). Cells of equal "
                "risk (often the many cells of risk 0) are taken by a rule blind to location: first those with "
                "more risk in the 3 x 3 cells around them, then in a random order drawn from the seed. The same "
                "seed gives the same zones; a mirror-image map gives mirror-image zones over seeds (north and south "
                "are treated alike).")),
            (self.tr("Shifts"), self.tr(
                "With SHIFTS and EVENTS, each shift gets its own plan with the same budget rules. The risk of a "
                "cell in a shift is the raster's value times the cell's shift share: the share of the cell's "
                "events expected in the shift's hours over the forecast period, from the cell's hour-of-week "
                "profile. Each profile is shrunk towards its neighbourhood's and the whole area's by an "
                "empirical-Bayes rule (Dirichlet-multinomial), so a cell with few events borrows the hours of "
                "its surroundings; events with a time window count in each of its hours by their aoristic "
                "share. The profiles use the events before the forecast start, and the shares the forecast period, "
                "written in the raster's metadata (a CrimeRisk forecast); otherwise the events up to the day after "
                "the last one and the 7 days that follow.")),
            (self.tr("Caveats"), self.tr(
                "The zones are only as good as the risk map: check it with the backtest first. A greedy rule is not an "
                "optimum. Zones only cover cells; travel between them is not planned.")),
            (self.tr("References"), "Sherman &amp; Weisburd (1995) <i>Justice Quarterly</i> 12, 625-648; "
                                    "Graham (1969) <i>SIAM J. Appl. Math.</i> 17, 416-429; "
                                    "Ratcliffe (2002) <i>Journal of Quantitative Criminology</i> 18, 23-43 "
                                    "(aoristic analysis); Mosimann (1962) <i>Biometrika</i> 49, 65-82, Minka (2000) "
                                    "<i>Estimating a Dirichlet distribution</i> (MIT) and Carlin &amp; Louis (2000) "
                                    "<i>Bayes and Empirical Bayes Methods for Data Analysis</i>, ch. 3 (shrunk "
                                    "hour-of-week profiles)."),
        ]

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """A file that is not a raster gets a message naming the fix, not Processing's generic one."""
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if parameters.get(self.INPUT) not in (None, "") and (layer is None or not layer.isValid()):
            return False, self.tr("INPUT is not a raster GDAL can open: choose a risk GeoTIFF, for example the "
                                  "output of crimerisk:kde or crimerisk:sepp.")
        return super().checkParameterValues(parameters, context)

    def _read_input(self, parameters, context) -> tuple[np.ndarray, Grid, object, object]:
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(self.tr("The risk raster could not be opened."))
        crs = layer.crs()
        if not crs.isValid():
            raise QgsProcessingException(self.tr(
                "The risk raster has no coordinate reference system; assign a projected CRS in metres first."))
        if crs.isGeographic() or crs.mapUnits() != QgsUnitTypes.DistanceUnit.DistanceMeters:
            raise QgsProcessingException(self.tr(
                "The risk raster is in {} whose units are not metres ({}): cell areas and budgets in km² would be "
                "wrong. Reproject it to a projected CRS in metres (Raster > Projections > Warp), or compute it with "
                "CrimeRisk, which writes metric rasters.").format(
                    crs.authid() or crs.description(), QgsUnitTypes.toString(crs.mapUnits())))
        band = self.parameterAsInt(parameters, self.BAND, context) if parameters.get(self.BAND) is not None else 1
        with self.method_errors():
            values, grid = read_risk_raster(layer.source(), band)
        return values, grid, crs, layer

    def process(self, parameters, context, feedback):
        shifts = self._shifts(parameters, context)
        risk, grid, crs, layer = self._read_input(parameters, context)
        expected = holds_expected_events(layer.source())
        options = {
            "budget": self.parameterAsDouble(parameters, self.BUDGET, context),
            "budget_unit": BUDGET_UNITS[self.parameterAsEnum(parameters, self.BUDGET_UNIT, context)],
            "min_zone_cells": self.parameterAsInt(parameters, self.MIN_ZONE_CELLS, context),
            "connectivity": int(self.parameterAsEnumString(parameters, self.CONNECTIVITY, context)),
            "units": self.parameterAsInt(parameters, self.UNITS, context),
            "seed": self.parameterAsInt(parameters, self.SEED, context),
        }
        feedback.pushInfo(self.tr("Risk raster: {} rows x {} columns of {} m, {} cells with data.").format(
            format_number(grid.rows), format_number(grid.cols), format_number(grid.cell_size),
            format_number(int(np.count_nonzero(~np.isnan(risk))))))
        maps = self._shift_maps(risk, grid, crs, layer, shifts, parameters, context, feedback) if shifts else {
            "": risk}
        plans = {}
        for label, values in maps.items():
            if label:
                self._log_shift(label, values, risk, feedback, expected)
            with self.method_errors():
                plans[label] = plan_patrol_zones(values, cell_size=grid.cell_size, **options)
            self._log_plan(plans[label], feedback, expected)
            self.check_cancelled(feedback)
        feedback.setProgress(50)
        rows, geometries = [], []
        for label, plan in plans.items():
            outlines = polygons_of_labels(plan.labels, grid)
            for zone in plan.zones:
                rows.append({**({"shift": label} if label else {}), **zone, "unit": zone["unit"] or 0,
                             "expected_events": zone["expected_events"] if expected else None})
                geometry = outlines[zone["rank"]]
                geometry.convertToMultiType()
                geometries.append(geometry)
        self.check_cancelled(feedback)
        columns = ["shift", *ZONE_COLUMNS] if shifts else ZONE_COLUMNS
        destination = write_table(self, parameters, self.OUTPUT, context, rows, columns, geometries,
                                  QgsWkbTypes.Type.MultiPolygon, crs)
        if self._wants_style(parameters, context):
            style_vector_output(destination, zone_style(max([len(p.zones) for p in plans.values()])), context,
                                fields_for(rows, columns), "MultiPolygon", crs)
        self.name_output(destination, layer_title(self.tr("Patrol zones"), raster_title(layer)), context)
        feedback.setProgress(100)
        zones = [zone for plan in plans.values() for zone in plan.zones]
        total = sum(z["expected_events"] for z in zones) if expected else None
        if shifts:  # share of all the shifts' risk, whatever the raster measures
            whole = sum(float(np.nansum(values)) for values in maps.values())
            captured = sum(z["expected_events"] for z in zones) / whole if whole > 0 else 0.0
        else:
            captured = sum(z["share_captured"] for z in zones)
        return {self.OUTPUT: destination, "ZONES": len(zones),
                "SELECTED_CELLS": sum(p.selected_cells for p in plans.values()),
                "BUDGET_CELLS": next(iter(plans.values())).budget_cells, "EXPECTED_EVENTS": total,
                "SHARE_CAPTURED": captured}

    def _shifts(self, parameters, context) -> list[Shift]:
        """The SHIFTS text read (empty: no shift); a shift that does not parse is refused with the
        accepted forms, SHIFTS without EVENTS or a date field with what to add."""
        text = self.parameterAsString(parameters, self.SHIFTS, context).strip()
        shifts: list[Shift] = []
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            shift = self.parsed_shift(part)
            if shift not in shifts:
                shifts.append(shift)
        if shifts and (parameters.get(self.EVENTS) in (None, "")
                       or not self.parameterAsString(parameters, self.TIME_FIELD, context)):
            raise QgsProcessingException(self.tr(
                "SHIFTS needs the events whose hours split the risk among the shifts: choose the events layer "
                "(EVENTS, usually the events the risk raster was made from) and its date and time field "
                "(TIME_FIELD), or leave SHIFTS empty for one plan."))
        return shifts

    def _shift_maps(self, risk: np.ndarray, grid: Grid, crs, layer, shifts: list[Shift], parameters, context,
                    feedback) -> dict[str, np.ndarray]:
        """One risk map per shift: the raster times each cell's shift share from the events' profiles."""
        loaded = self.read_events(parameters, context, feedback, time_required=True, layer_parameter=self.EVENTS,
                                  target_crs=crs)
        events = loaded.events.subset(grid.contains(loaded.events.x, loaded.events.y))
        if len(events) == 0:
            raise QgsProcessingException(self.tr(
                "No event of EVENTS lies on the risk raster: choose the events of the raster's area (both layers "
                "are compared in the raster's CRS)."))
        window = forecast_window_of(layer.source())
        as_of, horizon = window if window is not None else (float(math.floor(events.time_span()[1])) + 1.0, 7.0)
        history = events.before(as_of)
        day = str(datetime64_from_days(as_of).astype("datetime64[m]")).replace("T", " ").removesuffix(" 00:00")
        if len(history) == 0:
            raise QgsProcessingException(self.tr(
                "No event of EVENTS comes before the raster's forecast start ({}): choose the events the forecast "
                "was made from.").format(day))
        feedback.pushInfo(self.tr("Shift shares from the hours of {} events before {}, over {} days.").format(
            format_number(len(history)), day, format_number(horizon)))
        for shift in shifts:
            self.events_in_shift(shift, history, self.tr("before {}").format(day))
        with self.method_errors():
            return risk_in_shifts(risk, grid, history, shifts, as_of, horizon)

    def _log_shift(self, label: str, values: np.ndarray, risk: np.ndarray, feedback, expected: bool) -> None:
        """The shift's part of the raster, in words, before its plan."""
        inside, whole = float(np.nansum(values)), float(np.nansum(risk))
        share = format_share(inside / whole if whole > 0 else 0.0)
        if expected:
            feedback.pushInfo(self.tr("Shift {}: {} expected events, {} of the raster's.").format(
                label, format_number(inside), share))
        else:
            feedback.pushInfo(self.tr("Shift {}: {} of the raster's total.").format(label, share))

    def _log_plan(self, plan: PatrolPlan, feedback, expected: bool) -> None:
        self.log_parameters(feedback, {self.tr("budget (cells)"): plan.budget_cells,
                                       self.tr("cells selected"): plan.selected_cells,
                                       self.tr("zones"): len(plan.zones)})
        if not expected:
            feedback.pushInfo(self.tr(
                "The risk raster does not hold expected events (it is a density or another score), so zones are "
                "reported as their share of the raster's total, not as expected events. For expected events, "
                "use a forecast (crimerisk:sepp or crimerisk:mlforecast)."))
        captured = sum(z["share_captured"] for z in plan.zones)
        if expected:
            feedback.pushInfo(self.tr("The zones hold {} expected events ({} of the map).").format(
                format_number(sum(z["expected_events"] for z in plan.zones)), format_share(captured)))
        else:
            feedback.pushInfo(self.tr("The zones hold {} of the raster's total.").format(format_share(captured)))
        for unit in plan.units:
            share = format_share(unit["share_captured"])
            if expected:
                feedback.pushInfo(self.tr("Unit {}: {} zones, {} cells, {} expected events ({} of the map)").format(
                    unit["unit"], unit["zones"], unit["cells"], format_number(unit["expected_events"]), share))
            else:
                feedback.pushInfo(self.tr("Unit {}: {} zones, {} cells, {} of the raster's total").format(
                    unit["unit"], unit["zones"], unit["cells"], share))
        for note in plan.notes:
            feedback.pushWarning(note)
