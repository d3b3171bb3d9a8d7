"""Shift forecasts from whole-period forecasts: any method times each cell's shift share.

A method forecasts the expected events per cell over ``[as_of, as_of + horizon)``. Its
shift version multiplies that by the share of each cell's events expected within the
shift's hours over the horizon, from the hour-of-week profiles of the events before
``as_of`` (:mod:`.hourprofile`: cell -> neighbourhood -> whole area, empirical Bayes;
events with a time window spread by aoristic weights). Events are scored in a shift by
the share of their (aoristic) weight that falls in its hours (:func:`shift_share_of_events`).
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from .aoristic import aoristic_weights
from .events import EventSet
from .grid import Grid
from .hourprofile import DEFAULT_RADIUS, ShrunkProfiles, fit_profiles, forecast_in_shift
from .shifts import Shift, hour_of_week_counts
from .surface import RiskSurface

__all__ = ["SHIFT_MARK", "shift_share_of_events", "profiles_before", "shift_forecast", "shift_surfaces",
           "risk_in_shifts", "with_shift_variants"]

#: Between a method's name and its shift in the name of the shift version (``kde@22-06``).
SHIFT_MARK = "@"

Method = Callable[[EventSet, Grid, float, float], Any]


def shift_share_of_events(events: EventSet, shift: Shift) -> np.ndarray:
    """Share (0-1) of each event's weight within the shift: 1 or 0 for an event with one time,
    the aoristic share of its window otherwise."""
    weights = aoristic_weights(events.t, events.t_end)
    inside = shift.contains_bins(weights.bin)
    return weights.per_event(np.where(inside, weights.weight, 0.0))


def profiles_before(events: EventSet, grid: Grid, as_of: float,
                    radius: int = DEFAULT_RADIUS) -> tuple[ShrunkProfiles, np.ndarray | None]:
    """Profiles of the events before ``as_of`` on ``grid`` and how often each hour of the week
    occurred in their period (None when it spans less than a week)."""
    past = events.before(as_of)
    if len(past) == 0:
        raise ValueError("no event before the forecast start: there is no hour-of-week profile to learn")
    weights = aoristic_weights(past.t, past.t_end)
    profiles = fit_profiles(grid.flat_index(past.x, past.y), weights, grid.shape, radius=radius,
                            event_weight=past.weight)
    first = math.floor(float(np.nanmin(past.t)))
    exposure = hour_of_week_counts(first, as_of) if as_of - first >= 7 else None
    return profiles, exposure


def shift_forecast(surface: RiskSurface, profiles: ShrunkProfiles, exposure: np.ndarray | None, shift: Shift,
                   as_of: float, horizon: float) -> RiskSurface:
    """The whole-period ``surface`` turned into expected events within the shift."""
    values = forecast_in_shift(surface.values, profiles, shift, as_of, horizon, exposure)
    return RiskSurface(values, surface.grid, f"{surface.units}, within the shift {shift.label}",
                       {**surface.parameters, "shift": shift.label, "profile_alpha": profiles.alpha_,
                        "profile_beta": profiles.beta_, "profile_weekday_pooling": profiles.pooling_})


def shift_surfaces(surfaces: dict[str, RiskSurface], histories: dict[str, EventSet], shift: Shift,
                   as_of: float, horizon: float) -> dict[str, RiskSurface]:
    """Whole-period forecasts (one per crime type, or one for all) made shift forecasts, each with the
    profiles of its own history (so each crime type keeps its own hours); ``expected_total`` follows."""
    shifted = {}
    for label, surface in surfaces.items():
        profiles, exposure = profiles_before(histories[label], surface.grid, as_of)
        result = shift_forecast(surface, profiles, exposure, shift, as_of, horizon)
        if "expected_total" in surface.parameters:
            result.parameters["expected_total"] = float(np.nansum(result.values.astype(np.float64)))
            result.parameters["expected_total_whole_day"] = surface.parameters["expected_total"]
        shifted[label] = result
    return shifted


def risk_in_shifts(risk: np.ndarray, grid: Grid, events: EventSet, shifts: list[Shift], as_of: float,
                   horizon: float) -> dict[str, np.ndarray]:
    """One risk map per shift (by label): ``risk`` (a whole-period map on ``grid``, NaN where no data)
    times each cell's share of its events expected in the shift's hours over ``[as_of, as_of + horizon)``,
    from the hour-of-week profiles of the ``events`` before ``as_of`` (one fit shared by the shifts)."""
    profiles, exposure = profiles_before(events, grid, as_of)
    return {shift.label: forecast_in_shift(risk, profiles, shift, as_of, horizon, exposure) for shift in shifts}


def with_shift_variants(methods: dict[str, Method], shift: Shift, keep_whole: bool = True,
                        skip: tuple[str, ...] = ()) -> dict[str, Method]:
    """Each method followed by its shift version, named ``name + SHIFT_MARK + shift`` (``kde@22-06``).

    The shift version reuses the whole-period surface the method just made for the same
    origin (the backtest calls them in turn) and one profile fit per origin. Names in
    ``skip`` (e.g. a random baseline, whose shift version would not be random) get none;
    ``keep_whole=False`` leaves out the whole-period versions of the others.
    """
    surfaces: dict[tuple[str, float], Any] = {}
    fitted: dict[float, tuple[ShrunkProfiles, np.ndarray | None]] = {}

    def whole(label: str, method: Method) -> Method:
        def run(events: EventSet, grid: Grid, as_of: float, horizon: float):
            surfaces.clear()  # keep one surface at a time
            surfaces[(label, as_of)] = method(events, grid, as_of, horizon)
            return surfaces[(label, as_of)]
        return run

    def in_shift(label: str, method: Method) -> Method:
        def run(events: EventSet, grid: Grid, as_of: float, horizon: float) -> RiskSurface:
            surface = surfaces.pop((label, as_of), None)
            if surface is None:
                surface = method(events, grid, as_of, horizon)
            if not isinstance(surface, RiskSurface):
                surface = RiskSurface(np.asarray(surface, dtype=np.float64), grid, "expected events")
            if as_of not in fitted:
                fitted.clear()
                fitted[as_of] = profiles_before(events, grid, as_of)
            return shift_forecast(surface, *fitted[as_of], shift, as_of, horizon)
        return run

    variants: dict[str, Method] = {}
    for label, method in methods.items():
        if label in skip:
            variants[label] = method
            continue
        if keep_whole:
            variants[label] = whole(label, method)
        variants[label + SHIFT_MARK + shift.label] = in_shift(label, method)
    return variants
