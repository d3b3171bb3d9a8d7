"""``crimerisk:trends``: counts over time, seasonal profiles, Mann-Kendall trend and year-on-year change
per crime type (and per zone), as a table and an HTML report with charts."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterRasterDestination,
)

from ...algorithms.aoristic import aoristic_weights
from ...algorithms.events import EventSet, datetime64_from_days
from ...algorithms.hourprofile import fit_profiles, heat_table, no_events_around, peak_hour
from ...algorithms.shifts import WEEKDAY_NAMES, hour_of_week_counts
from ...algorithms.surface import RiskSurface
from ...algorithms.trends import ALL, SERIES_STEPS, TREND_TESTS, GroupTrends, TrendReport, temporal_trends
from ..reports.labels import (month_labels, step_label, trend_label, trend_test_label, trend_test_short,
                              weekday_labels)
from ..reports.numbers import format_number, format_share, signed_percent
from ..reports.html import HtmlReport, bar_chart, line_chart
from ..io.tables import write_table
from ...algorithms.zones import OUTSIDE, Zones, assign_zones
from ..io.zones import read_zones
from ..reports.shift_words import heat_table_html, hour_classes
from ..styling.styles import categorical_style
from .base import CrimeRiskAlgorithm

HOUR_COLUMNS = ["category", "zone", "weekday", "weekday_number", "hour", "events", "share"]

TABLE_COLUMNS = ["category", "zone", "events", "first_date", "last_date", "step", "steps", "mk_z", "p_value",
                 "trend", "sen_slope_per_step", "sen_slope_per_year", "last_12m", "previous_12m", "change_pct",
                 "previous_12m_complete", "trend_test", "variance_factor", "seasonal_p"]

#: The table's words for the trend directions of :mod:`...algorithms.trends`.
TREND_WORDS = {"increasing": "increasing", "decreasing": "decreasing", "no significant trend": "no trend"}

#: Room (pixels) for one label on a time axis.
LABEL_WIDTH = 90


class TrendsAlgorithm(CrimeRiskAlgorithm):
    algorithm_id = "trends"
    display_name = "Crime trends"
    group_key = "hotspots"

    STEP = "STEP"
    TREND_TEST = "TREND_TEST"
    ZONES = "ZONES"
    ZONE_FIELD = "ZONE_FIELD"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    OUTPUT_HTML = "OUTPUT_HTML"
    OUTPUT_HOURS = "OUTPUT_HOURS"
    OUTPUT_PEAK_HOUR = "OUTPUT_PEAK_HOUR"
    N_STEPS = "STEPS"
    GROUPS = "GROUPS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_event_parameters(time_required=True)
        self.add_time_window_parameters()
        self.add_parameter(
            QgsProcessingParameterEnum(self.STEP, self.tr("Time step"),
                                       options=[self.tr("Day"), self.tr("Week (Monday first)"),
                                                self.tr("Calendar month")],
                                       defaultValue=SERIES_STEPS.index("month")),
            self.tr("Step of the count series the trend test runs on. Only steps wholly inside the period count "
                    "(at least 3, 10 or more advised)."))
        self.add_parameter(
            QgsProcessingParameterEnum(self.TREND_TEST, self.tr("Trend test"),
                                       options=[self.tr("Automatic: seasonal Kendall where a seasonal cycle shows, "
                                                        "otherwise modified Mann-Kendall"),
                                                self.tr("Modified Mann-Kendall (corrected for serial correlation)"),
                                                self.tr("Seasonal Kendall (corrected for serial correlation)"),
                                                self.tr("Mann-Kendall without correction (not advised)")],
                                       defaultValue=0, optional=True),
            self.tr("Automatic (advised): for monthly and weekly series over at least two whole years, the seasonal "
                    "Kendall test for each row whose series has a seasonal cycle (Kruskal-Wallis, p <= 0.05), "
                    "otherwise the modified Mann-Kendall test. The uncorrected test flags about one trend-free "
                    "series in four when months are correlated; it is kept for comparison."),
            advanced=True)
        self.add_parameter(
            QgsProcessingParameterFeatureSource(self.ZONES, self.tr("Zones (polygons)"),
                                                [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            self.tr("Optional polygons (districts, beats): trends are also given per zone and per crime type in "
                    "each zone. Events are assigned to the zone that contains them, in the working CRS."))
        self.add_parameter(
            QgsProcessingParameterField(self.ZONE_FIELD, self.tr("Zone name field"), parentLayerParameterName=self.ZONES,
                                        optional=True),
            self.tr("Field naming each zone; polygons with the same value form one zone. Empty: each polygon is a "
                    "zone, named by its feature id."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_TABLE, self.tr("Trends table"),
                                              QgsProcessing.SourceType.TypeVector),
            self.tr("One row per crime type (and per zone, and per crime type in each zone; '(all)' rows for the "
                    "totals): events, first and last date, the trend test's z, p-value and trend, Sen's slope per step "
                    "and per year, the last 12 months against the 12 before, the change in %, and which trend test "
                    "ran (trend_test), its variance inflation for serial correlation and the p-value of the "
                    "seasonal-cycle test."))
        self.add_html_output(self.OUTPUT_HTML, self.tr("Trends report"), self.tr(
            "Optional HTML report: the table, the time series with its trend line, seasonal profiles (month of "
            "year, day of week, hour of day when times are known) and one small chart per crime type and zone."))
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_HOURS, self.tr("Hour x weekday table"),
                                              QgsProcessing.SourceType.TypeVector, optional=True,
                                              createByDefault=False),
            self.tr("Optional table of events by weekday and hour of day (the 'temporal heat map'): one row per "
                    "crime type (and zone) x weekday x hour, '(all)' rows for the totals. Events with a time window "
                    "(TIME_END_FIELD) count in each hour of their window in proportion to the time it covers "
                    "(aoristic weights), so the column events may hold fractions."))
        self.add_grid_parameters()
        for name in (self.CELL_SIZE, self.MAX_CELLS):  # added after models were saved without them
            definition = self.parameterDefinition(name)
            definition.setFlags(definition.flags() | QgsProcessingParameterDefinition.Flag.FlagOptional)
        self.add_parameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT_PEAK_HOUR, self.tr("Peak hour per cell"),
                                                    optional=True, createByDefault=False),
            self.tr("Optional raster: the hour of day (0-23) when each cell's events are most frequent, from its "
                    "hour-of-week profile shrunk towards its neighbourhood's (5 x 5 cells) and the whole area's by "
                    "empirical Bayes, so a cell with three events does not get a spiky profile. Styled with a "
                    "circular colour ramp (23:00 meets 00:00). Cells whose neighbourhood holds no event are "
                    "nodata. The grid parameters (cell size, extent, mask) apply to this raster only."))
        self.addOutput(QgsProcessingOutputNumber(self.N_STEPS, self.tr("Time steps in the trend test")))
        self.addOutput(QgsProcessingOutputNumber(self.GROUPS, self.tr("Rows of the table")))

    def help_sections(self):
        return [
            ("", self.tr("Is crime rising or falling, for which crime types and where, and when in the year, week "
                         "and day does it happen? Counts per day, week or month, the seasonal profiles, a trend "
                         "test and the change against the same period one year before.")),
            (self.tr("Method"), self.tr(
                "The trend test runs on the count series of complete steps. By default each row gets the modified "
                "Mann-Kendall test: the Mann-Kendall S (tie-corrected variance, continuity-corrected z, two-sided "
                "p) with its variance inflated for serial correlation (Hamed &amp; Rao 1998), the autocorrelation "
                "being modelled as an AR(1) signal seen through counting noise from the first two autocorrelations "
                "of the detrended series, corrected for their small-sample bias. Monthly and weekly series over at "
                "least two whole years whose counts show a seasonal cycle (Kruskal-Wallis test across the months "
                "of year, p <= 0.05) get the seasonal Kendall test instead (Hirsch, Slack &amp; Smith 1982): S is "
                "summed within each month (or week) of year over the most recent whole years, so the cycle cannot "
                "pass for a trend, and its variance includes the covariance between seasons from serial "
                "dependence (Hirsch &amp; Slack 1984), modelled the same way. 'increasing' or 'decreasing' when "
                "p <= 0.05. On simulated trend-free series of 36 months with correlated months (AR(1), 0.6) the "
                "default flags 5-7% of series, against 15-23% for the uncorrected test; a rise of 20% over three "
                "years is found about half the time at 50 events a month and four times in five at 100. The "
                "size is Sen's slope (seasonal Kendall slope for the seasonal test), the median of the pairwise "
                "slopes, in events per step and per year. The change compares the last 12 calendar months of the "
                "period with the same dates one year earlier. Seasonal profiles give events per day of each month "
                "of year and of each weekday, so that partial years do not bias them.") + " " + self.tr(
                "The hour x weekday tables count each event in the hour of its time; an event with a time window "
                "(TIME_END_FIELD) counts in every hour of its window in proportion to the real time it covers "
                "(aoristic analysis, Ratcliffe 2000, 2002), and so does the chart of events by hour of day. The "
                "counts over time and the trend test place such an event at the start of its window.")),
            (self.tr("Outputs"), self.tr(
                "A table that models can chain and an HTML report whose charts are inline SVG (no internet needed).")),
            (self.tr("Caveats"), self.tr(
                "With few steps (under about 24) no test can tell a slow drift from correlated noise well: the "
                "correction then makes the test cautious. Serial correlation stronger than an AR(1) of 0.6, or "
                "changing seasonality, can still make it too eager. A change in recording practice looks like a "
                "trend. "
                "'previous_12m_complete' is false when the data do not cover the whole previous year. Zones "
                "without any event have no row.")),
            (self.tr("References"), "Mann (1945) <i>Econometrica</i> 13, 245-259; Kendall (1975) <i>Rank Correlation "
                                    "Methods</i>; Sen (1968) <i>JASA</i> 63, 1379-1389; Hamed &amp; Rao (1998) "
                                    "<i>Journal of Hydrology</i> 204, 182-196; Hirsch, Slack &amp; Smith "
                                    "(1982) <i>Water Resources Research</i> 18, 107-121; Hirsch &amp; Slack (1984) "
                                    "<i>Water Resources Research</i> 20, 727-732; Kruskal &amp; Wallis (1952) "
                                    "<i>JASA</i> 47, 583-621."),
        ]

    def process(self, parameters, context, feedback):
        step = SERIES_STEPS[self.parameterAsEnum(parameters, self.STEP, context)]
        trend_test = TREND_TESTS[self.parameterAsEnum(parameters, self.TREND_TEST, context)]
        loaded = self.read_events(parameters, context, feedback, time_required=True)
        feedback.setProgress(30)
        events = loaded.events
        zones, zone_ids = self.zones_of_events(parameters, context, feedback, loaded)
        by_category = bool(self.parameterAsString(parameters, self.CATEGORY_FIELD, context))
        start, end = loaded.date_range
        with self.method_errors():
            report = temporal_trends(events, zones=zone_ids, by_category=by_category, trend_step=step,
                                     start=start, end=end, trend_test=trend_test)
        feedback.setProgress(70)
        self.log_parameters(feedback, report.parameters)
        feedback.pushInfo(self.tr("Trend test run: {}.").format(
            "; ".join(trend_test_label(name) for name in report.parameters["trend_tests_run"].split(", "))))
        self.check_cancelled(feedback)
        rows = table_rows(report, events, zone_ids, zones)
        table = write_table(self, parameters, self.OUTPUT_TABLE, context, rows, TABLE_COLUMNS)
        heat = hour_tables(events, zone_ids, zones, by_category, start, end)
        hours = None
        if parameters.get(self.OUTPUT_HOURS) not in (None, ""):
            hours = write_table(self, parameters, self.OUTPUT_HOURS, context, hour_rows(heat), HOUR_COLUMNS)
        peak = None
        if parameters.get(self.OUTPUT_PEAK_HOUR) not in (None, ""):
            peak = self.write_peak_hour(parameters, context, feedback, loaded)
        spread = heat[(ALL, ALL)].sum(axis=0) if events.t_end is not None else None
        html_report = self.html_report(report, rows, step, zones, spread)
        self.add_heat_tables(html_report, heat, events)
        html = self.write_report(html_report, parameters, self.OUTPUT_HTML, context)
        feedback.setProgress(100)
        return {self.OUTPUT_TABLE: table, self.OUTPUT_HTML: html, self.OUTPUT_HOURS: hours, self.OUTPUT_PEAK_HOUR: peak,
                self.N_STEPS: report.parameters["trend_steps"], self.GROUPS: len(rows)}

    def write_peak_hour(self, parameters, context, feedback, loaded) -> str:
        """The peak-hour raster of the events on the grid, with its fitted prior strengths in the log."""
        with self.method_errors():
            grid, events = self.make_grid(loaded, parameters, context, feedback)
            cell = grid.flat_index(events.x, events.y)
            profiles = fit_profiles(cell, aoristic_weights(events.t, events.t_end), grid.shape,
                                    event_weight=events.weight)
        first, last = events.time_span()
        start, end = float(np.floor(first)), float(np.floor(last)) + 1.0
        exposure = hour_of_week_counts(start, end) if end - start >= 7 else None
        hours = peak_hour(profiles, exposure).astype(np.float64)
        hours[no_events_around(cell, grid.shape, profiles.radius)] = np.nan
        feedback.pushInfo(self.tr("Peak hour per cell: hour-of-week profiles shrunk with a neighbourhood prior "
                                  "of {} events ({} of it pooled over the weekdays) and a whole-area prior of {} "
                                  "events, fitted by maximum marginal likelihood.").format(
            format_number(profiles.alpha_), format_share(profiles.pooling_), format_number(profiles.beta_)))
        surface = RiskSurface(hours, grid, "hour of day with the most events (0-23)",
                              {"profile_alpha": profiles.alpha_, "profile_beta": profiles.beta_,
                               "profile_weekday_pooling": profiles.pooling_, "neighbourhood_cells": (2 * profiles.radius + 1) ** 2})
        return self.write_surface([surface], parameters, self.OUTPUT_PEAK_HOUR, context, loaded.crs,
                                  style=categorical_style(hour_classes()), presentation=self.presentation(
                                      parameters, context, loaded, self.tr("Peak hour"), surface.units))

    def add_heat_tables(self, html: HtmlReport, heat: dict[tuple[str, str], np.ndarray], events: EventSet) -> None:
        """The hour x weekday tables in the report: all events, then each crime type and zone."""
        html.heading(self.tr("Hour and weekday"))
        windows = 0 if events.t_end is None else int(np.isfinite(events.t_end).sum())
        html.paragraph(self.tr("Events by weekday and hour of day; darker cells hold more events. {} events with a "
                               "time window count in each hour of their window in proportion to the time it covers "
                               "(aoristic analysis, Ratcliffe 2002). Dates without a clock time all fall at "
                               "00:00. Hover over a cell for its count; the table output holds every crime type "
                               "in every zone.").format(format_number(windows)), note=True)
        for (category, zone), table in heat.items():
            if category != ALL and zone != ALL:
                continue  # crime type by zone: in the table output only, to keep the report short
            title = " – ".join(part for part in (category if category != ALL else self.tr("All events"),
                                                 self.tr("zone {}").format(zone) if zone != ALL else "") if part)
            html.markup(heat_table_html(table, title))

    def zones_of_events(self, parameters, context, feedback, loaded) -> tuple[Zones | None, np.ndarray | None]:
        """The zones (or None) and the zone index of each event; refuses zones that hold no event."""
        source = self.parameterAsSource(parameters, self.ZONES, context)
        if source is None:
            return None, None
        zones = read_zones(source, self.parameterAsString(parameters, self.ZONE_FIELD, context), loaded.crs, context)
        zone_ids = assign_zones(loaded.events.x, loaded.events.y, zones)
        outside = int(np.sum(zone_ids == OUTSIDE))
        if outside == zone_ids.size:
            raise QgsProcessingException(self.tr(
                "No event lies inside any of the {} zones. Check that the zones overlap the events (and their CRS)."
            ).format(len(zones)))
        feedback.pushInfo(self.tr("{} zones; {} events lie outside every zone (they count only in the '(all)' "
                                  "rows).").format(len(zones), outside))
        return zones, zone_ids

    # --- report ---------------------------------------------------------------------------------------
    def row_in_words(self, row: dict) -> dict:
        """A table row as the report shows it: the totals, the time step and the trend in the reader's words
        (the table output keeps the identifiers)."""
        trends = {"increasing": self.tr("increasing"), "decreasing": self.tr("decreasing"),
                  "no trend": self.tr("no trend")}
        totals = {ALL: self.tr("(all)")}
        return {**row, "category": totals.get(row["category"], row["category"]),
                "zone": totals.get(row["zone"], row["zone"]), "step": step_label(row["step"]),
                "trend": trends.get(row["trend"], row["trend"])}

    def html_report(self, report: TrendReport, rows: list[dict], step: str, zones: Zones | None,
                    by_hour: np.ndarray | None = None) -> HtmlReport:
        """The report; ``by_hour`` replaces the events-by-hour chart's counts (aoristic when windows exist)."""
        p = report.parameters
        html = HtmlReport(self.tr("Crime trends and seasonality"),
                          self.tr("{} to {}, trend on {} complete {} steps").format(
                              p["period_start"], p["period_end"], p["trend_steps"], step_label(step)))
        overall = report.groups[0]
        html.answer(self.answer_sentences(overall, step),
                    trend_chart(overall, step, self.tr("Events per {}").format(step_label(step)), self.tr("events"),
                                self.tr("trend (Sen's slope)")))
        html.heading(self.tr("Summary"))
        html.table([self.row_in_words(row) for row in rows], TABLE_COLUMNS, keep=2)
        html.heading(self.tr("All events over time"))
        html.paragraph(self.tr("Trend: {}, {} on {} steps, z = {}, p = {}; slope {} events per {} ({} per year). "
                               "Only complete steps are shown.").format(
            trend_label(overall.trend.direction), trend_test_label(overall.trend.test), overall.trend.n_steps,
            format_number(overall.trend.z), format_number(overall.trend.p),
            format_number(overall.trend.slope_per_step), step_label(step),
            format_number(overall.trend.slope_per_year)), note=True)
        html.heading(self.tr("Seasonality (all events)"))
        html.charts(self.seasonal_charts(overall, by_hour))
        for title, groups in ((self.tr("By crime type"), [g for g in report.groups if g.category and g.zone is None]),
                              (self.tr("By zone"), [g for g in report.groups if g.zone is not None and not g.category])):
            if groups:
                html.heading(title)
                html.charts([trend_chart(g, step, self.group_name(g, zones), self.tr("events"),
                                         self.tr("trend"), width=340, height=190) for g in groups])
        html.heading(self.tr("Parameters"))
        html.key_values({**p, "trend_step": step_label(p["trend_step"]),
                         "trend_test": trend_test_short(p["trend_test"]),
                         "trend_tests_run": "; ".join(trend_test_short(name)
                                                      for name in p["trend_tests_run"].split(", "))})
        html.paragraph(self.tr("Recorded crime reflects reporting and patrol patterns as well as crime. Trend tests "
                               "run: {}. The trend test column names the test of each row.").format(
            "; ".join(trend_test_label(name) for name in p["trend_tests_run"].split(", "))), note=True)
        return html

    def answer_sentences(self, group: GroupTrends, step: str) -> list[str]:
        """The trend of all events and the last 12 months against the 12 before, in words."""
        trend = group.trend
        sentences = [self.tr("All events: {} over {} complete {} steps ({}, p = {}); Sen's slope: {} events per "
                             "year.").format(trend_label(trend.direction), trend.n_steps, step_label(step),
                                             trend_test_label(trend.test), format_number(trend.p),
                                             format_number(trend.slope_per_year))]
        change = group.change
        if change.previous_covered and math.isfinite(change.percent_change):
            sentences.append(self.tr("The last 12 months had {} events against {} in the 12 months before ({}).").format(
                format_number(change.count), format_number(change.previous_count),
                signed_percent(change.percent_change)))
        return sentences

    def seasonal_charts(self, group: GroupTrends, by_hour: np.ndarray | None = None) -> list[str]:
        season = group.seasonal
        if season.by_hour is not None and by_hour is not None:
            season = replace(season, by_hour=by_hour)
        charts = [bar_chart(month_labels(), list(per_day(season.by_month, season.month_days)),
                            self.tr("Events per day, by month")),
                  bar_chart(weekday_labels(), list(per_day(season.by_weekday, season.weekday_days)),
                            self.tr("Events per day, by weekday"))]
        if season.by_hour is not None:
            charts.append(bar_chart([str(h) if h % 3 == 0 else "" for h in range(24)], list(season.by_hour),
                                    self.tr("Events by hour of day"), width=480))
        return charts

    def group_name(self, group: GroupTrends, zones: Zones | None) -> str:
        parts = [group.category] if group.category else []
        if group.zone is not None and zones is not None:
            parts.append(self.tr("zone {}").format(zones.labels[group.zone]))
        return " – ".join(parts)


def per_day(counts: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Counts divided by the number of days (NaN where no day of that kind is in the period)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(days > 0, counts / np.maximum(days, 1), np.nan)


def trend_chart(group: GroupTrends, step: str, title: str, series_name: str, trend_name: str,
                width: int = 640, height: int = 260) -> str:
    """Line chart of a group's complete steps with its Sen's slope line dashed."""
    series = group.series[step]
    columns = np.nonzero(series.complete)[0]
    fitted = group.trend.intercept + group.trend.slope_per_step * np.arange(columns.size)
    ticks = columns[::max(1, math.ceil(columns.size * LABEL_WIDTH / width))]
    return line_chart({series_name: (columns.tolist(), series.counts[columns].tolist()),
                       trend_name: (columns.tolist(), fitted.tolist())},
                      title=title, x_labels={float(c): series.labels[c] for c in ticks}, width=width, height=height,
                      dashed=[trend_name])


def _iso_day(day: float) -> str:
    return str(datetime64_from_days(day).astype("datetime64[D]"))


def hour_tables(events: EventSet, zone_ids: np.ndarray | None, zones: Zones | None, by_category: bool,
                start: float | None, end: float | None) -> dict[tuple[str, str], np.ndarray]:
    """Weekday x hour tables keyed by (crime type, zone), '(all)' for totals, aoristic-weighted
    where events have a time window, over the events of the period."""
    keep = np.ones(len(events), dtype=bool)
    if start is not None:
        keep &= events.t >= start
    if end is not None:
        keep &= events.t < end
    events = events.subset(keep)
    weights = aoristic_weights(events.t, events.t_end)
    tables = {(ALL, ALL): heat_table(weights, event_weight=events.weight)[""]}
    if by_category:
        for name, table in heat_table(weights, events.category, events.weight).items():
            tables[(name, ALL)] = table
    if zones is not None:
        ids = zone_ids[keep]
        labels = np.array([zones.labels[i] if i != OUTSIDE else "" for i in ids], dtype=object)
        for name, table in heat_table(weights, labels, events.weight).items():
            if name:
                tables[(ALL, name)] = table
        if by_category:
            both = np.array([f"{c}\x1f{z}" if z else "" for c, z in zip(events.category.astype(str), labels)],
                            dtype=object)
            for name, table in heat_table(weights, both, events.weight).items():
                if name:
                    category, zone = name.split("\x1f")
                    tables[(category, zone)] = table
    return tables


def hour_rows(tables: dict[tuple[str, str], np.ndarray]) -> list[dict]:
    """Long table rows: one per (crime type, zone) x weekday x hour."""
    rows = []
    for (category, zone), table in tables.items():
        total = float(table.sum())
        for day in range(7):
            for hour in range(24):
                value = float(table[day, hour])
                rows.append({"category": category, "zone": zone, "weekday": WEEKDAY_NAMES[day],
                             "weekday_number": day + 1, "hour": hour, "events": value,
                             "share": value / total if total > 0 else 0.0})
    return rows


def table_rows(report: TrendReport, events: EventSet, zone_ids: np.ndarray | None,
               zones: Zones | None) -> list[dict]:
    """One table row per group of the report, with the zone label and the first and last event date."""
    in_period = (events.t >= report.start) & (events.t < report.end)
    names = events.category.astype(str)
    rows = []
    for group, summary in zip(report.groups, report.summary_rows()):
        member = in_period.copy()
        if group.category is not None:
            member &= names == group.category
        if group.zone is not None:
            member &= zone_ids == group.zone
        times = events.t[member]
        rows.append({
            "category": summary["category"],
            "zone": ALL if group.zone is None else zones.labels[group.zone],
            "events": summary["events"],
            "first_date": _iso_day(times.min()) if times.size else None,
            "last_date": _iso_day(times.max()) if times.size else None,
            "step": summary["trend_step"], "steps": summary["steps"],
            "mk_z": summary["mk_z"], "p_value": summary["mk_p"], "trend": TREND_WORDS[summary["trend"]],
            "sen_slope_per_step": summary["sen_slope_per_step"],
            "sen_slope_per_year": summary["sen_slope_per_year"],
            "last_12m": summary["count"], "previous_12m": summary["previous_count"],
            "change_pct": summary["percent_change"] if math.isfinite(summary["percent_change"]) else None,
            "previous_12m_complete": summary["previous_covered"],
            "trend_test": summary["trend_test"], "variance_factor": summary["variance_factor"],
            "seasonal_p": summary["seasonal_p"] if math.isfinite(summary["seasonal_p"]) else None,
        })
    return rows
