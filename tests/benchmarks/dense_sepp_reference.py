"""REFERENCE ONLY: a naive, dense N x N EM for the SEPP of ``algorithms/sepp.py``.

Written independently of the production code, as plainly as possible: every
(parent, child) combination is held in N x N matrices, so memory and time grow
with N^2. Used by ``bench_sepp.py`` (speed and memory ratios) and by
``test_sepp.py`` (same estimates as the pair-based EM). Grid background without
smoothing or seasonality; the same cutoffs and edge corrections.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq


def dense_reference_em(t, x, y, cell, n_cells, cell_area, start, end, time_cutoff, space_cutoff,
                       iterations, theta, omega, sigma):
    """``iterations`` EM steps from (theta, omega, sigma) and the count background scaled by
    1 - theta; returns (theta, omega, sigma, background probability per event, log-likelihood)."""
    period = end - start
    delay = t[None, :] - t[:, None]  # [parent i, child j] = t_j - t_i
    dist2 = (x[None, :] - x[:, None]) ** 2 + (y[None, :] - y[:, None]) ** 2
    close = (delay > 0) & (delay <= time_cutoff) & (dist2 <= space_cutoff ** 2)
    reach = np.minimum(end - t, time_cutoff)
    background = (1 - theta) * np.bincount(cell, minlength=n_cells) / period

    def e_step(theta, omega, sigma, background):
        spread = np.exp(-dist2 / (2 * sigma ** 2)) / (2 * math.pi * sigma ** 2)
        kernel = theta * omega * np.exp(-omega * delay) * spread
        kernel = np.where(close, kernel, 0.0)
        own = background[cell] / cell_area
        rate = own + kernel.sum(axis=0)
        loglik = np.log(rate).sum() - background.sum() * period - theta * np.sum(1 - np.exp(-omega * reach))
        return kernel / rate[None, :], own / rate, loglik

    for _ in range(iterations):
        offspring_p, background_p, _ = e_step(theta, omega, sigma, background)
        background = np.bincount(cell, weights=background_p, minlength=n_cells) / period
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
