"""``crimerisk:gistar``: Getis-Ord Gi* hot and cold spots of event counts per grid cell.

:class:`NeighbourhoodAlgorithm` holds what Gi* and the emerging hot spot analysis share:
the neighbourhood, weights and correction parameters, and the check that the grid has
more than one cell.
"""

from __future__ import annotations

import math

import numpy as np
from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ...algorithms.gistar import CLASS_LEVELS, CORRECTIONS, GI_CLASSES, WEIGHTINGS, gi_star_for_events
from ...algorithms.events import EventSet
from ...algorithms.grid import Grid
from ...algorithms.inference import DEFAULT_PERMUTATIONS, INFERENCES
from ...algorithms.stats import fdr_cutoff
from ..io.pipeline import LoadedEvents
from ..reports.numbers import format_number, format_value
from ..styling.styles import BELOW_CLASSES_COLOUR, categorical_style, diverging_style
from ..i18n import tr
from .base import CrimeRiskAlgorithm

#: The neighbourhood used when NEIGHBOURHOOD is 0, in cell sizes.
AUTOMATIC_NEIGHBOURHOOD_CELLS = 2.0


class NeighbourhoodAlgorithm(CrimeRiskAlgorithm):
    """Shared parameters of the Gi*-based algorithms (no ``algorithm_id``: not listed itself)."""

    NEIGHBOURHOOD = "NEIGHBOURHOOD"
    WEIGHTS = "WEIGHTS"
    CORRECTION = "CORRECTION"
    HOT_CELLS = "HOT_CELLS"
    COLD_CELLS = "COLD_CELLS"
    NEIGHBOURHOOD_USED = "NEIGHBOURHOOD_USED"
    INFERENCE = "INFERENCE"
    PERMUTATIONS = "PERMUTATIONS"

    def add_neighbourhood_parameters(self, weights_advanced: bool = False) -> None:
        """NEIGHBOURHOOD (metres, 0 = two cell sizes), WEIGHTS and CORRECTION."""
        distance = QgsProcessingParameterDistance(self.NEIGHBOURHOOD, self.tr("Neighbourhood distance (metres)"),
                                                  0.0, minValue=0.0)
        self.add_parameter(distance, self.tr(
            "Cells whose centres lie within this distance of a cell's centre are its neighbours (the cell itself "
            "included). At least one cell size. 0 uses two cell sizes (the log gives the value). Choose the "
            "scale of the pattern you look for: a street block, a neighbourhood."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.WEIGHTS, self.tr("Neighbour weights"),
                                       options=[self.tr("Binary (every neighbour weighs 1)"),
                                                self.tr("Inverse distance (1/d in cells)")], defaultValue=0),
            self.tr("Binary: every neighbour counts fully (ArcGIS 'fixed distance band'). Inverse distance: a "
                    "neighbour d cells away weighs 1/d, distances floored at one cell."), advanced=weights_advanced)
        self.add_parameter(
            QgsProcessingParameterEnum(self.CORRECTION, self.tr("Multiple testing correction"),
                                       options=[self.tr("False discovery rate (Benjamini-Hochberg)"),
                                                self.tr("None (raw p-values)")], defaultValue=0),
            self.tr("Every cell is a test, so some cells pass by chance. The false discovery rate correction "
                    "(default) keeps the expected share of false hot and cold spots below the confidence level's "
                    "error rate; 'None' compares each raw p-value with 0.01, 0.05 and 0.10."))

    def add_inference_parameters(self) -> None:
        """INFERENCE (automatic / exact / permutation / normal), PERMUTATIONS and SEED."""
        self.add_parameter(
            QgsProcessingParameterEnum(self.INFERENCE, self.tr("Inference (how p-values are computed)"),
                                       options=[self.tr("Automatic (exact test where it applies)"),
                                                self.tr("Exact test (convolution of the count distribution)"),
                                                self.tr("Conditional permutations"),
                                                self.tr("Normal approximation of z")], defaultValue=0),
            self.tr("Automatic (default) runs the exact test, valid at any density; it falls back on the normal "
                    "approximation only for dense counts where it is adequate, else on permutations. Permutations: "
                    "random draws of the study area's counts, the smallest p-value is 1 / (permutations + 1). "
                    "Normal: the classic z-score p-value, too optimistic on sparse counts (false hot spots). The log "
                    "names the inference used."), advanced=True)
        self.add_parameter(QgsProcessingParameterNumber(self.PERMUTATIONS, self.tr("Permutations"),
                                                        QgsProcessingParameterNumber.Type.Integer, DEFAULT_PERMUTATIONS,
                                                        minValue=9, maxValue=99999),
                           self.tr("Random draws per neighbourhood when the permutation inference runs: 999 allows "
                                   "p = 0.001. Ignored by the exact and normal inferences."), advanced=True)
        self.add_seed_parameter()

    def inference_choice(self, parameters: dict, context) -> tuple[str, int, int]:
        """INFERENCE (as :data:`~...algorithms.inference.INFERENCES` spells it), PERMUTATIONS and SEED."""
        return (INFERENCES[self.parameterAsEnum(parameters, self.INFERENCE, context)],
                self.parameterAsInt(parameters, self.PERMUTATIONS, context),
                self.parameterAsInt(parameters, self.SEED, context))

    def neighbourhood_choice(self, parameters: dict, context, grid: Grid) -> tuple[float, str, str]:
        """(neighbourhood in metres, weighting, correction) as the algorithms/ modules spell them."""
        distance = self.parameterAsDouble(parameters, self.NEIGHBOURHOOD, context)
        if distance <= 0:
            distance = AUTOMATIC_NEIGHBOURHOOD_CELLS * grid.cell_size
        weighting = WEIGHTINGS[self.parameterAsEnum(parameters, self.WEIGHTS, context)]
        correction = CORRECTIONS[self.parameterAsEnum(parameters, self.CORRECTION, context)]
        return distance, weighting, correction

    def read_study_area(self, parameters: dict, context, feedback, time_required: bool,
                        window_band_days: float = 0.0,
                        window_band_parameter: str = "") -> tuple[LoadedEvents, Grid, EventSet, tuple[float, str, str]]:
        """Events, the grid (refused when it has a single cell), the events inside it and
        :meth:`neighbourhood_choice`. Events with a time window (where the algorithm declares
        TIME_END_FIELD) are placed at the middle of their window, its band ``window_band_days``."""
        loaded = self.read_events(parameters, context, feedback, time_required=time_required)
        if self.parameterDefinition(self.TIME_END_FIELD) is not None:
            loaded = self.at_window_middles(loaded, feedback, window_band_days, window_band_parameter)
        feedback.setProgress(20)
        with self.method_errors():
            grid, events = self.make_grid(loaded, parameters, context, feedback)
        self.check_several_cells(grid, len(events))
        return loaded, grid, events, self.neighbourhood_choice(parameters, context, grid)

    def log_inference(self, feedback, parameters: dict, mean_count: float) -> None:
        """Say which inference ran (from :func:`~...algorithms.gistar.inference_parameters` in
        ``parameters``) and warn when no cold spot can appear at this density."""
        method = parameters["inference_method"]
        names = {"exact": self.tr("exact test (convolution of the study area's count distribution)"),
                 "permutation": self.tr("conditional permutations ({} draws, seed {})").format(
                     parameters.get("permutations"), parameters.get("seed")),
                 "normal": self.tr("normal approximation of z")}
        feedback.pushInfo(self.tr("Inference: {}").format(names[method]))
        if parameters.get("values_rounded"):
            feedback.pushInfo(self.tr("The counts are not whole numbers: the exact test rounds them to steps of {}.")
                              .format(format_number(parameters["lattice_step"])))
        if not parameters["cold_spots_possible"]:
            feedback.pushWarning(self.tr(
                "No cold spot can appear at this density: with {} events per cell on average, even a neighbourhood "
                "without any event has a p-value of {} at best, above 0.10. The map shows hot spots only; use larger "
                "cells or a larger neighbourhood distance to look for cold spots.").format(
                    format_number(mean_count), format_number(parameters["lowest_possible_cold_spot_p"])))

    def check_several_cells(self, grid: Grid, n_events: int) -> None:
        """Gi* compares cells: a one-cell study area (all events in one cell) has no variance."""
        if grid.n_inside < 2:
            raise QgsProcessingException(self.tr(
                "All {} events fall in a single {} m grid cell, so there is nothing to compare: Gi* is undefined "
                "(zero variance). Use a smaller cell size, or give an extent or mask covering several cells."
            ).format(format_number(n_events), format_value(grid.cell_size)))


class GiStarAlgorithm(NeighbourhoodAlgorithm):
    algorithm_id = "gistar"
    display_name = "Hot spots (Gi*)"
    group_key = "hotspots"

    OUTPUT_Z = "OUTPUT_Z"
    OUTPUT_CLASSES = "OUTPUT_CLASSES"

    def class_labels(self) -> dict[int, str]:
        """Legend label of each Gi* class (the texts of ``GI_CLASSES``, translatable)."""
        return {
            3: self.tr("Hot spot, 99% confidence"),
            2: self.tr("Hot spot, 95% confidence"),
            1: self.tr("Hot spot, 90% confidence"),
            0: self.tr("Not significant"),
            -1: self.tr("Cold spot, 90% confidence"),
            -2: self.tr("Cold spot, 95% confidence"),
            -3: self.tr("Cold spot, 99% confidence"),
        }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=False)
        self.add_grid_parameters()
        self.add_neighbourhood_parameters()
        self.add_inference_parameters()
        self.add_style_parameter()
        self.add_parameter(QgsProcessingParameterRasterDestination(self.OUTPUT_Z, self.tr("Gi* z-scores")),
                           self.tr("GeoTIFF of the Gi* z-score of each cell (float32, nodata outside the study "
                                   "area), styled blue (cold) - white - red (hot)."))
        self.add_parameter(QgsProcessingParameterRasterDestination(self.OUTPUT_CLASSES, self.tr("Gi* classes")),
                           self.tr("GeoTIFF of the class of each cell: 3, 2, 1 hot spot at 99, 95, 90% confidence; "
                                   "0 not significant; -1, -2, -3 cold spot at 90, 95, 99% confidence. Styled with "
                                   "the usual red-to-blue legend."))
        self.addOutput(QgsProcessingOutputNumber(self.HOT_CELLS, self.tr("Hot spot cells (90% or more)")))
        self.addOutput(QgsProcessingOutputNumber(self.COLD_CELLS, self.tr("Cold spot cells (90% or more)")))
        self.addOutput(QgsProcessingOutputNumber(self.NEIGHBOURHOOD_USED, self.tr("Neighbourhood used (metres)")))

    def help_sections(self):
        return [
            ("", self.tr("Where do crime counts cluster more (hot spots) or less (cold spots) than chance would give? "
                         "Events are counted per grid cell and each cell's neighbourhood total is compared with the "
                         "study area's mean: the Getis-Ord Gi* statistic, as in ArcGIS 'Hot Spot Analysis' on a "
                         "fishnet of counts.")),
            (self.tr("Method"), self.tr(
                "For cell i, Gi* z = (sum_j w_ij x_j - mean x W_i) / (s sqrt((n S1_i - W_i²) / (n - 1))), with x the "
                "counts, n the cells of the study area, W_i the sum and S1_i the sum of squares of the neighbour "
                "weights (the cell itself included). A z above 0 means more events around the cell than average. "
                "With the false discovery rate correction a cell is in the 99 / 95 / 90% class when the "
                "Benjamini-Hochberg procedure at level 0.01 / 0.05 / 0.10 over all cells discovers it. Cells outside "
                "the mask are left out of the statistic.")),
            (self.tr("Significance test"), self.tr(
                "Null hypothesis: no spatial association, i.e. the counts of a neighbourhood are a random draw from "
                "the counts of the study area (total randomisation, Getis &amp; Ord 1992). By default the p-value is "
                "exact: the distribution of the neighbourhood total is the convolution of the study area's own "
                "count distribution (computed by FFT once per neighbourhood shape, full or cut by the edge or the "
                "mask, so skewed and overdispersed counts are handled as they are), drawn with replacement, which "
                "differs negligibly from without when the study area holds many more cells than a neighbourhood. "
                "Inverse-distance weights are rounded to multiples of 0.01 (0.1 at most on very large counts), "
                "fractional counts to 1/1000 of their range (the log says so). "
                "p-values are two-sided (twice the smaller tail, no mid-p), so the test never rejects more often "
                "than its level. The normal approximation of z, used by ArcGIS and earlier versions, is far too "
                "optimistic on sparse counts: at 0.02 events per cell two events within 300 m get p = 0.0006 where "
                "the exact probability is about 0.03. It runs only when asked, or automatically on dense counts "
                "whose neighbourhood totals are nearly symmetric. Permutations (Anselin 1995, as in GeoDa and "
                "PySAL) are offered too; their smallest p-value, 1 / (permutations + 1), makes few cells pass the "
                "false discovery rate correction on large grids.")),
            (self.tr("When not to trust the p-values"), self.tr(
                "Cold spots need a neighbourhood emptier than chance, which is impossible when counts are sparse: "
                "at 0.02 events per cell an empty 13-cell neighbourhood happens 77% of the time. The log then warns "
                "that no cold spot can appear; use larger cells or a larger neighbourhood. All tests assume the "
                "cells are exchangeable under the null: a strong trend across the city, or counts that reflect the "
                "population at risk, make many cells significant for reasons other than clustering. Neighbouring "
                "cells share events, so their tests are dependent; the false discovery rate correction still holds "
                "under this positive dependence. With the normal approximation on sparse counts, hot spots are "
                "over-reported.")),
            (self.tr("Outputs"), self.tr(
                "A z-score raster, a class raster (-3 .. 3) with the classic legend, the numbers of hot and cold "
                "cells, and in the log the neighbourhood, weights, number of cells, mean and standard deviation "
                "of the counts and the p-value cut-offs of the correction.")),
            (self.tr("Caveats"), self.tr(
                "Without an extent or mask the study area is the events' bounding box; give the real boundary as "
                "mask, or empty corners lower the mean and make hot spots easier to find. Results depend on the "
                "cell size and the neighbourhood distance: try two or three values. Recorded crime reflects "
                "reporting and patrol patterns as well as crime.")),
            (self.tr("References"), "Getis &amp; Ord (1992) <i>Geographical Analysis</i> 24, 189-206; Ord &amp; Getis "
                                    "(1995) <i>Geographical Analysis</i> 27, 286-306; Anselin (1995) <i>Geographical Analysis</i> "
                                    "27, 93-115; Benjamini &amp; Hochberg (1995) "
                                    "<i>JRSS B</i> 57, 289-300; Chainey (2014) <i>Examining the extent to which "
                                    "hotspot analysis can support spatial predictions of crime</i>, UCL."),
        ]

    def process(self, parameters, context, feedback):
        loaded, grid, events, choice = self.read_study_area(parameters, context, feedback, time_required=False)
        neighbourhood, weighting, correction = choice
        with self.method_errors():
            result = gi_star_for_events(events, grid, neighbourhood, weighting, correction,
                                        *self.inference_choice(parameters, context))
        result.parameters.update(significance_cutoffs(result.p[grid.inside], correction))
        feedback.setProgress(80)
        self.log_parameters(feedback, result.parameters)
        self.log_inference(feedback, result.parameters, result.parameters["mean_count"])
        self.check_cancelled(feedback)
        labels = self.class_labels()
        # "Not significant" is left unshaded (as KDE's rest), so the base map shows through.
        class_style = categorical_style([(code, colour if code else BELOW_CLASSES_COLOUR, labels[code])
                                         for code, _, _, colour in GI_CLASSES])
        z_path = self.write_surface([result.z_surface()], parameters, self.OUTPUT_Z, context, loaded.crs,
                                    style=diverging_style(), presentation=self.presentation(
                                        parameters, context, loaded, self.tr("Gi* z-score")))
        class_path = self.write_surface([result.class_surface()], parameters, self.OUTPUT_CLASSES, context,
                                        loaded.crs, style=class_style, presentation=self.presentation(
                                            parameters, context, loaded, self.tr("Gi* hot and cold spots")))
        feedback.setProgress(100)
        inside = result.classes[grid.inside]
        return {self.OUTPUT_Z: z_path, self.OUTPUT_CLASSES: class_path,
                self.HOT_CELLS: int(np.sum(inside > 0)), self.COLD_CELLS: int(np.sum(inside < 0)),
                self.NEIGHBOURHOOD_USED: neighbourhood}


def significance_cutoffs(p: np.ndarray, correction: str) -> dict[str, float | str]:
    """The p-value below which a cell enters each confidence class (BH cut-off, or the level itself)."""
    cutoffs: dict[str, float | str] = {}
    for level in CLASS_LEVELS:
        key = f"p_cutoff_{100 - round(100 * level)}pct"
        cutoff = fdr_cutoff(p, level) if correction == "fdr" else level
        cutoffs[key] = cutoff if math.isfinite(cutoff) else tr("no cell significant")
    return cutoffs
