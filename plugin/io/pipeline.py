"""The shared event pipeline: layer -> filtered, reprojected EventSet -> Grid.

Every event-based algorithm goes through :func:`load_events` then (when it maps)
:func:`build_grid`; each step counts what it drops and why, so the log can say it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from osgeo import gdal, ogr, osr
from qgis.PyQt.QtCore import QVariant
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsRectangle,
    QgsWkbTypes,
)

from ...algorithms.aoristic import DEFAULT_MAX_WINDOW_DAYS, check_windows
from ...algorithms.dates import ORDERS as DATE_ORDERS
from ...algorithms.dates import detect_order, parse_hours, times_to_days
from ...algorithms.events import EventSet, datetime64_from_days
from ...algorithms.plausibility import duplicated, far_in_space, far_in_time
from ...algorithms.grid import DEFAULT_MAX_CELLS, Grid, GridTooLargeError
from .crs import reprojected, transform_xy, working_crs
from ..i18n import tr
from ..reports.numbers import format_decimal, format_number, format_share, format_value
from ..qgiscompat import memory_vector_datasource
from .reading import FlagExpression, read_points


@dataclass
class DropReport:
    """How many features were read, and how many events each filter removed."""

    features: int = 0
    reader: str = ""
    dropped: dict[str, int] = field(default_factory=dict)
    kept: int = 0

    def drop(self, reason: str, count: int) -> None:
        if count:
            self.dropped[reason] = self.dropped.get(reason, 0) + int(count)

    def lines(self) -> list[str]:
        lines = [tr("Read {} features ({}).").format(format_number(self.features), self.reader)]
        lines += [tr("Dropped {} events: {}.").format(format_number(n), reason) for reason, n in self.dropped.items()]
        lines.append(tr("Kept {} events.").format(format_number(self.kept)))
        return lines

    def unlogged_lines(self) -> list[str]:
        """The whole report the first time; then only the drops added since and the new number kept."""
        logged = getattr(self, "_logged", None)
        if logged is None:
            lines = self.lines()
        else:
            lines = [tr("Dropped {} events: {}.").format(format_number(n - logged.get(reason, 0)), reason)
                     for reason, n in self.dropped.items() if n != logged.get(reason, 0)]
            lines.append(tr("Kept {} events.").format(format_number(self.kept)))
        self._logged = dict(self.dropped)
        return lines


@dataclass
class EventRequest:
    """What an algorithm asks of the events layer (parameter values, already read)."""

    time_field: str = ""
    hour_field: str = ""
    category_field: str = ""
    categories: tuple[str, ...] = ()
    weight_field: str = ""
    start_day: float | None = None
    end_day: float | None = None  # exclusive
    time_required: bool = False
    date_order: str = "auto"  # how nn/nn/yyyy texts read: "auto" (detected), "day" or "month" first
    time_end_field: str = ""  # end of each event's time window (aoristic analysis)
    max_window_days: float = DEFAULT_MAX_WINDOW_DAYS
    window_policy: str = "drop"  # negative or overlong windows: "drop" or "keep"
    target_crs: QgsCoordinateReferenceSystem | None = None
    flag: FlagExpression | None = None  # evaluated per feature: LoadedEvents.flags


@dataclass
class LoadedEvents:
    events: EventSet
    crs: QgsCoordinateReferenceSystem
    report: DropReport
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # pushed with feedback.pushWarning, naming the cause
    date_range: tuple[float | None, float | None] = (None, None)  # [start, end) days asked for
    flags: np.ndarray | None = None  # one bool per event of ``events``: EventRequest.flag's value (None: not asked)

    def period(self) -> tuple[float, float]:
        """``[start, end)`` in days: the dates asked for, else from the first event's day to the day after
        the last event's (the events must have times)."""
        first, last = self.events.time_span()
        start, end = self.date_range
        return (float(start) if start is not None else float(math.floor(first)),
                float(end) if end is not None else float(math.floor(last)) + 1.0)

    def subset(self, keep: np.ndarray) -> "LoadedEvents":
        """The same read with only the events (and their flags) selected by ``keep``."""
        return replace(self, events=self.events.subset(keep),
                       flags=None if self.flags is None else self.flags[keep])


def check_cancelled(feedback: QgsProcessingFeedback) -> None:
    """Refuse a cancelled run, before any output is written."""
    if feedback.isCanceled():
        raise QgsProcessingException(tr("Cancelled: no output was written."))


def split_categories(text: str) -> tuple[str, ...]:
    """Categories typed by the user: separated by ';' when there is one, else by ','."""
    text = (text or "").strip()
    if not text:
        return ()
    separator = ";" if ";" in text else ","
    return tuple(part.strip() for part in text.split(separator) if part.strip())


def _check_point_layer(source) -> None:
    if QgsWkbTypes.geometryType(source.wkbType()) == QgsWkbTypes.GeometryType.NullGeometry:
        raise QgsProcessingException(tr(
            "The events layer has no geometry: it is a table without points. For a CSV, add it again with "
            "Layer > Add Layer > Add Delimited Text Layer, choosing the X and Y columns, their CRS and, for a "
            "French spreadsheet, the comma as decimal separator; or geocode the addresses first."))
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.GeometryType.PointGeometry:
        raise QgsProcessingException(tr(
            "The events layer holds {} geometries; CrimeRisk needs one point per event. "
            "Convert it first (e.g. Vector > Geometry Tools > Centroids)."
        ).format(QgsWkbTypes.geometryDisplayString(QgsWkbTypes.geometryType(source.wkbType()))))


def load_events(source, layer, whole_layer: bool, request: EventRequest,
                feedback: QgsProcessingFeedback) -> LoadedEvents:
    """Read, filter and reproject the events as ``request`` says; raise a clear error when none remain."""
    _check_point_layer(source)
    if request.categories and not request.category_field:
        raise QgsProcessingException(tr(
            "'Crime types to keep' lists {} but no crime type field is chosen, so the types cannot be told apart. "
            "Choose the crime type field (CATEGORY_FIELD), or empty the list to use every event."
        ).format(", ".join(request.categories)))
    fields = list(dict.fromkeys(f for f in (request.time_field, request.hour_field, request.category_field,
                                            request.weight_field, request.time_end_field) if f))
    for name in fields:
        if source.fields().lookupField(name) < 0:
            raise QgsProcessingException(tr("Field '{}' is not in the events layer.").format(name))
    raw = read_points(source, layer, fields, whole_layer, feedback, request.flag)
    check_cancelled(feedback)
    report = DropReport(features=raw.features, reader=raw.reader)
    if raw.features == 0:
        raise QgsProcessingException(tr("The events layer is empty: it has no features to analyse. Choose a layer "
                                        "with at least one point (and check any filter or selection on it)."))
    warnings: list[str] = []
    counted = source.featureCount()
    if whole_layer and 0 <= raw.features < counted:
        warnings.append(tr("The events layer says it holds {} features but only {} could be read: the file may be "
                           "damaged. Repair or re-export it (e.g. Export > Save Features As) and run again.")
                        .format(format_number(counted), format_number(raw.features)))
    keep = np.isfinite(raw.x) & np.isfinite(raw.y)
    report.drop(tr("no geometry"), int((~keep).sum()))
    if not keep.any():
        raise QgsProcessingException(tr("No feature of the events layer has a point geometry: all {} are empty. "
                                        "Geocode the events first, or choose the layer that holds their points.")
                                     .format(raw.features))
    t = np.full(raw.x.size, np.nan)
    messages: list[str] = []
    if request.time_field:
        order = _date_order(raw.columns[request.time_field][keep], request, warnings)
        t, timed = times_to_days(raw.columns[request.time_field], order)
        if request.hour_field:
            hours = parse_hours(raw.columns[request.hour_field])
            use_hour = np.isfinite(hours) & ~timed
            t = np.where(use_hour, np.floor(t) + hours / 24.0, t)
        valid = np.isfinite(t)
        if not valid[keep].any():
            _refuse_serial_numbers(raw.columns[request.time_field][keep], request.time_field)
            raise QgsProcessingException(tr(
                "No event has a valid date in field '{}'. Use a Date or DateTime field, or text such as "
                "2024-03-05, 2024-03-05T14:30 or 05/03/2024 14:30."
            ).format(request.time_field))
        report.drop(tr("missing or unreadable date"), int((keep & ~valid).sum()))
        keep &= valid
    elif request.time_required:
        raise QgsProcessingException(tr("This algorithm needs event dates: choose the date field."))
    t_end = None
    if request.time_end_field:
        t_end = _window_ends(source, raw.columns[request.time_end_field], request,
                             order if request.time_field else "day", keep)
    category = np.full(raw.x.size, "", dtype=object)
    if request.category_field:
        category = np.array(["" if v is None else str(v) for v in raw.columns[request.category_field]], dtype=object)
        category, merged = merge_spellings(category, keep)
        for spelling, variants in merged.items():
            messages.append(tr("Crime types differing only by case or spaces are counted as one, '{}': {}.").format(
                spelling, ", ".join(f"'{v}'" for v in variants)))
        if request.categories:
            keep &= _category_filter(category, keep, request.categories, report)
    weight = np.ones(raw.x.size)
    if request.weight_field:
        weight = np.array([_to_float(v) for v in raw.columns[request.weight_field]], dtype=float)
        bad = ~(np.isfinite(weight) & (weight >= 0))
        report.drop(tr("missing or negative weight"), int((keep & bad).sum()))
        keep &= ~bad
    if request.time_field and (request.start_day is not None or request.end_day is not None):
        in_range = np.ones(raw.x.size, dtype=bool)
        if request.start_day is not None:
            in_range &= t >= request.start_day
        if request.end_day is not None:
            in_range &= t < request.end_day
        report.drop(tr("outside the date range"), int((keep & ~in_range).sum()))
        keep &= in_range
    if t_end is not None:
        t_end, keep = _checked_windows(t, t_end, keep, request, report, messages, warnings)
    if not keep.any():
        raise QgsProcessingException(tr("No event is left after the filters: {}. Widen the date range or the "
                                        "category list.").format("; ".join(f"{k}: {v}" for k, v in report.dropped.items())))
    crs, crs_line = working_crs(source.sourceCrs(), request.target_crs, raw.x[keep], raw.y[keep])
    messages.append(crs_line)
    x, y = transform_xy(raw.x[keep], raw.y[keep], source.sourceCrs(), crs)
    moved = np.isfinite(x) & np.isfinite(y)
    if not moved.any():
        raise QgsProcessingException(tr(
            "No event could be reprojected from the layer's CRS {} to {}: the coordinates do not fit the layer's CRS, "
            "which is probably missing or wrong. Set the CRS the coordinates are really in (Layer Properties > "
            "Source) and run again.").format(source.sourceCrs().description() or tr("(none)"), crs.authid()))
    report.drop(tr("could not be reprojected"), int((~moved).sum()))
    events = EventSet.from_arrays(x=x[moved], y=y[moved], t=t[keep][moved], category=category[keep][moved],
                                  weight=weight[keep][moved], t_end=None if t_end is None else t_end[keep][moved])
    report.kept = len(events)
    warnings += plausibility_warnings(events, bool(request.time_field))
    flags = None if raw.flags is None else raw.flags[keep][moved]
    return LoadedEvents(events=events, crs=crs, report=report, messages=messages, warnings=warnings,
                        date_range=(request.start_day, request.end_day), flags=flags)


_FIELD_KINDS = {"Date": "date", "DateTime": "date", "QDate": "date", "QDateTime": "date", "String": "text",
                "QString": "text"}


def _field_kind(source, name: str) -> str:
    """'date', 'text' or the field's own type name (numbers and the rest)."""
    field = source.fields().field(name)
    variant = QVariant.typeToName(field.type()) or field.typeName()
    return _FIELD_KINDS.get(variant, variant)


def _window_ends(source, values: np.ndarray, request: EventRequest, order: str, keep: np.ndarray) -> np.ndarray:
    """Days of each event's window end, read like the start; refuses an end field of another kind
    than the date field, or one whose values cannot be read as dates at all."""
    if not request.time_field:
        raise QgsProcessingException(tr(
            "An end of time window field (TIME_END_FIELD) is chosen without a date field: choose the field "
            "holding when each event's window starts (TIME_FIELD)."))
    if request.time_end_field == request.time_field:
        raise QgsProcessingException(tr(
            "The window end field is the date field itself ('{}'): choose the field holding the end of each "
            "event's window, or leave TIME_END_FIELD empty.").format(request.time_field))
    start_kind, end_kind = _field_kind(source, request.time_field), _field_kind(source, request.time_end_field)
    if start_kind != end_kind:
        raise QgsProcessingException(tr(
            "The window end field '{}' holds {} values but the date field '{}' holds {} values: the two must "
            "be of the same kind (both dates, or both texts written the same way). Choose a matching end field, "
            "or convert one of them with the field calculator.").format(
            request.time_end_field, end_kind, request.time_field, start_kind))
    t_end, _ = times_to_days(values, order)
    if values.dtype.kind == "M":
        present = ~np.isnat(values)
    else:
        present = np.array([v is not None and str(v).strip() != "" for v in values], dtype=bool)
    if (keep & present).any() and not np.isfinite(t_end[keep & present]).any():
        raise QgsProcessingException(tr(
            "No value of the window end field '{}' reads as a date. Use the same formats as the date field "
            "(2024-03-05T14:30, 05/03/2024 14:30), or leave TIME_END_FIELD empty.").format(request.time_end_field))
    return t_end


def _checked_windows(t: np.ndarray, t_end: np.ndarray, keep: np.ndarray, request: EventRequest,
                     report: DropReport, messages: list[str],
                     warnings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Windows checked and logged: how many, their median length, the negative and overlong ones
    (dropped or kept as asked); refuses data whose windows are all reversed or all too long."""
    checked = check_windows(t[keep], t_end[keep], request.max_window_days, request.window_policy)
    if checked.all_negative:
        raise QgsProcessingException(tr(
            "Every event's window end (field '{}') comes before its start (field '{}'): the two fields are "
            "probably swapped. Swap TIME_FIELD and TIME_END_FIELD.").format(request.time_end_field,
                                                                             request.time_field))
    if checked.all_too_long:
        raise QgsProcessingException(tr(
            "All {} time windows are longer than the limit of {} days (median {} hours): no event could be "
            "placed in time. Raise the longest window (MAX_WINDOW_DAYS), or check that the end field '{}' "
            "holds the end of each event's window.").format(
            format_number(checked.n_with_window), format_number(checked.max_days),
            format_number(round(checked.median_hours, 2)), request.time_end_field))
    messages.append(tr("{} of {} events have a time window (field '{}'); median length {} hours. They are "
                       "spread over the hours of their window (aoristic weights) where the method allows.").format(
        format_number(checked.n_with_window), format_number(checked.n_events), request.time_end_field,
        format_number(round(checked.median_hours, 2))))
    dropping = request.window_policy == "drop"
    if checked.n_negative:
        warnings.append((tr("{} events end before they start (field '{}'): dropped. Correct them, or keep them "
                            "at their start time with WINDOW_POLICY.") if dropping else
                         tr("{} events end before they start (field '{}'): kept at their start time.")).format(
            format_number(checked.n_negative), request.time_end_field))
    if checked.n_too_long:
        warnings.append((tr("{} events have a window longer than {} days: dropped. Raise MAX_WINDOW_DAYS, or keep "
                            "them with WINDOW_POLICY.") if dropping else
                         tr("{} events have a window longer than {} days: kept, spread over their whole "
                            "window.")).format(format_number(checked.n_too_long), format_number(checked.max_days)))
    indices = np.flatnonzero(keep)
    length = t_end[indices] - t[indices]
    report.drop(tr("time window ends before it starts"), int(np.count_nonzero(~checked.keep & (length < 0))))
    report.drop(tr("time window longer than the limit"), int(np.count_nonzero(~checked.keep & (length >= 0))))
    new_keep = keep.copy()
    new_keep[indices] = checked.keep
    ends = np.full(t.size, np.nan)
    ends[indices] = checked.end
    return ends, new_keep


def _places(x: np.ndarray, y: np.ndarray, limit: int = 3) -> str:
    """A few distinct places, rounded to the metre, as the log shows them."""
    places = list(dict.fromkeys((round(float(a)), round(float(b))) for a, b in zip(x, y)))[:limit]
    return ", ".join(f"({format_number(a)}, {format_number(b)})" for a, b in places)


def plausibility_warnings(events: EventSet, dated: bool) -> list[str]:
    """Warnings an experienced analyst would give about the events: far outliers in space or time, duplicates."""
    lines = []
    far = far_in_space(events.x, events.y)
    if far.any():
        lines.append(tr(
            "{} events lie far from all the others (e.g. at {} in the working CRS), probably geocoding errors such "
            "as addresses placed at 0,0: they stretch the map and its extent. Check them, and drop them with a "
            "filter on the layer, an extent (EXTENT) or a study area mask (MASK).").format(
            format_number(int(far.sum())), _places(events.x[far], events.y[far])))
    if dated:
        late = far_in_time(events.t)
        if late.any():
            examples = ", ".join(str(d)[:10] for d in datetime64_from_days(np.unique(np.floor(events.t[late]))[:3]))
            lines.append(tr(
                "{} events are dated far from all the others (e.g. {}), probably typing errors or default dates. "
                "Check them, and drop them with the date range (START and END).").format(
                format_number(int(late.sum())), examples))
    copies = duplicated(events.x, events.y, events.t, events.category)
    if copies.sum() >= max(2, 0.01 * len(events)):
        lines.append(tr(
            "{} events ({}) are exact copies of another one (same place, time and crime type): the layer may hold "
            "records exported twice. Remove the duplicates if they are not separate crimes.").format(
            format_number(int(copies.sum())), format_share(copies.mean())))
    return lines


#: Spreadsheet serial day numbers of 1950-01-01 and 2100-01-01 (days since 1899-12-30).
_SERIAL_DAYS = (18264.0, 73051.0)


def _refuse_serial_numbers(values: np.ndarray, field_name: str) -> None:
    """Name the likely cause when a date column holds numbers: spreadsheet serial days (45000.5) or years."""
    numbers = np.array([_to_float(v) for v in values[:1000]], dtype=float)
    if numbers.size == 0 or np.isfinite(numbers).mean() < 0.9:
        return
    example = format_number(float(numbers[np.isfinite(numbers)][0]), digits=8)
    if np.all((numbers[np.isfinite(numbers)] >= _SERIAL_DAYS[0]) & (numbers[np.isfinite(numbers)] <= _SERIAL_DAYS[1])):
        raise QgsProcessingException(tr(
            "Field '{}' holds numbers such as {}, which look like spreadsheet serial day numbers, not dates. "
            "Format the column as dates in the spreadsheet (or as text such as 2024-03-05 14:30) before "
            "exporting, or convert it with the field calculator.").format(field_name, example))
    raise QgsProcessingException(tr(
        "Field '{}' holds numbers such as {}, not dates. Choose the field that holds the date of each event, "
        "or convert this one to dates with the field calculator.").format(field_name, example))


def _date_order(values: np.ndarray, request: EventRequest, warnings: list[str]) -> str:
    """How the column's nn/nn/yyyy texts read: the order asked for, else the detected one (said in a warning
    when month-first or ambiguous); a column mixing both orders is refused."""
    if request.date_order in DATE_ORDERS:
        return request.date_order
    texts = np.unique(np.array([v for v in values if isinstance(v, str)], dtype=str))
    detected, example = detect_order(texts)
    if detected == "mixed":
        raise QgsProcessingException(tr(
            "The dates in field '{}' mix day/month/year and month/day/year texts (e.g. {}): no single order reads "
            "them all. Correct the column, or set the date format (DATE_FORMAT) to the order most of them use "
            "and check how many are dropped.").format(request.time_field, example))
    if detected == "month":
        warnings.append(tr(
            "The dates in field '{}' are month first (US style, e.g. '{}'): read as month/day/year. If that is "
            "wrong, set the date format (DATE_FORMAT) to day first.").format(request.time_field, example))
        return "month"
    if detected == "ambiguous":
        warnings.append(tr(
            "No date text in field '{}' has a number above 12 before or after the month, so day/month and "
            "month/day cannot be told apart: read as day/month/year. If they are month/day/year (US style), set "
            "the date format (DATE_FORMAT) to month first.").format(request.time_field))
    return "day"


def _to_float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def category_key(text: str) -> str:
    """What makes two spellings of a crime type the same: case and spaces (leading, trailing, repeated) ignored."""
    return " ".join(str(text).split()).casefold()


def merge_spellings(category: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, dict[str, list[str]]]:
    """Every spelling of a crime type replaced by its most frequent one among the kept events (so filters and
    per-category bands see one type), and the merged variants of each spelling that absorbed others."""
    spellings, inverse, counts = np.unique(category.astype(str), return_inverse=True, return_counts=True)
    kept_counts = np.bincount(inverse[keep], minlength=spellings.size) if keep.any() else counts
    chosen: dict[str, str] = {}
    for index in np.lexsort((spellings, -kept_counts)):  # most frequent first, then alphabetical
        chosen.setdefault(category_key(spellings[index]), spellings[index])
    canonical = np.array([chosen[category_key(s)] for s in spellings], dtype=object)
    merged: dict[str, list[str]] = {}
    for spelling, target in zip(spellings, canonical):
        if spelling != target:
            merged.setdefault(target, []).append(spelling)
    return canonical[inverse], merged


def _category_filter(category: np.ndarray, keep: np.ndarray, wanted: tuple[str, ...], report: DropReport) -> np.ndarray:
    present = {category_key(c): c for c in np.unique(category[keep].astype(str))}
    missing = [w for w in wanted if category_key(w) not in present]
    if missing:
        known = ", ".join(sorted(present.values())[:30]) or tr("(none)")
        raise QgsProcessingException(tr("Unknown category {}: the category field holds {}. "
                                        "Check the spelling (case does not matter).").format(
            ", ".join(f"'{m}'" for m in missing), known))
    chosen = {present[category_key(w)] for w in wanted}
    selected = np.isin(category.astype(str), list(chosen))
    report.drop(tr("category not selected"), int((keep & ~selected).sum()))
    return selected


@dataclass
class GridRequest:
    cell_size: float
    extent: QgsRectangle | None = None  # in the working CRS
    mask_source: object | None = None
    margin: float = 0.0
    max_cells: int = DEFAULT_MAX_CELLS


def grid_too_large(error: GridTooLargeError) -> QgsProcessingException:
    """The refusal of a grid past the memory guard, with the cell size that fits."""
    return QgsProcessingException(tr(
        "The grid would have {} cells, more than the limit of {} (about {} MB per band). "
        "Use a cell size of {} m or more, a smaller extent, or raise the limit under Advanced parameters."
    ).format(format_number(error.cells), format_number(error.max_cells), format_decimal(error.max_cells * 4 / 1e6, 0),
             format_value(error.fitting_cell_size)))


def build_grid(loaded: LoadedEvents, request: GridRequest, context: QgsProcessingContext) -> tuple[Grid, EventSet]:
    """The analysis grid and the events that fall inside it (the rest are counted as dropped)."""
    grid, inside = grid_and_inside(loaded, request, context)
    return grid, inside.events


def grid_and_inside(loaded: LoadedEvents, request: GridRequest,
                    context: QgsProcessingContext) -> tuple[Grid, LoadedEvents]:
    """Like :func:`build_grid`, keeping the read (events and their flags) inside the grid."""
    if not (request.cell_size > 0 and math.isfinite(request.cell_size)):
        raise QgsProcessingException(tr("Cell size must be a positive distance in metres (got {}).").format(
            request.cell_size))
    mask_geometries = _mask_geometries(request.mask_source, loaded.crs, context) if request.mask_source else []
    events = loaded.events
    from_events = False
    if request.extent is not None and not request.extent.isNull() and not request.extent.isEmpty():
        box = (request.extent.xMinimum(), request.extent.yMinimum(), request.extent.xMaximum(), request.extent.yMaximum())
    elif mask_geometries:
        box = _union_box(mask_geometries)
    else:
        m = request.margin
        box = (events.x.min() - m, events.y.min() - m, events.x.max() + m, events.y.max() + m)
        from_events = True
    last_point = (float(events.x.max()), float(events.y.max())) if from_events else None
    try:
        grid = Grid.snapped(box, request.cell_size, max_cells=request.max_cells, last_point=last_point)
    except GridTooLargeError as error:
        far = far_in_space(events.x, events.y) if from_events else np.zeros(0, dtype=bool)
        if far.any():
            raise QgsProcessingException(tr(
                "The grid would have {} cells, more than the limit of {}, because {} events lie far from all the "
                "others (e.g. at {} in the working CRS), probably geocoding errors such as addresses placed at 0,0. "
                "Remove them with a filter on the layer, an extent (EXTENT) or a study area mask (MASK) rather than "
                "enlarging the cells.").format(format_number(error.cells), format_number(error.max_cells),
                                               format_number(int(far.sum())),
                                               _places(events.x[far], events.y[far]))) from None
        raise grid_too_large(error) from None
    if mask_geometries:
        mask = rasterize_mask(mask_geometries, grid, loaded.crs)
        if not mask.any():
            raise QgsProcessingException(tr(
                "The mask layer covers no cell of the grid. Check that it overlaps the events and the extent, "
                "or use a smaller cell size."))
        grid = grid.with_mask(mask)
    inside = grid.contains(events.x, events.y)
    loaded.report.drop(tr("outside the extent or the mask"), int((~inside).sum()))
    kept = loaded.subset(inside)
    loaded.report.kept = len(kept.events)
    if len(kept.events) == 0:
        raise QgsProcessingException(tr("No event lies inside the extent and mask. Check that they overlap the "
                                        "events (and their CRS)."))
    return grid, kept


def _mask_geometries(mask_source, crs: QgsCoordinateReferenceSystem, context: QgsProcessingContext) -> list:
    if QgsWkbTypes.geometryType(mask_source.wkbType()) != QgsWkbTypes.GeometryType.PolygonGeometry:
        raise QgsProcessingException(tr("The mask layer must hold polygons (the study area)."))
    if not mask_source.sourceCrs().isValid():
        raise QgsProcessingException(tr(
            "The mask layer has no CRS, so it cannot be placed over the events. Set the mask layer's CRS "
            "(Layer Properties > Source) and run again."))
    geometries, misplaced = [], 0
    for _, geometry in reprojected(mask_source.getFeatures(QgsFeatureRequest().setNoAttributes()),
                                   mask_source.sourceCrs(), crs, context.transformContext()):
        if geometry is None:
            misplaced += 1
        else:
            geometries.append(geometry)
    if misplaced and not geometries:
        raise QgsProcessingException(tr(
            "The mask layer's polygons cannot be placed in {}: their coordinates do not fit the mask layer's CRS "
            "({}), which is missing or wrong. Set the CRS they are really in (Layer Properties > Source) and run "
            "again.").format(crs.authid(), mask_source.sourceCrs().description() or tr("(none)")))
    if not geometries:
        raise QgsProcessingException(tr("The mask layer has no polygon: it covers nothing. Choose the polygons of "
                                        "the study area, or leave the mask empty."))
    return geometries


def _union_box(geometries) -> tuple[float, float, float, float]:
    box = QgsRectangle(geometries[0].boundingBox())
    for geometry in geometries[1:]:
        box.combineExtentWith(geometry.boundingBox())
    return box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()


def rasterize_mask(geometries, grid: Grid, crs: QgsCoordinateReferenceSystem) -> np.ndarray:
    """Cells whose centre lies inside any of the polygons (GDAL's default rasterisation rule)."""
    raster = gdal.GetDriverByName("MEM").Create("", grid.cols, grid.rows, 1, gdal.GDT_Byte)
    raster.SetGeoTransform(grid.geotransform())
    reference = osr.SpatialReference()
    reference.ImportFromWkt(crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL))
    raster.SetProjection(reference.ExportToWkt())
    vectors = memory_vector_datasource()
    polygons = vectors.CreateLayer("mask", reference, ogr.wkbUnknown)
    for geometry in geometries:
        feature = ogr.Feature(polygons.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkb(bytes(geometry.asWkb())))
        polygons.CreateFeature(feature)
    gdal.RasterizeLayer(raster, [1], polygons, burn_values=[1])
    return raster.GetRasterBand(1).ReadAsArray().astype(bool)
