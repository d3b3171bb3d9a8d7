"""Synthetic crime events with known truth.

The generator draws a marked, self-exciting space-time point process:

* **Background** (endemic crime): a Poisson process with intensity
  ``mu * s(t) * f(x, y)`` where ``f`` is a mixture of a uniform share over the
  study area and Gaussian "neighbourhoods" of different weights, and ``s(t)`` is a
  seasonal modulation with mean 1: a yearly cosine (amplitude ``yearly_amplitude``,
  peak on day-of-year ``yearly_peak_day``) times a day-of-week profile.
* **Repeat and near-repeat offspring**: each event (background or offspring) has
  ``Poisson(theta)`` children, delayed by ``Exponential(omega)`` days and displaced by
  an isotropic Gaussian of standard deviation ``sigma`` metres. With ``theta < 1``
  the cascade is finite and a share ``theta`` of all events are offspring in the
  stationary regime. This is the model of Mohler et al. (2011), simulated by its
  branching (cluster) representation (Hawkes & Oakes 1974).

References
----------
Mohler, G. O., Short, M. B., Brantingham, P. J., Schoenberg, F. P., & Tita, G. E. (2011).
Self-exciting point process modeling of crime. JASA 106(493), 100-108.
Hawkes, A. G., & Oakes, D. (1974). A cluster process representation of a self-exciting
process. Journal of Applied Probability 11(3), 493-503.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .events import EventSet
from .simulate_streets import StreetNetwork, StreetPlan, street_grid, walk_along

__all__ = ["DEFAULT_WEEKDAY_PROFILE", "CategorySpec", "Neighbourhood", "SimulationSpec", "SimulationTruth",
           "seasonal_factor", "simulate_events", "demo_spec", "plant_drop",
           "LAND_USES", "Rhythm", "TownCategory", "TownSpec", "TownSimulation", "time_windows", "simulate_town",
           "town_spec"]

#: Relative intensity by weekday, Monday first (mean 1 after normalisation).
DEFAULT_WEEKDAY_PROFILE = (1.0, 0.95, 0.95, 1.0, 1.15, 1.25, 0.95)


@dataclass(frozen=True)
class CategorySpec:
    """One crime type: its background rate and its self-excitation."""

    name: str
    background_rate: float  # background events per day over the whole area
    theta: float = 0.0  # expected offspring per event (branching ratio), < 1
    omega: float = 0.1  # offspring delay rate per day (mean delay 1 / omega days)
    sigma: float = 100.0  # offspring displacement standard deviation, metres

    def __post_init__(self) -> None:
        if self.background_rate < 0:
            raise ValueError(f"{self.name}: background rate must be >= 0")
        if not 0 <= self.theta < 1:
            raise ValueError(f"{self.name}: branching ratio theta must be in [0, 1), got {self.theta}")
        if self.omega <= 0 or self.sigma <= 0:
            raise ValueError(f"{self.name}: omega and sigma must be positive")


@dataclass(frozen=True)
class Neighbourhood:
    """A Gaussian concentration of background crime."""

    x: float
    y: float
    radius: float  # standard deviation, metres
    weight: float  # share of the clustered background


@dataclass(frozen=True)
class SimulationSpec:
    """Everything the generator needs; the same spec and seed give the same events."""

    categories: tuple[CategorySpec, ...]
    xmin: float = 0.0
    ymin: float = 0.0
    width: float = 10_000.0
    height: float = 10_000.0
    start_day: float = 0.0  # days since 1970-01-01
    n_days: float = 365.0
    uniform_share: float = 0.3  # share of background spread uniformly
    neighbourhoods: tuple[Neighbourhood, ...] | None = None  # None: drawn from the seed
    n_neighbourhoods: int = 8
    yearly_amplitude: float = 0.0
    yearly_peak_day: float = 200.0  # day of year of the seasonal peak
    weekday_profile: tuple[float, ...] | None = None  # None: flat
    seed: int = 0


@dataclass
class SimulationTruth:
    """What the simulation knows and a method should recover."""

    spec: SimulationSpec
    neighbourhoods: tuple[Neighbourhood, ...]
    parent: np.ndarray  # index of each event's parent, -1 for background events
    generation: np.ndarray  # 0 for background, 1 for children, ...

    def background_density(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Spatial density ``f(x, y)`` of background events (integrates to ~1 over the area)."""
        return _background_density(self.spec, self.neighbourhoods, x, y)


def _draw_neighbourhoods(spec: SimulationSpec, rng: np.random.Generator) -> tuple[Neighbourhood, ...]:
    n = spec.n_neighbourhoods
    margin = 0.15
    xs = spec.xmin + spec.width * rng.uniform(margin, 1 - margin, n)
    ys = spec.ymin + spec.height * rng.uniform(margin, 1 - margin, n)
    radii = min(spec.width, spec.height) * rng.uniform(0.02, 0.06, n)
    weights = rng.gamma(1.5, 1.0, n)
    weights = weights / weights.sum()
    return tuple(Neighbourhood(float(a), float(b), float(r), float(w))
                 for a, b, r, w in zip(xs, ys, radii, weights))


def _background_density(spec, neighbourhoods, x, y) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    inside = (x >= spec.xmin) & (x < spec.xmin + spec.width) & (y >= spec.ymin) & (y < spec.ymin + spec.height)
    density = np.where(inside, spec.uniform_share / (spec.width * spec.height), 0.0)
    clustered = 1.0 - spec.uniform_share
    for hood in neighbourhoods:
        r2 = (x - hood.x) ** 2 + (y - hood.y) ** 2
        density = density + clustered * hood.weight * np.exp(-r2 / (2 * hood.radius ** 2)) / (2 * np.pi * hood.radius ** 2)
    return density


def seasonal_factor(spec: SimulationSpec, t: np.ndarray) -> np.ndarray:
    """The modulation ``s(t)`` of the background rate (time-average about 1)."""
    t = np.asarray(t, dtype=float)
    day_of_year = np.mod(t - 0.0, 365.25)  # 1970-01-01 is day 0 of a year
    yearly = 1.0 + spec.yearly_amplitude * np.cos(2 * np.pi * (day_of_year - spec.yearly_peak_day) / 365.25)
    profile = np.asarray(spec.weekday_profile or (1.0,) * 7, dtype=float)
    profile = profile / profile.mean()
    weekday = np.floor(t + 3).astype(np.int64) % 7  # 1970-01-01 was a Thursday (index 3)
    return yearly * profile[weekday]


def _max_seasonal(spec: SimulationSpec) -> float:
    profile = np.asarray(spec.weekday_profile or (1.0,) * 7, dtype=float)
    return (1.0 + abs(spec.yearly_amplitude)) * float((profile / profile.mean()).max())


def _background_points(spec, neighbourhoods, n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    n_uniform = rng.binomial(n, spec.uniform_share)
    x = [spec.xmin + spec.width * rng.random(n_uniform)]
    y = [spec.ymin + spec.height * rng.random(n_uniform)]
    n_clustered = n - n_uniform
    if n_clustered:
        weights = np.array([h.weight for h in neighbourhoods])
        which = rng.choice(len(neighbourhoods), size=n_clustered, p=weights / weights.sum())
        centres_x = np.array([h.x for h in neighbourhoods])[which]
        centres_y = np.array([h.y for h in neighbourhoods])[which]
        radii = np.array([h.radius for h in neighbourhoods])[which]
        x.append(centres_x + radii * rng.standard_normal(n_clustered))
        y.append(centres_y + radii * rng.standard_normal(n_clustered))
    # Shuffle so that the uniform and clustered shares mix evenly over time.
    order = rng.permutation(n)
    return np.concatenate(x)[order], np.concatenate(y)[order]


def _background_times(spec: SimulationSpec, rate: float, rng) -> np.ndarray:
    """Inhomogeneous Poisson times by thinning (Lewis & Shedler 1979)."""
    peak = _max_seasonal(spec)
    n = rng.poisson(rate * peak * spec.n_days)
    t = spec.start_day + spec.n_days * rng.random(n)
    keep = rng.random(n) * peak < seasonal_factor(spec, t)
    return np.sort(t[keep])


def _offspring(category: CategorySpec, t, x, y, end: float, rng):
    """All generations of offspring of the given events, with parent indices."""
    all_t, all_x, all_y, all_parent, all_generation = [], [], [], [], []
    parents = np.arange(t.size)
    gen = 0
    offset = t.size
    while t.size:
        gen += 1
        n_children = rng.poisson(category.theta, t.size)
        parent_of_child = np.repeat(np.arange(t.size), n_children)
        child_t = t[parent_of_child] + rng.exponential(1.0 / category.omega, parent_of_child.size)
        child_x = x[parent_of_child] + category.sigma * rng.standard_normal(parent_of_child.size)
        child_y = y[parent_of_child] + category.sigma * rng.standard_normal(parent_of_child.size)
        keep = child_t < end
        child_parent = parents[parent_of_child][keep]
        t, x, y = child_t[keep], child_x[keep], child_y[keep]
        parents = offset + np.arange(t.size)
        offset += t.size
        all_t.append(t), all_x.append(x), all_y.append(y)
        all_parent.append(child_parent), all_generation.append(np.full(t.size, gen))
    if not all_t:
        return (np.empty(0),) * 3 + (np.empty(0, dtype=np.int64),) * 2
    return (np.concatenate(all_t), np.concatenate(all_x), np.concatenate(all_y),
            np.concatenate(all_parent).astype(np.int64), np.concatenate(all_generation).astype(np.int64))


def simulate_events(spec: SimulationSpec) -> tuple[EventSet, SimulationTruth]:
    """Draw events for every category of ``spec``; returns them in time order with the truth.

    ``truth.parent`` indexes into the returned (time-sorted) events.
    """
    rng = np.random.default_rng(spec.seed)
    neighbourhoods = spec.neighbourhoods or _draw_neighbourhoods(spec, rng)
    end = spec.start_day + spec.n_days
    columns = {k: [] for k in ("t", "x", "y", "category", "parent", "generation")}
    offset = 0
    for category in spec.categories:
        bt = _background_times(spec, category.background_rate, rng)
        bx, by = _background_points(spec, neighbourhoods, bt.size, rng)
        ot, ox, oy, oparent, ogen = _offspring(category, bt, bx, by, end, rng)
        t = np.concatenate([bt, ot])
        columns["t"].append(t)
        columns["x"].append(np.concatenate([bx, ox]))
        columns["y"].append(np.concatenate([by, oy]))
        columns["category"].append(np.full(t.size, category.name, dtype=object))
        columns["parent"].append(np.concatenate([np.full(bt.size, -1), oparent + offset]))
        columns["generation"].append(np.concatenate([np.zeros(bt.size, dtype=np.int64), ogen]))
        offset += t.size
    merged = {k: np.concatenate(v) if v else np.empty(0) for k, v in columns.items()}
    order = np.argsort(merged["t"], kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    parent = merged["parent"].astype(np.int64)[order]
    parent = np.where(parent >= 0, rank[np.maximum(parent, 0)], -1)
    events = EventSet.from_arrays(
        x=merged["x"][order], y=merged["y"][order], t=merged["t"][order],
        category=merged["category"][order],
    )
    truth = SimulationTruth(spec=spec, neighbourhoods=neighbourhoods, parent=parent,
                            generation=merged["generation"].astype(np.int64)[order])
    return events, truth


def demo_spec(seed: int = 42, start_day: float = 17532.0, n_days: float = 3 * 365.0) -> SimulationSpec:
    """The specification behind the bundled sample data: a 12 x 9 km town over three years
    (from 2018-01-01), four crime types with different near-repeat behaviour."""
    return SimulationSpec(
        categories=(
            CategorySpec("burglary", background_rate=2.0, theta=0.35, omega=1 / 7, sigma=150.0),
            CategorySpec("vehicle crime", background_rate=2.5, theta=0.2, omega=1 / 4, sigma=250.0),
            CategorySpec("violence", background_rate=3.0, theta=0.1, omega=1 / 2, sigma=80.0),
            CategorySpec("robbery", background_rate=0.6, theta=0.15, omega=1 / 5, sigma=200.0),
        ),
        xmin=640_000.0, ymin=6_855_000.0, width=12_000.0, height=9_000.0,
        start_day=start_day, n_days=n_days, uniform_share=0.25, n_neighbourhoods=10,
        yearly_amplitude=0.2, yearly_peak_day=196.0, weekday_profile=DEFAULT_WEEKDAY_PROFILE,
        seed=seed,
    )


def plant_drop(events: EventSet, inside: np.ndarray, start: float, end: float, drop: float,
               seed: int) -> tuple[EventSet, np.ndarray]:
    """A known intervention effect: remove a share ``drop`` of the events that are ``inside`` the
    treated areas with ``start <= t < end`` (independent thinning, so the expected count there falls by
    exactly ``drop``). Returns the kept events and the mask of removed ones (into ``events``)."""
    if not 0.0 <= drop <= 1.0:
        raise ValueError(f"drop must be a share in [0, 1], got {drop}")
    draws = np.random.default_rng(seed).random(len(events))
    removed = np.asarray(inside, dtype=bool) & (events.t >= start) & (events.t < end) & (draws < drop)
    return events.subset(~removed), removed


# --------------------------------------------------------------------------- a realistic town
#
# Real crime records differ from the process above in ways that decide which method wins: crime
# concentrates at a few stable places (addresses, intersections) with heavy-tailed long-run rates
# (Weisburd 2015), the background drifts slowly, the hour of day and weekday depend on the crime
# type and the kind of place (night-time near bars, daytime in shopping streets, burglary by day on
# weekdays in residential streets), locations are snapped to streets, and burglaries are often known
# only to have happened within a window (Ratcliffe 2002). ``simulate_town`` draws such records.
#
# Weisburd, D. (2015). The law of crime concentration and the criminology of place. Criminology 53(2).
# Ratcliffe, J. H. (2002). Aoristic signatures and the spatio-temporal analysis of high volume crime
# patterns. Journal of Quantitative Criminology 18(1), 23-43.

#: Kinds of place, in the order of the per-kind tuples below.
LAND_USES = ("residential", "shopping", "nightlife")


@dataclass(frozen=True)
class Rhythm:
    """When in the week a crime type happens at one kind of place: an hour-of-day profile made of
    von Mises bumps ``(peak hour, weight, concentration)`` over a ``floor``, times weekday weights
    (Monday first)."""

    peaks: tuple[tuple[float, float, float], ...]
    floor: float = 0.2
    weekday: tuple[float, ...] = (1.0,) * 7

    def table(self) -> np.ndarray:
        """Probabilities ``[7, 24]`` of (weekday, hour), summing to 1."""
        hours = np.arange(24) + 0.5
        profile = np.full(24, self.floor)
        for hour, weight, kappa in self.peaks:
            bump = np.exp(kappa * np.cos(2 * np.pi * (hours - hour) / 24))
            profile = profile + weight * bump / bump.sum() * 24
        joint = np.outer(np.asarray(self.weekday, dtype=float), profile)
        return joint / joint.sum()


@dataclass(frozen=True)
class TownCategory:
    """One crime type of the town: where, when, how it repeats, how it is recorded."""

    name: str
    rate: float  # background events per day over the town
    land_use_weights: tuple[float, float, float]  # relative rate per address by kind of place
    rhythms: tuple[Rhythm, Rhythm, Rhythm]  # by kind of place
    hot_sigma: float = 1.2  # log-normal spread of the long-run rates of addresses
    intersection_share: float = 0.2  # share recorded at the nearest intersection
    theta: float = 0.0  # near-repeat offspring per event
    omega: float = 0.1  # offspring delay rate per day
    sigma: float = 150.0  # along-street distance of offspring (half-normal scale), metres
    same_place_share: float = 0.3  # share of offspring at the very same address (repeat victims)
    window_share: float = 0.0  # share recorded with a time window (start and end)
    unknown_hour_share: float = 0.02  # share whose time is unknown, recorded at 00:00

    def __post_init__(self) -> None:
        if self.rate < 0 or not 0 <= self.theta < 1:
            raise ValueError(f"{self.name}: rate must be >= 0 and theta in [0, 1)")
        shares = (self.intersection_share, self.same_place_share, self.window_share, self.unknown_hour_share)
        for share in shares:
            if not 0 <= share <= 1:
                raise ValueError(f"{self.name}: shares must be in [0, 1]")


@dataclass(frozen=True)
class TownSpec:
    """The town: area, streets, kinds of place, drift, seasons, crime types."""

    categories: tuple[TownCategory, ...]
    xmin: float = 0.0
    ymin: float = 0.0
    width: float = 12_000.0
    height: float = 9_000.0
    start_day: float = 0.0
    n_days: float = 365.0
    outline: tuple[tuple[float, float], ...] = ((0.08, 0.25), (0.25, 0.04), (0.70, 0.06), (0.95, 0.30),
                                                (0.93, 0.72), (0.70, 0.96), (0.28, 0.93), (0.05, 0.70))
    streets: StreetPlan | None = None  # None: the default plan
    n_neighbourhoods: int = 10  # smooth density of the town (busier and quieter quarters)
    uniform_share: float = 0.35
    shopping_radius: float = 1_400.0  # main roads this close to a shopping centre are shopping streets
    n_shopping_centres: int = 2
    nightlife_radius: float = 350.0  # streets this close to a nightlife centre are a bar district
    n_nightlife_centres: int = 2
    drift_sd: float = 0.06  # monthly random-walk step of the log-rate of each drifting quarter
    n_drift: int = 8
    drift_radius: float = 1_500.0
    yearly_amplitude: float = 0.15
    yearly_peak_day: float = 196.0
    seed: int = 0

    def outline_ring(self) -> list[tuple[float, float]]:
        """The town's boundary in coordinates."""
        return [(self.xmin + fx * self.width, self.ymin + fy * self.height) for fx, fy in self.outline]


@dataclass
class TownSimulation:
    """Simulated records of a town and the truth behind them."""

    events: EventSet  # recorded times: the start of the window where there is one
    t_end: np.ndarray  # end of the window (days), NaN without one
    streets: StreetNetwork
    spec: TownSpec
    true_t: np.ndarray  # when each event really happened
    address: np.ndarray  # the address each event happened at
    land_use: np.ndarray  # index into LAND_USES of that address
    at_intersection: np.ndarray  # recorded at an intersection rather than at the address
    parent: np.ndarray  # index of the parent event (near repeat), -1 for background
    address_land_use: np.ndarray  # per address
    address_weight: dict[str, np.ndarray]  # per crime type: long-run relative rate of each address
    hot_spots: dict[str, tuple[tuple[float, float], ...]]  # centres of the shopping and nightlife areas


def _town_places(spec: TownSpec, rng: np.random.Generator):
    """Streets, the kind of place of each address, and the smooth density of the town."""
    ring = spec.outline_ring()
    plan = spec.streets or StreetPlan()
    streets = street_grid(spec.xmin, spec.ymin, spec.width, spec.height, ring, plan, rng)
    area = SimulationSpec(categories=(), xmin=spec.xmin, ymin=spec.ymin, width=spec.width, height=spec.height,
                          uniform_share=spec.uniform_share, n_neighbourhoods=spec.n_neighbourhoods)
    hoods = _draw_neighbourhoods(area, rng)
    density = _background_density(area, hoods, streets.address_x, streets.address_y)
    ranked = sorted(hoods, key=lambda h: -h.weight)
    shops = [(h.x, h.y) for h in ranked[:spec.n_shopping_centres]]
    bars = [(h.x + rng.normal(0, 300), h.y + rng.normal(0, 300)) for h in ranked[:spec.n_nightlife_centres]]
    land_use = np.zeros(streets.address_x.size, dtype=np.int64)
    main = streets.edge_main[streets.address_edge]
    for cx, cy in shops:
        near = np.hypot(streets.address_x - cx, streets.address_y - cy) < spec.shopping_radius
        land_use[near & main] = 1
    for cx, cy in bars:
        d = np.hypot(streets.address_x - cx, streets.address_y - cy)
        land_use[rng.random(d.size) < np.exp(-0.5 * (d / spec.nightlife_radius) ** 2)] = 2
    return streets, land_use, density / density.sum(), {"shopping": tuple(shops), "nightlife": tuple(bars)}


def _drift(spec: TownSpec, x: np.ndarray, y: np.ndarray, n_months: int, rng) -> np.ndarray:
    """Log-rate drift ``[months, addresses]``: a few quarters whose rates random-walk month by month."""
    cx = spec.xmin + spec.width * rng.random(spec.n_drift)
    cy = spec.ymin + spec.height * rng.random(spec.n_drift)
    walks = np.cumsum(spec.drift_sd * rng.standard_normal((n_months, spec.n_drift)), axis=0)
    squared = (x[None, :] - cx[:, None]) ** 2 + (y[None, :] - cy[:, None]) ** 2
    kernel = np.exp(-0.5 * squared / spec.drift_radius ** 2)
    return walks @ kernel


def _draw_by_month(weights: np.ndarray, month: np.ndarray, rng) -> np.ndarray:
    """One address per event from the month's weights ``weights[month]``."""
    chosen = np.empty(month.size, dtype=np.int64)
    for m in np.unique(month):
        which = np.flatnonzero(month == m)
        cumulative = np.cumsum(weights[m])
        chosen[which] = np.searchsorted(cumulative, rng.random(which.size) * cumulative[-1], side="right")
    return np.minimum(chosen, weights.shape[1] - 1)


def _times_in_week(category: TownCategory, land_use: np.ndarray, t: np.ndarray, rng) -> np.ndarray:
    """Move each time within its week to a (weekday, hour) drawn from its place's rhythm."""
    out = np.array(t, dtype=float)
    monday = np.floor(t) - np.mod(np.floor(t) + 3, 7)  # 1970-01-01 was a Thursday
    for kind in range(len(LAND_USES)):
        which = np.flatnonzero(land_use == kind)
        cell = rng.choice(168, size=which.size, p=category.rhythms[kind].table().ravel())
        out[which] = monday[which] + cell // 24 + (cell % 24 + rng.random(which.size)) / 24.0
    return out


def _hours_of_day(category: TownCategory, land_use: np.ndarray, day: np.ndarray, rng) -> np.ndarray:
    """A time on ``day`` (whole days) at an hour drawn from the place's hour-of-day profile."""
    out = np.array(day, dtype=float)
    for kind in range(len(LAND_USES)):
        which = np.flatnonzero(land_use == kind)
        hours = category.rhythms[kind].table().sum(axis=0)
        out[which] = day[which] + (rng.choice(24, size=which.size, p=hours / hours.sum())
                                   + rng.random(which.size)) / 24.0
    return out


def _town_offspring(category: TownCategory, streets, land_use, t, address, end: float, rng):
    """All generations of near-repeat offspring, displaced along the streets; (t, address, parent)."""
    all_t, all_address, all_parent = [], [], []
    parents = np.arange(t.size)
    offset = t.size
    while t.size:
        n_children = rng.poisson(category.theta, t.size)
        who = np.repeat(np.arange(t.size), n_children)
        due = t[who] + rng.exponential(1.0 / category.omega, who.size)
        edge, pos = streets.address_edge[address[who]], streets.address_pos[address[who]]
        distance = np.abs(category.sigma * rng.standard_normal(who.size))
        edge, pos = walk_along(streets, edge, pos, distance, rng)
        child_address = np.where(rng.random(who.size) < category.same_place_share, address[who],
                                 streets.nearest_address(edge, pos))
        child_t = _hours_of_day(category, land_use[child_address], np.floor(due), rng)
        child_t = np.where(child_t <= t[who], child_t + 1.0, child_t)
        keep = child_t < end
        all_t.append(child_t[keep]), all_address.append(child_address[keep])
        all_parent.append(parents[who][keep])
        t, address = child_t[keep], child_address[keep]
        parents = offset + np.arange(t.size)
        offset += t.size
    if not all_t:
        return np.empty(0), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(all_t), np.concatenate(all_address), np.concatenate(all_parent)


def time_windows(true_t: np.ndarray, share: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Windows known to hold each event, for a ``share`` of them (the rest: start = the time, end
    NaN): away for the day (left 07:00-09:00, back 17:00-19:30) for daytime events, overnight
    (21:00-24:00 to 06:00-08:30 the next morning) for the others, one in ten a weekend or holiday
    away (one to four days)."""
    start, end = np.array(true_t, dtype=float), np.full(true_t.size, np.nan)
    has = rng.random(true_t.size) < share
    day, hour = np.floor(true_t), np.mod(true_t, 1.0) * 24
    daytime = (hour >= 7) & (hour < 19)
    leave = np.where(daytime, day + rng.uniform(7, 9, true_t.size) / 24,
                     np.where(hour >= 12, day, day - 1) + rng.uniform(21, 24, true_t.size) / 24)
    back = np.where(daytime, day + rng.uniform(17, 19.5, true_t.size) / 24, leave - np.mod(leave, 1.0) + 1
                    + rng.uniform(6, 8.5, true_t.size) / 24)
    away = rng.random(true_t.size) < 0.1
    leave = np.where(away, true_t - rng.uniform(0.2, 2.0, true_t.size), leave)
    back = np.where(away, true_t + rng.uniform(0.2, 2.0, true_t.size), back)
    start[has] = np.minimum(leave, true_t)[has]
    end[has] = np.maximum(back, true_t)[has]
    return start, end


def simulate_town(spec: TownSpec) -> TownSimulation:
    """Draw the town's records for every crime type of ``spec`` (same spec and seed, same records),
    in time order of their recorded (start) times."""
    rng = np.random.default_rng(spec.seed)
    streets, land_use, density, hot_spots = _town_places(spec, rng)
    n_months = int(np.ceil(spec.n_days / 30.4375)) + 1
    drift = _drift(spec, streets.address_x, streets.address_y, n_months, rng)
    shared = rng.standard_normal(density.size)  # places busy for every crime type (a busy corner, a mall)
    end = spec.start_day + spec.n_days
    season = SimulationSpec(categories=(), start_day=spec.start_day, n_days=spec.n_days,
                            yearly_amplitude=spec.yearly_amplitude, yearly_peak_day=spec.yearly_peak_day)
    parts, weights = [], {}
    for category in spec.categories:
        own = rng.standard_normal(density.size)
        log_hot = category.hot_sigma * (0.6 * shared + 0.8 * own) - 0.5 * category.hot_sigma ** 2
        weight = density * np.asarray(category.land_use_weights)[land_use] * np.exp(log_hot)
        weights[category.name] = weight / weight.sum()
        t = _background_times(season, category.rate, rng)
        month = np.clip(((t - spec.start_day) / 30.4375).astype(np.int64), 0, n_months - 1)
        address = _draw_by_month(weight[None, :] * np.exp(drift), month, rng)
        t = _times_in_week(category, land_use[address], t, rng)
        inside = (t >= spec.start_day) & (t < end)
        t, address = t[inside], address[inside]
        ct, caddress, cparent = _town_offspring(category, streets, land_use, t, address, end, rng)
        parts.append((category, np.concatenate([t, ct]), np.concatenate([address, caddress]),
                      np.concatenate([np.full(t.size, -1), cparent])))
    return _recorded(spec, streets, land_use, weights, hot_spots, parts, rng)


def _recorded(spec, streets, land_use, weights, hot_spots, parts, rng) -> TownSimulation:
    """How the police record the true events: at the address's geocoded point (the same point every
    time) or at the nearest intersection, within a window, or at 00:00 when the hour is unknown."""
    columns = {k: [] for k in ("true_t", "start", "end", "address", "category", "parent", "at_node")}
    offset = 0
    for category, t, address, parent in parts:
        start, end = time_windows(t, category.window_share, rng)
        start = np.maximum(start, spec.start_day)  # windows cut at the start of the records
        unknown = np.isnan(end) & (rng.random(t.size) < category.unknown_hour_share)
        start = np.where(unknown, np.floor(t), start)
        columns["true_t"].append(t), columns["start"].append(start), columns["end"].append(end)
        columns["address"].append(address)
        columns["category"].append(np.full(t.size, category.name, dtype=object))
        columns["parent"].append(np.where(parent >= 0, parent + offset, -1))
        columns["at_node"].append(rng.random(t.size) < category.intersection_share)
        offset += t.size
    merged = {k: np.concatenate(v) for k, v in columns.items()}
    order = np.argsort(merged["start"], kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    merged = {k: v[order] for k, v in merged.items()}
    parent = np.where(merged["parent"] >= 0, rank[np.maximum(merged["parent"], 0)], -1)
    address = merged["address"]
    node = streets.nearest_node(streets.address_edge[address], streets.address_pos[address])
    x = np.where(merged["at_node"], streets.node_x[node], streets.address_x[address])
    y = np.where(merged["at_node"], streets.node_y[node], streets.address_y[address])
    events = EventSet.from_arrays(x, y, merged["start"], merged["category"])
    return TownSimulation(events=events, t_end=merged["end"], streets=streets, spec=spec,
                          true_t=merged["true_t"], address=address, land_use=land_use[address],
                          at_intersection=merged["at_node"], parent=parent, address_land_use=land_use,
                          address_weight=weights, hot_spots=hot_spots)


#: Weekday weights, Monday first.
_WORKDAYS = (1.12, 1.1, 1.1, 1.1, 1.08, 0.75, 0.75)
_WEEKEND_NIGHTS = (0.7, 0.7, 0.75, 0.85, 1.2, 1.7, 1.6)
_EVENINGS = (0.95, 0.95, 0.95, 1.0, 1.1, 1.1, 1.0)


def town_spec(seed: int = 42, start_day: float = 17532.0, n_days: float = 3 * 365.0) -> TownSpec:
    """The specification behind the bundled sample data: a 12 x 9 km town over three years (from
    2018-01-01), four crime types with their own places, hours and repeats."""
    return TownSpec(
        categories=(
            TownCategory("burglary", rate=2.0, land_use_weights=(1.0, 0.8, 0.5), rhythms=(
                Rhythm(((12.5, 1.6, 1.5), (2.5, 0.6, 2.0)), floor=0.25, weekday=_WORKDAYS),
                Rhythm(((3.0, 1.5, 2.0),), floor=0.3),
                Rhythm(((4.0, 1.2, 2.0),), floor=0.3)),
                hot_sigma=1.0, intersection_share=0.05, theta=0.2, omega=1 / 7, sigma=150.0,
                same_place_share=0.25, window_share=0.65, unknown_hour_share=0.02),
            TownCategory("vehicle crime", rate=2.5, land_use_weights=(1.0, 1.6, 1.4), rhythms=(
                Rhythm(((21.5, 1.3, 1.2),), floor=0.4),
                Rhythm(((14.0, 1.2, 1.5), (21.0, 0.6, 2.0)), floor=0.3),
                Rhythm(((0.5, 1.6, 2.0),), floor=0.3, weekday=_WEEKEND_NIGHTS)),
                hot_sigma=1.2, intersection_share=0.3, theta=0.1, omega=1 / 4, sigma=250.0,
                same_place_share=0.2, window_share=0.2, unknown_hour_share=0.03),
            TownCategory("violence", rate=4.0, land_use_weights=(0.7, 2.5, 2.5), rhythms=(
                Rhythm(((17.0, 1.0, 0.7),), floor=0.25, weekday=_EVENINGS),
                Rhythm(((15.0, 1.2, 1.2),), floor=0.35),
                Rhythm(((0.5, 2.0, 2.0),), floor=0.3, weekday=_WEEKEND_NIGHTS)),
                hot_sigma=1.2, intersection_share=0.5, theta=0.05, omega=1 / 2, sigma=80.0,
                same_place_share=0.5, unknown_hour_share=0.02),
            TownCategory("robbery", rate=0.8, land_use_weights=(0.6, 2.5, 2.5), rhythms=(
                Rhythm(((20.5, 1.2, 1.2),), floor=0.35),
                Rhythm(((17.0, 1.3, 1.5),), floor=0.3),
                Rhythm(((23.5, 2.0, 2.0),), floor=0.3, weekday=_WEEKEND_NIGHTS)),
                hot_sigma=1.2, intersection_share=0.55, theta=0.07, omega=1 / 5, sigma=200.0,
                same_place_share=0.2, unknown_hour_share=0.02),
        ),
        xmin=640_000.0, ymin=6_855_000.0, width=12_000.0, height=9_000.0,
        start_day=start_day, n_days=n_days, seed=seed,
    )
