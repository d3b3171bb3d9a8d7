"""The binning and FFT-convolution engine (algorithms/convolve.py) on its own."""

import numpy as np
import pytest
from scipy.signal import fftconvolve

from crimerisk.algorithms.convolve import convolved_and_cropped, linear_binning, strip_convolution
from crimerisk.algorithms.grid import Grid


@pytest.mark.parametrize("shape, reach", [((60, 45), 3), ((301, 203), 10), ((120, 40), 30), ((7, 9), 5)])
def test_strips_of_any_size_equal_one_whole_fft_convolution(shape, reach):
    rng = np.random.default_rng(reach)
    values = rng.random(shape) * (rng.random(shape) < 0.3)
    values[: shape[0] // 3] = 0.0  # some strips all zero
    stencil = rng.random((2 * reach + 1, 2 * reach + 1))
    whole = fftconvolve(values, stencil, mode="same")
    reports = []
    strips = strip_convolution(values, stencil, reports.append, strip_elements=2_000)
    np.testing.assert_allclose(strips, whole, rtol=0, atol=1e-12 * np.abs(whole).max())
    assert reports == sorted(reports) and reports[-1] == 1.0
    assert len(reports) > 1 or shape[0] <= 8 * reach  # several strips unless a strip spans 4 reaches each way


def test_a_binned_point_convolved_and_cropped_is_the_stencil_at_its_cell():
    grid = Grid(0.0, 90.0, 10.0, 9, 9)
    binned = linear_binning(np.array([45.0]), np.array([45.0]), grid, np.array([3.0]))  # the centre of cell (4, 4)
    assert binned[4, 4] == pytest.approx(3.0) and binned.sum() == pytest.approx(3.0)
    stencil = np.arange(9.0).reshape(3, 3) + 1.0
    padded = np.pad(binned, 2)
    result = convolved_and_cropped(padded, stencil, 2)
    np.testing.assert_allclose(result[3:6, 3:6], 3.0 * stencil, atol=1e-9)
    assert np.count_nonzero(result) == 9
