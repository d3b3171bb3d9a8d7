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

__all__ = ["DEFAULT_WEEKDAY_PROFILE", "CategorySpec", "Neighbourhood", "SimulationSpec", "SimulationTruth",
           "seasonal_factor", "simulate_events", "demo_spec", "plant_drop"]

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
