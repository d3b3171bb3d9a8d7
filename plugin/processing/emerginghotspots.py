"""``crimerisk:emerginghotspots``: space-time Gi* and Mann-Kendall trends, 17 categories per cell."""

from __future__ import annotations

import html
import math

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ...algorithms.emerging import CATEGORIES, DEFAULT_MIN_STEPS, emerging_hot_spots_for_events
from ...algorithms.grid import Grid
from ...algorithms.timesteps import ALIGNMENTS, STEPS, STEPS_PER_YEAR, event_period, period_steps
from ..reports.labels import step_label
from ..reports.numbers import format_number
from ..styling.styles import BELOW_CLASSES_COLOUR, categorical_style, diverging_style
from ..io.tables import write_table
from .gistar import NeighbourhoodAlgorithm

TABLE_COLUMNS = ["code", "category", "cells", "share"]
#: Bytes of working memory per bin (cell x step) of emerging hot spots, besides the counts (float32
#: z and p, int8 direction, three bool masks, float32 trend series and temporaries; measured about
#: 13 on 500 x 500 cells x 104 weeks).
CUBE_BYTES_PER_BIN = 20
#: Working memory the cube may take per cell of the grid guard (MAX_CELLS): 2 GB at 50 million.
CUBE_BYTES_PER_ALLOWED_CELL = 40


class EmergingHotSpotsAlgorithm(NeighbourhoodAlgorithm):
    algorithm_id = "emerginghotspots"
    display_name = "Emerging hot spots"
    group_key = "hotspots"

    TIME_STEP = "TIME_STEP"
    TIME_NEIGHBOURS = "TIME_NEIGHBOURS"
    TIME_ALIGNMENT = "TIME_ALIGNMENT"
    OUTPUT_CATEGORIES = "OUTPUT_CATEGORIES"
    OUTPUT_TREND = "OUTPUT_TREND"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    N_STEPS = "STEPS"

    def category_names(self) -> dict[int, str]:
        """Name of each category (the names of ``emerging.CATEGORIES``, translatable)."""
        return {
            0: self.tr("No pattern detected"),
            1: self.tr("New hot spot"),
            2: self.tr("Consecutive hot spot"),
            3: self.tr("Intensifying hot spot"),
            4: self.tr("Persistent hot spot"),
            5: self.tr("Diminishing hot spot"),
            6: self.tr("Sporadic hot spot"),
            7: self.tr("Oscillating hot spot"),
            8: self.tr("Historical hot spot"),
            -1: self.tr("New cold spot"),
            -2: self.tr("Consecutive cold spot"),
            -3: self.tr("Intensifying cold spot"),
            -4: self.tr("Persistent cold spot"),
            -5: self.tr("Diminishing cold spot"),
            -6: self.tr("Sporadic cold spot"),
            -7: self.tr("Oscillating cold spot"),
            -8: self.tr("Historical cold spot"),
        }

    def category_rules(self) -> dict[int, str]:
        """Rule of each category in plain words (the rules of ``emerging.CATEGORIES``, translatable)."""
        return {
            0: self.tr("None of the rules below applies (this includes cells that are not significant at the "
                       "final time step and hot or cold in less than 90% of the time steps)."),
            1: self.tr("Hot at the final time step only: never a hot or cold spot before."),
            2: self.tr("Hot in one unbroken run of at least two time steps ending at the final step; never hot "
                       "before that run, never cold, hot in less than 90% of the time steps."),
            3: self.tr("Hot in at least 90% of the time steps, including the final one, and its neighbourhood's "
                       "counts rise: significant upward trend."),
            4: self.tr("Hot in at least 90% of the time steps, including the final one, with no significant "
                       "trend in its neighbourhood's counts."),
            5: self.tr("Hot in at least 90% of the time steps, including the final one, and its neighbourhood's "
                       "counts fall: significant downward trend."),
            6: self.tr("Hot at the final time step and on and off before (an earlier hot step apart from the "
                       "final run); never cold, hot in less than 90% of the time steps."),
            7: self.tr("Hot at the final time step, cold at some earlier step, hot in less than 90% of the time "
                       "steps."),
            8: self.tr("Not significant at the final time step, but hot in at least 90% of the time steps."),
            -1: self.tr("Cold at the final time step only: never a hot or cold spot before."),
            -2: self.tr("Cold in one unbroken run of at least two time steps ending at the final step; never "
                        "cold before that run, never hot, cold in less than 90% of the time steps."),
            -3: self.tr("Cold in at least 90% of the time steps, including the final one, and its "
                        "neighbourhood's counts fall (ever colder): significant downward trend."),
            -4: self.tr("Cold in at least 90% of the time steps, including the final one, with no significant "
                        "trend in its neighbourhood's counts."),
            -5: self.tr("Cold in at least 90% of the time steps, including the final one, and its "
                        "neighbourhood's counts rise (less cold): significant upward trend."),
            -6: self.tr("Cold at the final time step and on and off before (an earlier cold step apart from the "
                        "final run); never hot, cold in less than 90% of the time steps."),
            -7: self.tr("Cold at the final time step, hot at some earlier step, cold in less than 90% of the "
                        "time steps."),
            -8: self.tr("Not significant at the final time step, but cold in at least 90% of the time steps."),
        }

    def step_names(self) -> list[str]:
        return [self.tr("Day"), self.tr("Week (Monday first)"), self.tr("Calendar month"), self.tr("Quarter"),
                self.tr("Year")]

    def alignment_names(self) -> list[str]:
        """Names of :data:`.timesteps.ALIGNMENTS`, in that order."""
        return [self.tr("Complete calendar steps only"), self.tr("Whole steps ending with the data"),
                self.tr("All calendar steps, incomplete ones included")]

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_time_window_parameters()
        self.add_grid_parameters(default_cell_size=300.0)
        self.add_parameter(
            QgsProcessingParameterEnum(self.TIME_STEP, self.tr("Time step"), options=self.step_names(),
                                       defaultValue=STEPS.index("month")),
            self.tr("Length of one slice of the space-time cube, aligned on the calendar. The period must hold at "
                    "least {} steps (the trend test needs them): use a shorter step for a short period.").format(
                DEFAULT_MIN_STEPS))
        self.add_parameter(
            QgsProcessingParameterEnum(self.TIME_ALIGNMENT, self.tr("Time steps kept"),
                                       options=self.alignment_names(), defaultValue=0),
            self.tr("Complete calendar steps only (default): a step the period covers only in part (e.g. the "
                    "month in which the data start or end) is left out, and the log names it. Whole steps ending "
                    "with the data: steps of the chosen length are counted back from the day after the last "
                    "event (as ArcGIS 'Create Space Time Cube' with end time alignment), and the incomplete piece "
                    "at the start is left out. All calendar steps: incomplete first and last steps are kept (a "
                    "short last step looks cold and gives false 'historical' and trend categories)."),
            advanced=True)
        self.add_neighbourhood_parameters(weights_advanced=True)
        self.add_parameter(
            QgsProcessingParameterNumber(self.TIME_NEIGHBOURS, self.tr("Time neighbours (previous steps)"),
                                         QgsProcessingParameterNumber.Type.Integer, 1, minValue=0),
            self.tr("Number of previous time steps in each bin's neighbourhood (ArcGIS 'neighbourhood time step' "
                    "minus one). 0 judges each step on its own; 1 (default) smooths over the step before."))
        self.add_inference_parameters()
        self.add_style_parameter()
        self.add_parameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT_CATEGORIES, self.tr("Emerging hot spot categories")),
            self.tr("GeoTIFF of the category code of each cell (1 to 8 hot, -1 to -8 cold, 0 no pattern; see the "
                    "rules in the help), styled with the usual colours and labels."))
        self.add_parameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT_TREND, self.tr("Trend of the neighbourhood counts")),
            self.tr("GeoTIFF of the trend z of each cell: the Mann-Kendall test of its neighbourhood's event "
                    "counts per step, corrected for serial correlation (see the help). Above 1.96 rising (getting "
                    "hotter), below -1.96 falling, at the 5% level."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_TABLE, self.tr("Cells per category"),
                                              QgsProcessing.SourceType.TypeVector),
            self.tr("Table with one row per category (all 17): code, category, number of cells and share of the "
                    "study area's cells."))
        self.addOutput(QgsProcessingOutputNumber(self.N_STEPS, self.tr("Number of time steps")))
        self.addOutput(QgsProcessingOutputNumber(self.HOT_CELLS, self.tr("Cells in a hot spot category")))
        self.addOutput(QgsProcessingOutputNumber(self.COLD_CELLS, self.tr("Cells in a cold spot category")))
        self.addOutput(QgsProcessingOutputNumber(self.NEIGHBOURHOOD_USED, self.tr("Neighbourhood used (metres)")))

    def help_sections(self):
        names, rules = self.category_names(), self.category_rules()
        escape = lambda text: html.escape(text, quote=False)  # noqa: E731 (the rules hold apostrophes)
        items = "".join(f"<li><b>{escape(names[c.code])}</b> ({c.code}): {escape(rules[c.code])}</li>"
                        for c in CATEGORIES)
        return [
            ("", self.tr("Which hot spots are new, growing, persistent, fading or gone? Events are counted per grid "
                         "cell and time step (a space-time cube); each bin gets a space-time Gi* z-score and each "
                         "cell's series of z-scores a Mann-Kendall trend; the pattern of hot and cold bins over time "
                         "puts every cell in one of 17 categories, as ArcGIS 'Emerging Hot Spot Analysis' does.")),
            (self.tr("Method"), self.tr(
                "Space-time Gi*: a bin's neighbourhood is the cells within the neighbourhood distance in the same "
                "step and in the chosen number of previous steps; the mean and standard deviation are those of all "
                "bins of the study area. A bin is hot (cold) when its z is positive (negative) and significant at "
                "5% after the correction, applied over all bins of the cube. The final step decides first: a cell "
                "hot at the final step can only be a hot category.")),
            (self.tr("Significance test"), self.tr(
                "The p-value of a bin comes from the inference chosen in the advanced parameters. By default it "
                "is exact: the distribution of the bin's neighbourhood total (cells x time steps) is the "
                "convolution of the count distribution of all bins of the cube, valid at any density (see the "
                "Gi* help). The normal approximation of z, as in ArcGIS, finds too many hot bins on sparse counts; "
                "permutations are seeded and their smallest p-value, 1 / (permutations + 1), lets few bins pass "
                "the correction on large cubes. The log names the inference used. The cube is worked through a few "
                "time steps at a time; the memory guard counts cells x time steps.")),
            (self.tr("Time steps"), self.tr(
                "By default only complete calendar steps enter the cube: the step in which the data (or the date "
                "filter) start or end part-way is left out, and the log names the days left out. An incomplete "
                "step holds fewer events, so it would look cold and make a steady hot spot read as historical or "
                "diminishing. Choose 'Whole steps ending with the data' to keep the most recent days (steps are "
                "then counted back from the day after the last event).")),
            (self.tr("Trend test"), self.tr(
                "Intensifying, persistent and diminishing are told apart by the Mann-Kendall test (Mann 1945, "
                "Kendall 1975) at the 5% level, run on each cell's neighbourhood counts per step (the weighted "
                "event count within the neighbourhood distance, each step on its own). Unlike the Gi* z-scores, "
                "these counts have no truncated first steps and successive steps share no events. Serial "
                "correlation (busy months following busy months) inflates the variance of the Mann-Kendall "
                "statistic (Hamed and Rao 1998), and estimates of it from a single series of 20 to 40 steps are far "
                "too low. The variance is therefore multiplied by a factor pooled over groups of about 50 cells with "
                "similar counts: the spread of the difference between the Mann-Kendall z of each cell's first and "
                "second halves (a steady trend cancels out, so trending cells do not inflate it), never decreasing "
                "as counts grow, extended from half the steps to all of them, never below 1. The log gives the "
                "factors used. Assumptions: cells with similar counts share the same serial correlation, which "
                "fades roughly geometrically from one step to the next. The p-values are not to be trusted with "
                "fewer than about 10 steps, with only a few hundred cells or fewer (the factor is then poorly "
                "estimated), when many cells change abruptly halfway through the period, or when the whole study "
                "area swings up or down together (a city-wide swing is not corrected for: look at it with the Trends "
                "algorithm).")),
            (self.tr("Uncertain times"), self.tr(
                "With a window end field (TIME_END_FIELD), an event known only to have happened within a window "
                "(a burglary between 08:00 and 18:30) counts in the time step that holds the middle of its window. "
                "The log counts the windows and their median length, and warns when more than a tenth of them are "
                "longer than a time step: their step is then uncertain (Ratcliffe 2002).")),
            (self.tr("Categories"), f"<ul>{items}</ul>"),
            (self.tr("Outputs"), self.tr(
                "The category raster, the trend raster, a table of cells per category, the number of time steps; "
                "the log gives the period, the steps, the cube's mean and standard deviation and the number of "
                "hot and cold bins.")),
            (self.tr("Caveats"), self.tr(
                "Categories depend on the cell size, neighbourhood and time step; about 10 or more steps are "
                "needed for a meaningful trend. Hot and cold bins are tested over the whole cube: with many "
                "steps, a weak hot spot may be missed at some steps and fall below the 90% rule.")),
            (self.tr("References"), "Esri, <i>How Emerging Hot Spot Analysis works</i> (ArcGIS Pro documentation); "
                                    "Ord &amp; Getis (1995) <i>Geographical Analysis</i> 27, 286-306; Mann (1945) "
                                    "<i>Econometrica</i> 13, 245-259; Kendall (1975) <i>Rank Correlation Methods</i>; "
                                    "Hamed &amp; Rao (1998) <i>Journal of Hydrology</i> 204, 182-196; "
                                    "Benjamini &amp; Hochberg (1995) <i>JRSS B</i> 57, 289-300; Esri, <i>Create Space "
                                    "Time Cube By Aggregating Points</i> (time step alignment)."),
        ]

    def process(self, parameters, context, feedback):
        step = STEPS[self.parameterAsEnum(parameters, self.TIME_STEP, context)]
        alignment = ALIGNMENTS[self.parameterAsEnum(parameters, self.TIME_ALIGNMENT, context)]
        time_neighbours = self.parameterAsInt(parameters, self.TIME_NEIGHBOURS, context)
        loaded, grid, events, choice = self.read_study_area(parameters, context, feedback, time_required=True,
                                                            window_band_days=365.2425 / STEPS_PER_YEAR[step],
                                                            window_band_parameter=self.TIME_STEP)
        neighbourhood, weighting, correction = choice
        inference, permutations, seed = self.inference_choice(parameters, context)
        with self.method_errors():
            start, end = loaded.date_range
            n_steps = period_steps(*event_period(events, start, end), step, alignment)[0].size - 1
        self.check_cube_memory(grid, n_steps, self.parameterAsInt(parameters, self.MAX_CELLS, context))
        with self.method_errors():
            result = emerging_hot_spots_for_events(events, grid, neighbourhood, step, time_neighbours, weighting,
                                                   correction=correction, start=start, end=end,
                                                   alignment=alignment,
                                                   progress=self.progress_callback(feedback, 20.0, 80.0),
                                                   inference=inference, permutations=permutations, seed=seed)
        feedback.pushInfo(self.tr("{} time steps of one {}, from {} to {}.").format(
            result.n_steps, step_label(step), result.parameters["first_step"], result.parameters["last_step"]))
        if result.parameters["left_out"]:
            feedback.pushInfo(self.tr("Left out as incomplete time steps (their events are not counted): {}.").format(
                result.parameters["left_out"]))
        feedback.pushInfo(self.tr("Trend test: Mann-Kendall on each cell's neighbourhood counts per step, its "
                                  "variance multiplied by a factor estimated from cells with similar counts "
                                  "(median factor {}, largest {}).").format(
            format_number(result.parameters["trend_variance_factor_median"]),
            format_number(result.parameters["trend_variance_factor_max"])))
        self.log_parameters(feedback, result.parameters)
        self.log_inference(feedback, result.parameters, result.parameters["mean_count_per_bin"])
        feedback.setProgress(80)
        self.check_cancelled(feedback)
        names = self.category_names()
        rows = self.table_rows(result.category_rows(), grid.n_inside)
        # "No pattern detected" is see-through, as Gi*'s not significant: the streets and outline show beneath.
        style = categorical_style([(c.code, c.colour if c.code else BELOW_CLASSES_COLOUR, names[c.code])
                                   for c in CATEGORIES])
        categories_path = self.write_surface([result.category_surface()], parameters, self.OUTPUT_CATEGORIES,
                                             context, loaded.crs, style=style, presentation=self.presentation(
                                                 parameters, context, loaded, self.tr("Emerging hot spots")))
        trend_path = self.write_surface([result.trend_surface()], parameters, self.OUTPUT_TREND, context,
                                        loaded.crs, style=diverging_style(), presentation=self.presentation(
                                            parameters, context, loaded, self.tr("Hot spot trend (z)")))
        table = write_table(self, parameters, self.OUTPUT_TABLE, context, rows, TABLE_COLUMNS)
        feedback.setProgress(100)
        codes = result.categories[grid.inside]
        return {self.OUTPUT_CATEGORIES: categories_path, self.OUTPUT_TREND: trend_path, self.OUTPUT_TABLE: table,
                self.N_STEPS: result.n_steps, self.HOT_CELLS: int(np.sum(codes > 0)),
                self.COLD_CELLS: int(np.sum(codes < 0)), self.NEIGHBOURHOOD_USED: neighbourhood}

    def check_cube_memory(self, grid: Grid, n_steps: int, max_cells: int) -> None:
        """Refuse a space-time cube whose working memory (the counts, then z, p-values, directions,
        significance and trend series of every bin: :data:`CUBE_BYTES_PER_BIN`) passes
        ``max_cells * CUBE_BYTES_PER_ALLOWED_CELL``, naming a cell size and a number of steps that fit."""
        budget = max_cells * CUBE_BYTES_PER_ALLOWED_CELL
        need = n_steps * (grid.n_inside * CUBE_BYTES_PER_BIN + grid.n_cells * 4)
        if need <= budget:
            return
        fitting_size = math.ceil(grid.cell_size * math.sqrt(need / budget))
        fitting_steps = int(budget // max(1, grid.n_inside * CUBE_BYTES_PER_BIN + grid.n_cells * 4))
        raise QgsProcessingException(self.tr(
            "The space-time cube would hold {} bins ({} cells x {} time steps), about {} MB of working memory, "
            "more than the memory guard allows ({} MB for a largest grid of {} cells). Use cells of {} m or more, "
            "or at most {} time steps (a longer time step or a shorter period), or raise 'Largest grid allowed'."
        ).format(format_number(grid.n_inside * n_steps), format_number(grid.n_inside), n_steps,
                 format_number(math.ceil(need / 2**20)), format_number(budget // 2**20),
                 format_number(max_cells), format_number(fitting_size), format_number(fitting_steps)))

    def table_rows(self, category_rows: list[dict], n_cells: int) -> list[dict]:
        """Code, translated category name, cells and share of the study area's cells."""
        names = self.category_names()
        return [{"code": row["code"], "category": names[row["code"]], "cells": row["cells"],
                 "share": row["cells"] / n_cells} for row in category_rows]
