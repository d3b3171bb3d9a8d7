"""Emerging hot spot analysis: space-time cube, space-time Gi*, the 17 categories."""

import re

import numpy as np
import pytest

from crimerisk.algorithms.emerging import (
    CATEGORIES, OUTSIDE_CODE, classify_emerging, emerging_hot_spots, emerging_hot_spots_for_events,
    space_time_cube, space_time_gi_star,
)
from crimerisk.algorithms.events import EventSet, days_from_datetime64
from crimerisk.algorithms.gistar import neighbourhood_kernel
from crimerisk.algorithms.grid import Grid

STEPS = 20
GRID = Grid(0.0, 550.0, 50.0, 11, 11)
CROSS = ((5, 5), (4, 5), (6, 5), (5, 4), (5, 6))  # the target cell and its neighbours within 50 m
CODE = {c.name: c.code for c in CATEGORIES}


def _cube(levels: list, background: float = 5.0) -> np.ndarray:
    """Constant background; the target's neighbourhood set to ``levels[t]`` (None: background)."""
    assert len(levels) == STEPS
    cube = np.full((STEPS, 11, 11), background)
    for t, level in enumerate(levels):
        for r, c in CROSS:
            cube[t, r, c] = background if level is None else level
    return cube


def _pattern(text: str) -> list:
    """'H' a high step (hot), 'C' an empty step (cold), '.' background."""
    return [{"H": 12.0, "C": 0.0, ".": None}[ch] for ch in text]


def _mirrored(text: str) -> str:
    """The same bins with hot and cold swapped."""
    return text.translate(str.maketrans("HC", "CH"))


# One hand-built cube per category; the target cell (5, 5) must land in it. The cold
# cases are the hot ones with hot and cold swapped, plus ramps towards / away from 0.
PATTERNS = {
    "New": "...................H",
    "Consecutive": "................HHHH",
    "Persistent": "HHHHHHHHHHHHHHHHHHHH",
    "Sporadic": "..H....H...H......HH",
    "Oscillating": ".....C.......H.....H",
    "Historical": "HHHHHHHHHHHHHHHHHHH.",
}
CASES = {"No pattern detected": _pattern("...HHHH.............")}
for kind, text in PATTERNS.items():
    CASES[f"{kind} hot spot"] = _pattern(text)
    CASES[f"{kind} cold spot"] = _pattern(_mirrored(text))
CASES.update({
    # Ramps from 14 (above the H level 12), not 10: the exact test draws its null from the cube, where the
    # hot cross itself makes high values common, so 10 against a flat background of 5 is not significant.
    "Intensifying hot spot": list(np.linspace(14.0, 24.0, STEPS)),
    "Diminishing hot spot": list(np.linspace(24.0, 14.0, STEPS)),
    "Intensifying cold spot": list(np.linspace(2.5, 0.0, STEPS)),
    "Diminishing cold spot": list(np.linspace(0.0, 2.5, STEPS)),
})


def test_every_category_has_a_case_a_rule_and_a_colour():
    assert sorted(CASES) == sorted(c.name for c in CATEGORIES)
    assert sorted(c.code for c in CATEGORIES) == list(range(-8, 9))
    for category in CATEGORIES:
        assert re.fullmatch(r"#[0-9a-f]{6}", category.colour) and len(category.rule) > 30
    assert len({c.colour for c in CATEGORIES}) == 17


@pytest.mark.parametrize("name", sorted(CASES))
def test_hand_built_cube_lands_in_its_category(name):
    # time_neighbours=0: each step is judged on its own slice, so the pattern is exact.
    result = emerging_hot_spots(_cube(CASES[name]), GRID, 50.0, time_neighbours=0)
    assert result.categories[5, 5] == CODE[name]
    assert result.category_counts()[name] >= 1
    assert sum(row["cells"] for row in result.category_rows()) == GRID.n_inside


def _classify(bins: str, trend: int = 0) -> int:
    """Category of one cell from its bins ('H' hot, 'C' cold, '.' neither) and trend sign."""
    hot_flags = np.array([[ch == "H"] for ch in bins])
    cold_flags = np.array([[ch == "C"] for ch in bins])
    return int(classify_emerging(hot_flags, cold_flags, np.array([trend * 3.0]),
                                 np.array([0.001 if trend else 0.5]))[0])


def test_rules_at_their_boundaries():
    # 9 of 10 hot steps is "at least 90%"; 17 of 20 is not.
    assert _classify("HHHH.HHHHH") == CODE["Persistent hot spot"]
    assert _classify("HHHH.HHHHH", trend=1) == CODE["Intensifying hot spot"]
    assert _classify("HH.HH.HH.HHHHHHHHHHH") == CODE["Sporadic hot spot"]
    # The final step decides first: mostly hot but cold now is an oscillating cold spot.
    assert _classify("HHHHHHHHHHHHHHHHHHHC") == CODE["Oscillating cold spot"]
    # An earlier cold bin turns "new" into oscillating; a gap turns "consecutive" into sporadic.
    assert _classify("..C................H") == CODE["Oscillating hot spot"]
    assert _classify("..H..............HHH") == CODE["Sporadic hot spot"]
    assert _classify("..................HH") == CODE["Consecutive hot spot"]
    # Hot long ago but quiet at the end, and under 90%: no pattern.
    assert _classify("HHHHHHHHHHHHHHHH....") == CODE["No pattern detected"]
    with pytest.raises(ValueError, match="both"):
        classify_emerging(np.ones((10, 1), bool), np.ones((10, 1), bool), np.zeros(1), np.ones(1))


def test_space_time_gi_star_matches_a_dense_space_time_weight_matrix():
    rng = np.random.default_rng(2)
    mask = np.ones((8, 9), dtype=bool)
    mask[0, :3] = False
    mask[5, 5] = False
    grid = Grid(0.0, 400.0, 50.0, 8, 9, mask)
    cube = rng.poisson(2.0, (12, 8, 9)).astype(np.float32)
    cube[:, ~mask] = 99.0  # must be ignored
    z, moments = space_time_gi_star(cube, grid, 110.0, time_neighbours=2, weighting="inverse_distance")[:2]
    # Dense reference: bins (step, cell); w = spatial weight when 0 <= t - tau <= 2.
    rows, cols = np.nonzero(mask)
    d = np.hypot(rows[:, None] - rows[None, :], cols[:, None] - cols[None, :]) * 50.0
    spatial = np.where(d <= 110.0, 50.0 / np.maximum(d, 50.0), 0.0)
    lag = np.arange(12)[:, None] - np.arange(12)[None, :]
    weights = np.kron(((lag >= 0) & (lag <= 2)).astype(float), spatial)
    values = cube[:, mask].astype(float).ravel()
    n, mean = values.size, values.mean()
    sd = np.sqrt((values ** 2).mean() - mean ** 2)
    w_sum, w2_sum = weights.sum(1), (weights ** 2).sum(1)
    expected = (weights @ values - mean * w_sum) / (sd * np.sqrt((n * w2_sum - w_sum ** 2) / (n - 1)))
    np.testing.assert_allclose(z.ravel(), expected, atol=1e-5)
    assert moments.n == n and moments.mean == pytest.approx(mean)
    assert np.count_nonzero(neighbourhood_kernel(grid, 110.0, "inverse_distance")) == 13


def test_stationary_poisson_events_give_almost_only_no_pattern():
    rng = np.random.default_rng(5)
    n = 25_000
    start = float(days_from_datetime64(np.array(["2023-01-02"]))[0])  # a Monday
    events = EventSet.from_arrays(rng.uniform(0, 1500, n), rng.uniform(0, 1500, n),
                                  t=start + rng.uniform(0, 52 * 7, n))
    grid = Grid(0.0, 1500.0, 50.0, 30, 30)
    result = emerging_hot_spots_for_events(events, grid, 100.0, step="week", time_neighbours=1)
    assert result.n_steps == 52
    assert result.category_counts()["No pattern detected"] / grid.n_inside > 0.95
    assert result.parameters["events_in_cube"] == n
    # Mann-Kendall on the count series: about 5% false trends at the 5% level.
    assert 0.02 < np.mean(result.count_trend_p <= 0.05) < 0.08


def test_cube_counts_calendar_steps_and_refuses_too_few():
    days = days_from_datetime64(np.array(
        ["2024-01-01T10:00", "2024-01-31T23:59", "2024-02-01", "2024-03-15", "2024-12-31", "2025-02-01"]))
    events = EventSet.from_arrays(np.full(6, 25.0), np.full(6, 25.0), t=days)
    grid = Grid(0.0, 100.0, 50.0, 2, 2)
    # "partial": every calendar step the period touches, the last one a single day of February.
    cube = space_time_cube(events, grid, step="month", alignment="partial")
    assert cube.n_steps == 14 and cube.labels()[0] == "2024-01" and cube.labels()[-1] == "2025-02"
    np.testing.assert_array_equal(cube.counts[:, 1, 0], [2, 1, 1] + [0] * 8 + [1, 0, 1])
    assert cube.coverage() == (1.0, pytest.approx(1 / 28)) and cube.left_out == []
    # Default: complete calendar months only; the single day of February 2025 is left out and named.
    cube = space_time_cube(events, grid, step="month")
    assert cube.n_steps == 13 and cube.labels()[-1] == "2025-01" and cube.coverage() == (1.0, 1.0)
    np.testing.assert_array_equal(cube.counts[:, 1, 0], [2, 1, 1] + [0] * 8 + [1, 0])
    assert cube.left_out_labels() == ["2025-02-01 to 2025-02-01"]
    with pytest.raises(ValueError, match=r"gives 4 quarter steps.*shorter time step or a longer period"):
        space_time_cube(events, grid, step="quarter")
    assert space_time_cube(events, grid, step="quarter", min_steps=4).n_steps == 4


def test_outputs_outside_the_mask_and_surfaces():
    mask = GRID.inside.copy()
    mask[0, 0] = False
    grid = GRID.with_mask(mask)
    result = emerging_hot_spots(_cube(CASES["Persistent hot spot"]), grid, 50.0, time_neighbours=1)
    assert result.categories[0, 0] == OUTSIDE_CODE and np.isnan(result.trend_z[0, 0])
    assert result.categories[5, 5] == CODE["Persistent hot spot"]
    surface = result.category_surface()
    assert np.isnan(surface.values[0, 0]) and surface.values[5, 5] == CODE["Persistent hot spot"]
    assert result.hot_steps[5, 5] == STEPS
    assert result.parameters["n_cells"] == GRID.n_inside - 1
    with pytest.raises(ValueError, match="time_neighbours"):
        emerging_hot_spots(_cube(CASES["Persistent hot spot"]), grid, 50.0, time_neighbours=STEPS)


def test_progress_is_reported_per_step_and_a_cancel_stops_the_analysis(monkeypatch):
    from crimerisk.algorithms import emerging
    from crimerisk.algorithms.progress import Cancelled
    from crimerisk.algorithms.stats import mann_kendall

    monkeypatch.setattr(emerging, "_GI_STEP_BATCH", 3)
    monkeypatch.setattr(emerging, "_TREND_BLOCK_PAIRS", 500)  # a few series per block of cells
    cube = np.random.default_rng(4).poisson(3.0, (STEPS, 11, 11)).astype(float)
    plain = emerging_hot_spots(cube, GRID, 60.0)
    seen = []
    watched = emerging_hot_spots(cube, GRID, 60.0, progress=lambda f: seen.append(f) or True)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 20
    for name in ("categories", "trend_z", "trend_p", "count_trend_z", "count_trend_p", "final_z"):
        assert getattr(watched, name).tobytes() == getattr(plain, name).tobytes(), name
    reference = mann_kendall(cube.reshape(STEPS, -1), axis=0)
    blocks = emerging._mann_kendall_by_blocks(cube.reshape(STEPS, -1), lambda f: None)
    for name in ("s", "variance", "z", "p"):
        np.testing.assert_array_equal(getattr(blocks, name), getattr(reference, name))
    for limit in (0.2, 0.6, 0.9):  # during the Gi*, the Gi* trends, the count trends
        stopped = []
        with pytest.raises(Cancelled):
            emerging_hot_spots(cube, GRID, 60.0, progress=lambda f: stopped.append(f) or f < limit)
        assert limit <= stopped[-1] < 1.0
