"""The shared event pipeline: layer -> filtered, reprojected EventSet -> Grid.

Every event-based algorithm goes through :func:`load_events` then (when it maps)
:func:`build_grid`; each step counts what it drops and why, so the log can say it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from osgeo import gdal, ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsRectangle,
    QgsWkbTypes,
)

from ..algorithms.dates import parse_hours
from ..algorithms.events import EventSet
from ..algorithms.grid import DEFAULT_MAX_CELLS, Grid, GridTooLargeError
from .crs import transform_xy, working_crs
from .i18n import tr
from .reading import read_points, times_to_days


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
        lines = [tr("Read {} features ({}).").format(self.features, self.reader)]
        lines += [tr("Dropped {} events: {}.").format(n, reason) for reason, n in self.dropped.items()]
        lines.append(tr("Kept {} events.").format(self.kept))
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
    target_crs: QgsCoordinateReferenceSystem | None = None


@dataclass
class LoadedEvents:
    events: EventSet
    crs: QgsCoordinateReferenceSystem
    report: DropReport
    messages: list[str] = field(default_factory=list)
    date_range: tuple[float | None, float | None] = (None, None)  # [start, end) days asked for


def split_categories(text: str) -> tuple[str, ...]:
    """Categories typed by the user: separated by ';' when there is one, else by ','."""
    text = (text or "").strip()
    if not text:
        return ()
    separator = ";" if ";" in text else ","
    return tuple(part.strip() for part in text.split(separator) if part.strip())


def _check_point_layer(source) -> None:
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.PointGeometry:
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
                                            request.weight_field) if f))
    for name in fields:
        if source.fields().lookupField(name) < 0:
            raise QgsProcessingException(tr("Field '{}' is not in the events layer.").format(name))
    raw = read_points(source, layer, fields, whole_layer, feedback)
    if feedback.isCanceled():
        raise QgsProcessingException(tr("Cancelled: no output was written."))
    report = DropReport(features=raw.features, reader=raw.reader)
    if raw.features == 0:
        raise QgsProcessingException(tr("The events layer is empty: it has no features to analyse. Choose a layer "
                                        "with at least one point (and check any filter or selection on it)."))
    keep = np.isfinite(raw.x) & np.isfinite(raw.y)
    report.drop(tr("no geometry"), int((~keep).sum()))
    if not keep.any():
        raise QgsProcessingException(tr("No feature of the events layer has a point geometry: all {} are empty. "
                                        "Geocode the events first, or choose the layer that holds their points.")
                                     .format(raw.features))
    t = np.full(raw.x.size, np.nan)
    messages: list[str] = []
    if request.time_field:
        t, timed = times_to_days(raw.columns[request.time_field])
        if request.hour_field:
            hours = parse_hours(raw.columns[request.hour_field])
            use_hour = np.isfinite(hours) & ~timed
            t = np.where(use_hour, np.floor(t) + hours / 24.0, t)
        valid = np.isfinite(t)
        if not valid[keep].any():
            raise QgsProcessingException(tr(
                "No event has a valid date in field '{}'. Use a Date or DateTime field, or text such as "
                "2024-03-05, 2024-03-05T14:30 or 05/03/2024 14:30."
            ).format(request.time_field))
        report.drop(tr("missing or unreadable date"), int((keep & ~valid).sum()))
        keep &= valid
    elif request.time_required:
        raise QgsProcessingException(tr("This algorithm needs event dates: choose the date field."))
    category = np.full(raw.x.size, "", dtype=object)
    if request.category_field:
        category = np.array(["" if v is None else str(v) for v in raw.columns[request.category_field]], dtype=object)
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
    if not keep.any():
        raise QgsProcessingException(tr("No event is left after the filters: {}. Widen the date range or the "
                                        "category list.").format("; ".join(f"{k}: {v}" for k, v in report.dropped.items())))
    crs, crs_line = working_crs(source.sourceCrs(), request.target_crs, raw.x[keep], raw.y[keep])
    messages.append(crs_line)
    x, y = transform_xy(raw.x[keep], raw.y[keep], source.sourceCrs(), crs)
    moved = np.isfinite(x) & np.isfinite(y)
    report.drop(tr("could not be reprojected"), int((~moved).sum()))
    events = EventSet.from_arrays(x=x[moved], y=y[moved], t=t[keep][moved], category=category[keep][moved],
                                  weight=weight[keep][moved])
    report.kept = len(events)
    return LoadedEvents(events=events, crs=crs, report=report, messages=messages,
                        date_range=(request.start_day, request.end_day))


def _to_float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _category_filter(category: np.ndarray, keep: np.ndarray, wanted: tuple[str, ...], report: DropReport) -> np.ndarray:
    present = {c.strip().casefold(): c for c in np.unique(category[keep].astype(str))}
    missing = [w for w in wanted if w.strip().casefold() not in present]
    if missing:
        known = ", ".join(sorted(present.values())[:30]) or tr("(none)")
        raise QgsProcessingException(tr("Unknown category {}: the category field holds {}. "
                                        "Check the spelling (case does not matter).").format(
            ", ".join(f"'{m}'" for m in missing), known))
    chosen = {present[w.strip().casefold()] for w in wanted}
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
        "The grid would have {:,} cells, more than the limit of {:,} (about {:.0f} MB per band). "
        "Use a cell size of {:g} m or more, a smaller extent, or raise the limit under Advanced parameters."
    ).format(error.cells, error.max_cells, error.max_cells * 4 / 1e6, error.fitting_cell_size))


def build_grid(loaded: LoadedEvents, request: GridRequest, context: QgsProcessingContext) -> tuple[Grid, EventSet]:
    """The analysis grid and the events that fall inside it (the rest are counted as dropped)."""
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
    size = request.cell_size
    xmin, ymin = math.floor(box[0] / size) * size, math.floor(box[1] / size) * size
    xmax = max(math.ceil(box[2] / size) * size, xmin + size)
    ymax = max(math.ceil(box[3] / size) * size, ymin + size)
    if from_events and events.x.max() >= xmax:
        xmax += size  # an event on the eastern or northern border of its own extent belongs inside
    if from_events and events.y.max() >= ymax:
        ymax += size
    try:
        grid = Grid.covering(xmin, ymin, xmax, ymax, size, max_cells=request.max_cells)
    except GridTooLargeError as error:
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
    events = events.subset(inside)
    loaded.report.kept = len(events)
    if len(events) == 0:
        raise QgsProcessingException(tr("No event lies inside the extent and mask. Check that they overlap the "
                                        "events (and their CRS)."))
    return grid, events


def _mask_geometries(mask_source, crs: QgsCoordinateReferenceSystem, context: QgsProcessingContext) -> list:
    if QgsWkbTypes.geometryType(mask_source.wkbType()) != QgsWkbTypes.PolygonGeometry:
        raise QgsProcessingException(tr("The mask layer must hold polygons (the study area)."))
    transform = QgsCoordinateTransform(mask_source.sourceCrs(), crs, context.transformContext())
    geometries = []
    for feature in mask_source.getFeatures(QgsFeatureRequest().setNoAttributes()):
        geometry = feature.geometry()
        if geometry.isNull() or geometry.isEmpty():
            continue
        geometry.transform(transform)
        geometries.append(geometry)
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
    reference.ImportFromWkt(crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL))
    raster.SetProjection(reference.ExportToWkt())
    vectors = ogr.GetDriverByName("Memory").CreateDataSource("")
    polygons = vectors.CreateLayer("mask", reference, ogr.wkbUnknown)
    for geometry in geometries:
        feature = ogr.Feature(polygons.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkb(bytes(geometry.asWkb())))
        polygons.CreateFeature(feature)
    gdal.RasterizeLayer(raster, [1], polygons, burn_values=[1])
    return raster.GetRasterBand(1).ReadAsArray().astype(bool)
