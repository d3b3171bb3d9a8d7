"""REFERENCE ONLY: a naive, dense N x N EM for the SEPP of ``algorithms/sepp.py``.

Written independently of the production code, as plainly as possible: every
(parent, child) combination is held in N x N matrices, so memory and time grow
with N^2. Used by ``bench_sepp.py`` (speed and memory ratios) and by
``test_sepp.py`` (same estimates as the pair-based EM). No seasonality; the same
cutoffs and edge corrections. The background is either one rate per cell (no
``bandwidth``) or a Gaussian kernel per event, cut at four standard deviations
and integrated over the cells, with the background at each event taken from the
events of the other periods (the window cut in ``periods`` equal parts).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq
from scipy.special import ndtr


def _axis_kernel(position, width, n):
    """Dense [events, n] shares of Gaussians (in cell units) over cells [i, i + 1), cut at 4 widths."""
    i = np.arange(n)[None, :]
    p, w = position[:, None], width[:, None]
    shares = ndtr((i + 1 - p) / w) - ndtr((i - p) / w)
    reached = (i >= np.floor(p - 4 * w)) & (i <= np.floor(p + 4 * w))
    return np.where(reached, shares, 0.0)


def _kernel_background(x, y, grid, bandwidth):
    """Row and column shares of each event's kernel, rows scaled so the kernel sums to 1 inside
    the mask; and [event, other event] = other event's kernel in the event's own cell."""
    width = np.asarray(bandwidth, dtype=float) / grid.cell_size
    rows = _axis_kernel((grid.ymax - y) / grid.cell_size, width, grid.rows)
    cols = _axis_kernel((x - grid.xmin) / grid.cell_size, width, grid.cols)
    inside = grid.inside.astype(float)
    mass = np.einsum("jr,rc,jc->j", rows, inside, cols)
    rows = rows / mass[:, None]
    row, col, _ = grid.cell_of(x, y)
    at_own_cell = rows[:, row].T * cols[:, col].T  # [j, k]: kernel of k in the cell of j
    return rows, cols, at_own_cell


def dense_reference_em(t, x, y, grid, start, end, time_cutoff, space_cutoff, iterations, theta, omega, sigma,
                       bandwidth=None, periods=10):
    """``iterations`` EM steps from (theta, omega, sigma) and a background from every event with
    weight 1 - theta; returns (theta, omega, sigma, background probability per event, log-likelihood).

    ``bandwidth`` (metres per event) gives kernel backgrounds with held-out periods; None: one
    rate per cell, in-sample."""
    period = end - start
    delay = t[None, :] - t[:, None]  # [parent i, child j] = t_j - t_i
    dist2 = (x[None, :] - x[:, None]) ** 2 + (y[None, :] - y[:, None]) ** 2
    close = (delay > 0) & (delay <= time_cutoff) & (dist2 <= space_cutoff ** 2)
    reach = np.minimum(end - t, time_cutoff)
    cell = grid.flat_index(x, y)
    edges = np.linspace(start, end, periods + 1)
    which = np.clip(np.searchsorted(edges, t, side="right") - 1, 0, periods - 1)
    others = which[:, None] != which[None, :]  # [j, k]: k is in another period than j
    held_exposure = period - np.diff(edges)[which]
    if bandwidth is not None:
        rows, cols, at_own_cell = _kernel_background(x, y, grid, bandwidth)

    def background_of(weights):
        """(rate per cell over the window, rate of each event's cell for the E-step)."""
        if bandwidth is None:
            per_cell = np.bincount(cell, weights=weights, minlength=grid.n_cells) / period
            return per_cell, per_cell[cell]
        per_cell = (rows.T @ (weights[:, None] * cols)).ravel() * grid.inside.ravel() / period
        held_out = (at_own_cell * others) @ weights / held_exposure
        return per_cell, held_out

    def e_step(theta, omega, sigma, background):
        per_cell, at_events = background
        spread = np.exp(-dist2 / (2 * sigma ** 2)) / (2 * math.pi * sigma ** 2)
        kernel = theta * omega * np.exp(-omega * delay) * spread
        kernel = np.where(close, kernel, 0.0)
        own = at_events / grid.cell_area
        rate = own + kernel.sum(axis=0)
        loglik = np.log(rate).sum() - per_cell.sum() * period - theta * np.sum(1 - np.exp(-omega * reach))
        return kernel / rate[None, :], own / rate, loglik

    background = background_of(np.full(t.size, 1.0 - theta))
    for _ in range(iterations):
        offspring_p, background_p, _ = e_step(theta, omega, sigma, background)
        background = background_of(background_p)
        total = offspring_p.sum()
        sigma = math.sqrt((offspring_p * dist2).sum() / (2 * total))
        delay_sum = (offspring_p * delay).sum()

        def score(w):  # derivative of the profile log-likelihood in omega
            lost = np.sum(reach * np.exp(-w * reach)) / np.sum(1 - np.exp(-w * reach))
            return total / w - delay_sum - total * lost

        omega = brentq(score, 1e-4, 1e3, xtol=1e-14, rtol=1e-13)
        theta = total / np.sum(1 - np.exp(-omega * reach))
    _, background_p, loglik = e_step(theta, omega, sigma, background)
    return theta, omega, sigma, background_p, loglik
