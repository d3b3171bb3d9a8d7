"""Patrol zones from a risk raster: budget, minimum zone size, ranking, unit balancing."""

import math

import numpy as np
import pytest
from scipy import ndimage

from crimerisk.algorithms.evaluate import rank_cells
from crimerisk.algorithms.patrol import assign_units, budget_in_cells, plan_patrol_zones, select_cells

NAN = np.nan


def _two_blobs() -> np.ndarray:
    risk = np.zeros((6, 8))
    risk[1:3, 1:3] = [[9.0, 8.0], [7.0, 6.0]]  # blob A: 30 expected events
    risk[3:5, 5:7] = [[5.0, 4.0], [4.5, 0.5]]  # blob B: 14
    risk[0, 7] = NAN
    return risk


def test_two_blobs_give_exactly_the_expected_zones():
    plan = plan_patrol_zones(_two_blobs(), budget=7, budget_unit="cells", cell_size=100.0)
    expected = np.zeros((6, 8), np.int32)
    expected[1:3, 1:3] = 1
    expected[3, 5:7] = 2
    expected[4, 5] = 2
    np.testing.assert_array_equal(plan.labels, expected)
    assert plan.labels.dtype == np.int32
    total = 30.0 + 14.0
    assert [(z["rank"], z["cells"], z["expected_events"]) for z in plan.zones] == [(1, 4, 30.0), (2, 3, 13.5)]
    assert plan.zones[0]["area_km2"] == pytest.approx(0.04)
    assert plan.zones[1]["share_captured"] == pytest.approx(13.5 / total)
    assert plan.zones[0]["unit"] is None and plan.units == []


def test_small_isolated_peak_is_dropped_and_its_budget_extends_a_zone():
    risk = np.zeros((5, 5))
    risk[0, 0] = 10.0  # the single best cell, alone
    risk[2:4, 2:4] = [[5.0, 4.0], [3.0, 2.0]]
    risk[4, 2] = 1.0
    plain = plan_patrol_zones(risk, 4, "cells")
    assert plain.labels[0, 0] == 2 and plain.selected_cells == 4  # without a minimum the peak is a zone
    plan = plan_patrol_zones(risk, 4, "cells", min_zone_cells=2)
    expected = np.zeros((5, 5), np.int32)
    expected[2:4, 2:4] = 1
    np.testing.assert_array_equal(plan.labels, expected)
    plan = plan_patrol_zones(risk, 5, "cells", min_zone_cells=2)
    assert plan.labels[4, 2] == 1 and plan.labels[0, 0] == 0 and plan.selected_cells == 5


def test_ties_go_to_risk_around_then_to_a_seeded_draw():
    risk = np.ones((4, 4))  # all tied: the 4 inner cells have the most risk around them (9 against 6 or 4)
    inner = {5, 6, 9, 10}
    chosen = {seed: tuple(np.flatnonzero(plan_patrol_zones(risk, 3, "cells", seed=seed).labels))
              for seed in range(20)}
    assert all(set(cells) < inner and len(cells) == 3 for cells in chosen.values())
    assert len(set(chosen.values())) == 4  # every 3 of the 4 inner cells, depending on the seed
    assert tuple(np.flatnonzero(plan_patrol_zones(risk, 3, "cells", seed=3).labels)) == chosen[3]
    risk = np.zeros((3, 7))
    risk[1, 0], risk[1, 6], risk[1, 3] = 2.0, 2.0, 2.0  # three equal zones, equal surroundings
    firsts = [int(np.argmax(plan_patrol_zones(risk, 3, "cells", seed=seed).labels[1] == 1)) for seed in range(30)]
    assert set(firsts) == {0, 3, 6}  # any of them ranks first, depending on the seed only
    with pytest.raises(ValueError, match="seed"):
        plan_patrol_zones(risk, 3, "cells", seed=-1)


def _mirror_city(north: bool, rows: int = 20, cols: int = 20) -> np.ndarray:
    """A last-period map: a hot cell near the north (or, mirrored, the south) edge, two single
    events, and the rest of the city tied at zero."""
    risk = np.zeros((rows, cols))
    risk[2, 10], risk[2, 15], risk[rows - 3, 4] = 5.0, 1.0, 1.0
    return risk if north else risk[::-1].copy()


def _northern_shares(chosen: list[np.ndarray], risk: np.ndarray) -> tuple[float, float]:
    """Mean share, over draws, of the chosen zero cells that lie in the northern half: all of them,
    and those whose whole neighbourhood is zero too (tied on both keys)."""
    northern = np.zeros(risk.shape, dtype=bool)
    northern[: risk.shape[0] // 2] = True
    zero = risk == 0
    isolated = zero & (ndimage.uniform_filter(risk, 3, mode="constant") == 0)
    return tuple(float(np.mean([np.sum(c & kind & northern) / max(np.sum(c & kind), 1) for c in chosen]))
                 for kind in (zero, isolated))


def test_mirror_image_cities_get_mirror_image_zones_in_distribution():
    """Budget 40 cells: 3 positive cells, their 24 neighbours, then 13 drawn among 280 fully tied cells.

    Over 200 seeds the northern share of the drawn tied cells is about 50% in both mirror cities, and
    the northern share of all chosen zero cells in one city is the southern share in the other; the
    old row-major order took every tied cell from the north in both cities (see the report for the
    measured figures).
    """
    shares = {}
    for north in (True, False):
        risk = _mirror_city(north)
        chosen = [plan_patrol_zones(risk, 40, "cells", seed=seed).labels > 0 for seed in range(200)]
        shares[north] = _northern_shares(chosen, risk)
        old = np.zeros(risk.size, dtype=bool)
        old[rank_cells(risk)[:40]] = True
        assert _northern_shares([old.reshape(risk.shape)], risk)[1] == 1.0  # the defect
    assert abs(shares[True][0] - (1.0 - shares[False][0])) < 0.02  # mirror cities, mirror zones
    for _, isolated in shares.values():
        assert abs(isolated - 0.5) < 0.04  # sd of the mean over 200 draws of 13 cells: about 1%


def test_connectivity_decides_whether_corner_neighbours_merge():
    risk = np.zeros((3, 3))
    risk[0, 0], risk[1, 1] = 2.0, 1.0
    assert len(plan_patrol_zones(risk, 2, "cells", connectivity=4).zones) == 2
    assert len(plan_patrol_zones(risk, 2, "cells", connectivity=8).zones) == 1


def greedy_reference(risk: np.ndarray, budget: int, min_cells: int, connectivity: int = 4) -> np.ndarray:
    """The documented rule, recomputing connected groups with ndimage at every step (slow, plain;
    the benchmark imports it too)."""
    structure = ndimage.generate_binary_structure(2, 1 if connectivity == 4 else 2)
    flat = risk.ravel()
    around = ndimage.convolve(np.nan_to_num(risk), np.ones((3, 3)), mode="constant").ravel()
    if around.max() > 0:
        around = np.round(around / around.max(), 9)
    draw = np.random.default_rng(0).random(flat.size)  # the documented tie-break, seed 0
    order = sorted(np.flatnonzero(~np.isnan(flat)), key=lambda i: (-flat[i], -around[i], draw[i]))
    kept = np.zeros(risk.shape, bool)  # visited, not rejected
    committed = np.zeros(risk.shape, bool)
    for cell in order:
        if committed.sum() == budget:
            break
        r, c = divmod(int(cell), risk.shape[1])
        trial = kept.copy()
        trial[r, c] = True
        labels, _ = ndimage.label(trial, structure=structure)
        group = labels == labels[r, c]
        if group.sum() >= min_cells:
            if committed.sum() + (group & ~committed).sum() > budget:
                continue
            committed |= group
        kept = trial
    return committed


def test_budget_never_exceeded_and_zones_big_enough_on_random_rasters():
    rng = np.random.default_rng(11)
    for trial in range(120):
        shape = tuple(rng.integers(3, 13, 2))
        risk = rng.gamma(0.5, 1.0, shape)
        risk[rng.random(shape) < 0.2] = NAN
        if trial % 5 == 0:
            risk = np.round(risk)  # many ties
        if np.isnan(risk).all():
            continue
        n_valid = int((~np.isnan(risk)).sum())
        unit = ["cells", "percent", "km2"][trial % 3]
        budget = {"cells": rng.integers(1, n_valid + 3), "percent": rng.uniform(100.0 / n_valid, 100),
                  "km2": rng.uniform(0.01, 0.01 * (n_valid + 2))}[unit]
        budget_cells, _ = budget_in_cells(budget, unit, n_valid, cell_size=100.0)
        min_cells = int(rng.integers(1, 5))
        connectivity = [4, 8][trial % 2]
        try:
            plan = plan_patrol_zones(risk, budget, unit, cell_size=100.0, min_zone_cells=min_cells,
                                     connectivity=connectivity)
        except ValueError as error:  # only when no zone of min_cells fits
            assert "minimum" in str(error) or "no group" in str(error)
            assert greedy_reference(risk, budget_cells, min_cells, connectivity).sum() == 0
            continue
        selected = plan.labels > 0
        assert selected.sum() <= plan.budget_cells == budget_cells <= n_valid
        assert not np.isnan(risk[selected]).any()
        np.testing.assert_array_equal(selected, greedy_reference(risk, budget_cells, min_cells, connectivity))
        structure = ndimage.generate_binary_structure(2, 1 if connectivity == 4 else 2)
        components, count = ndimage.label(selected, structure=structure)
        assert count == len(plan.zones) == plan.labels.max()
        sizes = np.bincount(components.ravel())[1:]
        assert sizes.min() >= min_cells
        expected = [z["expected_events"] for z in plan.zones]
        assert expected == sorted(expected, reverse=True)
        for zone in plan.zones:
            cells = plan.labels == zone["rank"]
            assert zone["cells"] == cells.sum()
            assert zone["expected_events"] == pytest.approx(risk[cells].sum())
        if min_cells == 1:  # no minimum: exactly the top cells
            valid = ~np.isnan(risk)  # the top cells by risk, whichever of the tied ones the draw took
            assert selected.sum() == budget_cells
            assert risk[selected].min() >= risk[valid & ~selected].max(initial=-np.inf)


def test_select_cells_alone_matches_the_plan():
    risk = _two_blobs()
    np.testing.assert_array_equal(select_cells(risk, 7), plan_patrol_zones(risk, 7, "cells").labels > 0)


def test_budget_conversions():
    assert budget_in_cells(5, "percent", 200) == (10, [])
    assert budget_in_cells(0.25, "km2", 1000, cell_size=100.0) == (25, [])
    assert budget_in_cells(0.25, "km²", 1000, cell_size=100.0) == (25, [])
    assert budget_in_cells(7.9, "cells", 100) == (7, [])
    cells, notes = budget_in_cells(50, "cells", 20)
    assert cells == 20 and "capped" in notes[0]


@pytest.mark.parametrize("call, message", [
    (lambda r: plan_patrol_zones(r, 0, "cells"), "positive"),
    (lambda r: plan_patrol_zones(r, -3, "percent"), "positive"),
    (lambda r: plan_patrol_zones(r, 5, "hectares"), "unknown budget unit"),
    (lambda r: plan_patrol_zones(r, 150, "percent"), "at most 100"),
    (lambda r: plan_patrol_zones(r, 1, "km2"), "cell size"),
    (lambda r: plan_patrol_zones(r, 0.001, "km2", cell_size=100.0), "smaller than one cell"),
    (lambda r: plan_patrol_zones(r, 3, "cells", min_zone_cells=4), "minimum zone size"),
    (lambda r: plan_patrol_zones(r, 3, "cells", connectivity=6), "connectivity"),
    (lambda r: plan_patrol_zones(r, 3, "cells", units=-1), "patrol units"),
    (lambda r: plan_patrol_zones(np.full((3, 3), NAN), 3, "cells"), "no valid"),
    (lambda r: plan_patrol_zones(-r, 3, "cells"), "negative"),
])
def test_bad_input_is_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call(_two_blobs())


def test_lpt_unit_balancing_by_hand():
    # 7 -> unit 1; 5 -> 2; 4 -> 2 (5 < 7); 3 -> 1 (7 < 9); 3 -> 2 (9 < 10)
    assert assign_units([7, 5, 4, 3, 3], 2) == [1, 2, 2, 1, 2]
    assert assign_units([3, 7, 3, 5, 4], 2) == [1, 1, 2, 2, 2]  # same, whatever the input order
    assert assign_units([2, 2], 2) == [1, 2]  # ties: lowest unit
    assert assign_units([1, 1, 1], 1) == [1, 1, 1]


def test_units_in_a_plan_balance_expected_events():
    risk = np.zeros((3, 11))
    for col, value in zip([0, 2, 4, 6, 8], [7, 5, 4, 3, 3]):
        risk[1, col] = value
    plan = plan_patrol_zones(risk, 5, "cells", units=2)
    assert [z["unit"] for z in plan.zones] == [1, 2, 2, 1, 2]
    assert [(u["unit"], u["zones"], u["expected_events"]) for u in plan.units] == [(1, 2, 10.0), (2, 3, 12.0)]
    assert sum(u["share_captured"] for u in plan.units) == pytest.approx(1.0)
    idle = plan_patrol_zones(risk, 2, "cells", units=3)
    assert idle.units[2]["zones"] == 0 and any("no zone" in note for note in idle.notes)


def test_unused_budget_is_reported():
    risk = np.array([[3.0, NAN, 2.0], [NAN, NAN, NAN], [1.0, NAN, 1.0]])  # isolated cells only
    with pytest.raises(ValueError, match="no group"):
        plan_patrol_zones(risk, 3, "cells", min_zone_cells=2)
    risk[0, 1] = 0.5
    plan = plan_patrol_zones(risk, 4, "cells", min_zone_cells=2)
    assert plan.selected_cells == 3 and math.isclose(plan.zones[0]["expected_events"], 5.5)
    assert any("unused" in note for note in plan.notes)
