"""Gi* inference (algorithms/inference.py): exact tails against enumeration and Monte Carlo, error
rates on null data at crime-like densities, power on planted clusters; the same for space-time Gi*."""

import itertools

import numpy as np
import pytest

from crimerisk.algorithms.emerging import significant_bins, space_time_gi_star
from crimerisk.algorithms.gistar import gi_star
from crimerisk.algorithms.grid import Grid
from crimerisk.algorithms.inference import WEIGHT_LEVELS

CELL = 150.0
DEFAULT_NEIGHBOURHOOD = 2 * CELL  # the plugin's default: two cell sizes (13 cells)
SIDE = 50
GRID = Grid(0.0, SIDE * CELL, CELL, SIDE, SIDE)
NULL_REPLICATES = 400


def _enumerated_p(values: np.ndarray, member_weights: np.ndarray, observed: float) -> float:
    """Two-sided p of a neighbourhood sum by enumerating every draw (with replacement) of its members."""
    totals = np.zeros(1)
    for weight in member_weights:
        totals = (totals[:, None] + weight * values[None, :]).ravel()
    upper, lower = np.mean(totals >= observed - 1e-9), np.mean(totals <= observed + 1e-9)
    return min(1.0, 2.0 * min(upper, lower))


def _members(grid: Grid, kernel_reach: int, weights_of, row: int, col: int) -> list[tuple[float, int, int]]:
    out = []
    for dr, dc in itertools.product(range(-kernel_reach, kernel_reach + 1), repeat=2):
        r, c = row + dr, col + dc
        w = weights_of(dr, dc)
        if 0 <= r < grid.rows and 0 <= c < grid.cols and w > 0:
            out.append((w, r, c))
    return out


@pytest.mark.parametrize("weighting", ["binary", "inverse_distance"])
def test_exact_p_values_equal_brute_force_enumeration(weighting):
    rng = np.random.default_rng(5)
    grid = Grid(0.0, 4 * 10.0, 10.0, 4, 4)
    counts = rng.choice([0, 0, 0, 1, 1, 2, 4], size=grid.shape).astype(float)
    counts[1, 1] = 7.0
    values = counts.ravel()
    if weighting == "binary":
        result = gi_star(counts, grid, 10.0, weighting, correction="none")

        def weights_of(dr, dc):
            return 1.0 if dr * dr + dc * dc <= 1 else 0.0
    else:
        result = gi_star(counts, grid, 10.0 * np.sqrt(2) + 1e-6, weighting, correction="none")

        def weights_of(dr, dc):  # lattice weights: 1/d rounded to 1/WEIGHT_LEVELS, as documented
            d = np.hypot(dr, dc)
            return np.rint(WEIGHT_LEVELS / max(d, 1.0)) / WEIGHT_LEVELS if d <= np.sqrt(2) + 1e-9 else 0.0
    assert result.test.method == "exact"
    checked = 0
    for row, col in itertools.product(range(grid.rows), range(grid.cols)):
        members = _members(grid, 1, weights_of, row, col)
        if len(members) > 6:  # 16^9 draws is too many to enumerate: corners and edges suffice
            continue
        member_weights = np.array([w for w, _, _ in members])
        observed = sum(w * counts[r, c] for w, r, c in members)
        assert result.p[row, col] == pytest.approx(_enumerated_p(values, member_weights, observed), abs=1e-9)
        checked += 1
    assert checked >= 8


def test_exact_p_values_agree_with_many_permutations_without_replacement():
    rng = np.random.default_rng(11)
    counts = rng.negative_binomial(0.5, 0.5 / 1.0, GRID.shape).astype(float)  # mean 0.5, overdispersed
    counts[20:23, 20:23] += 3
    exact = gi_star(counts, GRID, DEFAULT_NEIGHBOURHOOD, correction="none")
    permuted = gi_star(counts, GRID, DEFAULT_NEIGHBOURHOOD, correction="none", inference="permutation",
                       permutations=20_000, seed=3)
    assert exact.test.method == "exact" and permuted.test.method == "permutation"
    # Draws without replacement from 2,500 cells vs the exact with-replacement tail: the same law
    # up to Monte Carlo error (sd <= 0.0036 at p = 0.5 with 20,000 draws).
    p_exact, p_perm = exact.p[GRID.inside], permuted.p[GRID.inside]
    assert np.max(np.abs(p_exact - p_perm)) < 0.02
    small = p_exact < 0.01
    assert small.sum() >= 9
    np.testing.assert_allclose(p_perm[small], p_exact[small], atol=0.002)


def test_the_issue_example_two_events_within_300_m_at_0_02_per_cell():
    rng = np.random.default_rng(2)
    counts = (rng.random(GRID.shape) < 0.02).astype(float)
    counts[23:28, 23:28] = 0.0
    counts[25, 25] = counts[25, 26] = 1.0  # two events in adjacent cells
    exact = gi_star(counts, GRID, DEFAULT_NEIGHBOURHOOD, correction="none")
    normal = gi_star(counts, GRID, DEFAULT_NEIGHBOURHOOD, correction="none", inference="normal")
    share = counts.mean()
    # Truth: 13 independent cells, each holding an event with probability `share`: P(two or more).
    truth = 1.0 - (1.0 - share) ** 13 - 13 * share * (1.0 - share) ** 12
    upper_tail = exact.p[25, 25] / 2.0
    assert upper_tail == pytest.approx(truth, rel=0.02)
    assert 0.015 < upper_tail < 0.04
    assert normal.z[25, 25] > 3.0 and normal.p[25, 25] < 0.002  # the old answer, 20-50 times too small
    assert exact.classes[25, 25] <= 1 and normal.classes[25, 25] == 3  # raw p: 90% at best, not "99%"
    assert not exact.test.cold_spots_possible and exact.test.lowest_cold_p > 0.9


def _null_rates(draw, inference: str = "automatic", replicates: int = NULL_REPLICATES,
                seed: int = 0) -> tuple[float, float, float]:
    """Mean share of cells hot / cold at raw p <= 0.05, and share of replicates with any FDR class."""
    rng = np.random.default_rng(seed)
    hot = cold = any_cell = 0.0
    for _ in range(replicates):
        result = gi_star(draw(rng), GRID, DEFAULT_NEIGHBOURHOOD, inference=inference)
        flagged = result.p[GRID.inside] <= 0.05
        hot += np.mean(flagged & (result.test.direction > 0))
        cold += np.mean(flagged & (result.test.direction < 0))
        any_cell += bool(np.any(result.classes != 0))
    return hot / replicates, cold / replicates, any_cell / replicates


@pytest.mark.parametrize("density", [0.02, 0.1, 0.5, 2.0])
def test_poisson_null_false_positive_rates_at_crime_densities(density):
    hot, cold, any_cell = _null_rates(lambda rng: rng.poisson(density, GRID.shape).astype(float),
                                      seed=int(density * 100))
    assert hot <= 0.06 and cold <= 0.06
    assert any_cell <= 0.10
    assert hot > 0.004  # not vacuous: the test does reject at its level where the data allow


def test_normal_approximation_fails_the_same_sparse_null():
    # The defect this inference fixes: the normal z on 0.02 events per cell.
    hot, cold, any_cell = _null_rates(lambda rng: rng.poisson(0.02, GRID.shape).astype(float), "normal",
                                      replicates=40, seed=7)
    assert any_cell > 0.5 and cold == 0.0


def test_overdispersed_null_keeps_its_size():
    # Negative binomial, mean 0.5, variance 1.5 (shape 0.25): clumped counts with no spatial pattern.
    hot, cold, any_cell = _null_rates(lambda rng: rng.negative_binomial(0.25, 1 / 3, GRID.shape).astype(float),
                                      seed=21)
    assert hot <= 0.06 and cold <= 0.06 and any_cell <= 0.10


@pytest.mark.parametrize("density, extra", [(0.02, 1.0), (0.1, 2.0), (0.5, 3.0), (2.0, 5.0)])
def test_planted_cluster_is_found(density, extra):
    rng = np.random.default_rng(31)
    found = 0
    for _ in range(40):
        counts = rng.poisson(density, GRID.shape).astype(float)
        counts[24:27, 24:27] += rng.poisson(extra, (3, 3))
        found += gi_star(counts, GRID, DEFAULT_NEIGHBOURHOOD).classes[25, 25] > 0
    assert found >= 36  # 90% power


def test_planted_cold_area_is_found_where_cold_spots_are_possible():
    rng = np.random.default_rng(4)
    counts = rng.poisson(3.0, GRID.shape).astype(float)
    counts[10:17, 10:17] = rng.poisson(0.3, (7, 7))
    result = gi_star(counts, GRID, DEFAULT_NEIGHBOURHOOD)
    assert result.test.cold_spots_possible
    assert result.classes[13, 13] < 0


def test_inverse_distance_weights_keep_size_and_power():
    rng = np.random.default_rng(8)
    any_cell = 0
    for _ in range(200):
        result = gi_star(rng.poisson(0.1, GRID.shape).astype(float), GRID, DEFAULT_NEIGHBOURHOOD,
                         "inverse_distance")
        any_cell += bool(np.any(result.classes != 0))
    assert result.test.method == "exact" and any_cell / 200 <= 0.10
    counts = rng.poisson(0.1, GRID.shape).astype(float)
    counts[24:27, 24:27] += rng.poisson(1.5, (3, 3))
    assert gi_star(counts, GRID, DEFAULT_NEIGHBOURHOOD, "inverse_distance").classes[25, 25] > 0


def test_automatic_choice_follows_the_data():
    rng = np.random.default_rng(1)
    shifted = gi_star(rng.poisson(200_000.0, GRID.shape).astype(float), GRID, DEFAULT_NEIGHBOURHOOD)
    assert shifted.test.method == "exact"  # the lattice starts at the smallest count: still small
    wide = np.rint(rng.normal(1e6, 1e5, GRID.shape))  # a range of 800,000: too wide, but symmetric
    dense = gi_star(wide, GRID, DEFAULT_NEIGHBOURHOOD)
    assert dense.test.method == "normal" and "dense" in dense.parameters["inference_reason"]
    skewed = rng.poisson(0.1, GRID.shape).astype(float)
    skewed[3, 3] = 5_000_000.0  # one huge outlier: a lattice too large, and far from symmetric
    outlier = gi_star(skewed, GRID, DEFAULT_NEIGHBOURHOOD, permutations=199, seed=2)
    assert outlier.test.method == "permutation" and outlier.parameters["permutations"] == 199
    fractional = gi_star(rng.poisson(0.3, GRID.shape) * 0.3731, GRID, DEFAULT_NEIGHBOURHOOD)
    assert fractional.test.method == "exact" and fractional.parameters["values_rounded"]
    halves = gi_star(rng.poisson(0.3, GRID.shape) * 0.5, GRID, DEFAULT_NEIGHBOURHOOD)
    assert not halves.parameters["values_rounded"] and halves.parameters["lattice_step"] == 0.5
    again = gi_star(skewed, GRID, DEFAULT_NEIGHBOURHOOD, permutations=199, seed=2)
    np.testing.assert_array_equal(again.p, outlier.p)  # seeded
    with pytest.raises(ValueError, match="inference"):
        gi_star(skewed, GRID, DEFAULT_NEIGHBOURHOOD, inference="bootstrap")


def test_masked_and_edge_neighbourhoods_get_their_own_distribution():
    rng = np.random.default_rng(6)
    mask = np.ones(GRID.shape, dtype=bool)
    mask[:, :10] = False
    mask[30:, 30:] = False
    grid = Grid(0.0, SIDE * CELL, CELL, SIDE, SIDE, mask)
    counts = rng.poisson(0.3, grid.shape).astype(float)
    result = gi_star(counts, grid, DEFAULT_NEIGHBOURHOOD, correction="none")
    assert result.parameters["neighbourhood_makeups"] >= 5
    assert np.all(np.isnan(result.p[~mask])) and np.all(np.isfinite(result.p[mask]))
    # A corner cell of the mask (6 neighbours) with 2 events: P(sum of 6 draws >= 2).
    corner = (0, 10)
    members = [(r, c) for r in range(3) for c in range(10, 13) if (r - 0) ** 2 + (c - 10) ** 2 <= 4]
    values = counts[mask]
    counts_at = counts.copy()
    observed = sum(counts_at[r, c] for r, c in members)
    assert result.p[corner] == pytest.approx(_enumerated_p_fast(values, len(members), observed), abs=1e-9)


def _enumerated_p_fast(values: np.ndarray, k: int, observed: float) -> float:
    """Two-sided p of the sum of ``k`` draws with replacement, by repeated convolution of the pmf."""
    pmf = np.bincount(values.astype(int)) / values.size
    total = np.array([1.0])
    for _ in range(k):
        total = np.convolve(total, pmf)
    s = int(observed)
    return min(1.0, 2.0 * min(total[s:].sum(), total[:s + 1].sum()))


# --- space-time Gi* -----------------------------------------------------------------------------------

ST_GRID = Grid(0.0, 25 * CELL, CELL, 25, 25)


def _space_time_rates(density: float, replicates: int, seed: int) -> tuple[float, float, float]:
    rng = np.random.default_rng(seed)
    hot = cold = any_bin = 0.0
    for _ in range(replicates):
        cube = rng.poisson(density, (12, 25, 25)).astype(np.float32)
        gi = space_time_gi_star(cube, ST_GRID, DEFAULT_NEIGHBOURHOOD, time_neighbours=1)
        flagged = gi.p <= 0.05
        hot += np.mean(flagged & (gi.test.direction > 0))
        cold += np.mean(flagged & (gi.test.direction < 0))
        any_bin += bool(significant_bins(gi.z, 0.10, "fdr", p=gi.p)[0].any())
    return hot / replicates, cold / replicates, any_bin / replicates


@pytest.mark.parametrize("density", [0.02, 0.5])
def test_space_time_null_false_positive_rates(density):
    hot, cold, any_bin = _space_time_rates(density, 400, seed=int(100 * density))
    assert hot <= 0.06 and cold <= 0.06 and any_bin <= 0.10


def test_space_time_planted_hot_spot_is_found():
    rng = np.random.default_rng(9)
    cube = rng.poisson(0.05, (12, 25, 25)).astype(np.float32)
    cube[6:, 11:14, 11:14] += rng.poisson(1.0, (6, 3, 3))
    gi = space_time_gi_star(cube, ST_GRID, DEFAULT_NEIGHBOURHOOD, time_neighbours=1)
    significant, _ = significant_bins(gi.z, 0.05, "fdr", p=gi.p)
    centre = 12 * 25 + 12
    assert gi.test.method == "exact"
    assert significant[7:, centre].all() and not significant[:5, centre].any()
    assert np.all(gi.test.direction[7:, centre] > 0)
    normal = space_time_gi_star(cube, ST_GRID, DEFAULT_NEIGHBOURHOOD, time_neighbours=1, inference="normal")
    np.testing.assert_allclose(normal.z, gi.z)
    assert np.sum(significant_bins(normal.z, 0.05, "fdr", p=normal.p)[0]) >= significant.sum()


def test_far_tail_cut_keeps_p_values_exact_on_heavy_tailed_counts():
    rng = np.random.default_rng(13)
    counts = rng.poisson(0.3, GRID.shape).astype(float)
    counts[10, 10], counts[30, 31], counts[31, 31] = 500.0, 200.0, 40.0  # a few huge cells
    result = gi_star(counts, GRID, DEFAULT_NEIGHBOURHOOD, correction="none")
    assert result.test.method == "exact"
    for cell in ((10, 10), (10, 12), (30, 30), (31, 32), (25, 25)):  # interior cells: 13 neighbours
        rows, cols = cell
        observed = sum(counts[rows + dr, cols + dc] for dr in range(-2, 3) for dc in range(-2, 3)
                       if dr * dr + dc * dc <= 4)
        assert result.p[cell] == pytest.approx(_enumerated_p_fast(counts.ravel(), 13, observed), abs=1e-12)


def test_exact_look_up_by_make_up_when_tables_are_too_large(monkeypatch):
    from crimerisk.algorithms import inference

    rng = np.random.default_rng(17)
    mask = np.ones(GRID.shape, dtype=bool)
    mask[:8, :8] = False
    grid = Grid(0.0, SIDE * CELL, CELL, SIDE, SIDE, mask)
    counts = rng.negative_binomial(0.5, 0.5, grid.shape).astype(float)
    tables = gi_star(counts, grid, DEFAULT_NEIGHBOURHOOD, "inverse_distance", correction="none")
    monkeypatch.setattr(inference, "_TABLE_ENTRIES", 1)
    groups = gi_star(counts, grid, DEFAULT_NEIGHBOURHOOD, "inverse_distance", correction="none")
    np.testing.assert_array_equal(tables.p, groups.p)
    np.testing.assert_array_equal(tables.test.direction, groups.test.direction)
    assert tables.test.lowest_cold_p == groups.test.lowest_cold_p < 0.10
