"""The analysis grid shared by every method.

Row 0 is the northern row (north-up raster order). A cell ``(row, col)`` covers
``xmin + col * cell <= x < xmin + (col + 1) * cell`` and
``ymax - (row + 1) * cell <= y < ymax - row * cell``: cells are closed on their
west and south edges, so each event falls in exactly one cell and an event on a
shared edge goes to the cell east or north of it. Events on the grid's east or
north border are outside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["DEFAULT_MAX_CELLS", "MAX_WORKING_BYTES", "check_kernel_fits", "GridTooLargeError", "Grid"]

#: Default ceiling on the number of cells, about 200 MB per float32 band.
DEFAULT_MAX_CELLS = 50_000_000
#: Ceiling on the working arrays of one step that grows with several settings at once (a learned
#: forecast's feature stack, Knox's permutation tables): 2 GiB.
MAX_WORKING_BYTES = 2 * 1024 ** 3


def _shape_needed(xmin: float, ymin: float, xmax: float, ymax: float, cell_size: float) -> tuple[int, int]:
    """Rows and columns of ``cell_size`` cells needed to cover the box (at least one each)."""
    cols = max(1, math.ceil((xmax - xmin) / cell_size - 1e-9))
    rows = max(1, math.ceil((ymax - ymin) / cell_size - 1e-9))
    return rows, cols


def _cells_needed(xmin: float, ymin: float, xmax: float, ymax: float, cell_size: float) -> int:
    rows, cols = _shape_needed(xmin, ymin, xmax, ymax, cell_size)
    return rows * cols


def check_kernel_fits(grid: "Grid", reach: float, what: str, max_cells: int = DEFAULT_MAX_CELLS) -> None:
    """Refuse a kernel whose stencil, or the grid padded by it, would pass the memory guard.

    ``reach`` is the kernel's reach in metres; ``what`` names it for the message (e.g. "a radius").
    """
    reach_cells = math.ceil(reach / grid.cell_size) if math.isfinite(reach) else math.inf
    padded = (grid.rows + 2 * reach_cells) * (grid.cols + 2 * reach_cells)
    if padded <= max_cells:
        return
    largest_reach = max(0.0, (math.sqrt(max_cells) - max(grid.rows, grid.cols)) / 2) * grid.cell_size
    raise ValueError(
        f"{what} reaching {reach:g} m spans {2 * reach_cells + 1:,} cells of {grid.cell_size:g} m across, more "
        f"than memory allows (limit {max_cells:,} cells with the grid): use a reach of at most "
        f"{largest_reach:,.0f} m, larger cells, or a smaller extent")


class GridTooLargeError(ValueError):
    """Raised when a grid would exceed the memory guard."""

    def __init__(self, cells: int, max_cells: int, cell_size: float, fitting_cell_size: float):
        self.cells = cells
        self.max_cells = max_cells
        self.cell_size = cell_size
        self.fitting_cell_size = fitting_cell_size
        super().__init__(
            f"the grid would have {cells:,} cells (limit {max_cells:,}) at {cell_size:g} m; "
            f"a cell size of {fitting_cell_size:g} m or more fits"
        )


@dataclass(frozen=True)
class Grid:
    """A north-up grid of square cells, with an optional study-area mask.

    Attributes
    ----------
    xmin, ymax : coordinates of the grid's north-west corner (metres).
    cell_size : side of a cell (metres).
    rows, cols : grid shape.
    mask : bool array ``[rows, cols]``, True for cells inside the study area,
        or None when every cell is inside.
    """

    xmin: float
    ymax: float
    cell_size: float
    rows: int
    cols: int
    mask: np.ndarray | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not (self.cell_size > 0 and math.isfinite(self.cell_size)):
            raise ValueError(f"cell size must be a positive number of metres, got {self.cell_size}")
        if self.rows < 1 or self.cols < 1:
            raise ValueError(f"grid must have at least one row and column, got {self.rows} x {self.cols}")
        if self.mask is not None and self.mask.shape != self.shape:
            raise ValueError(f"mask shape {self.mask.shape} does not match grid shape {self.shape}")

    @classmethod
    def snapped(cls, box: tuple[float, float, float, float], cell_size: float, max_cells: int = DEFAULT_MAX_CELLS,
                last_point: tuple[float, float] | None = None) -> "Grid":
        """The grid covering the box with its edges on multiples of ``cell_size`` (one cell at least each way).

        Parameters
        ----------
        box : tuple of float
            ``(xmin, ymin, xmax, ymax)``, the box to cover (metres).
        cell_size : float
            Side of a cell (metres).
        max_cells : int, default DEFAULT_MAX_CELLS
            Memory guard, as in :meth:`covering`.
        last_point : tuple of float, optional
            The largest x and largest y of the points the box was drawn around: a point on the eastern or
            northern edge gets one more cell, so that every point lies inside.
        """
        xmin, ymin, xmax, ymax = (float(v) for v in box)
        if all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax, cell_size)) and cell_size > 0:
            xmin, ymin = math.floor(xmin / cell_size) * cell_size, math.floor(ymin / cell_size) * cell_size
            xmax = max(math.ceil(xmax / cell_size) * cell_size, xmin + cell_size)
            ymax = max(math.ceil(ymax / cell_size) * cell_size, ymin + cell_size)
            if last_point is not None and last_point[0] >= xmax:
                xmax += cell_size
            if last_point is not None and last_point[1] >= ymax:
                ymax += cell_size
        return cls.covering(xmin, ymin, xmax, ymax, cell_size, max_cells)

    @classmethod
    def covering(
        cls,
        xmin: float,
        ymin: float,
        xmax: float,
        ymax: float,
        cell_size: float,
        max_cells: int = DEFAULT_MAX_CELLS,
    ) -> "Grid":
        """The smallest grid of ``cell_size`` cells anchored at (xmin, ymax) covering the box.

        Raises :class:`GridTooLargeError` past ``max_cells``.
        """
        if not (cell_size > 0 and math.isfinite(cell_size)):
            raise ValueError(f"cell size must be a positive number of metres, got {cell_size}")
        if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax)):
            raise ValueError(f"the extent ({xmin}, {ymin}, {xmax}, {ymax}) is not finite: "
                             "check the layer's extent and coordinate reference system")
        if not (xmax >= xmin and ymax >= ymin):
            raise ValueError("extent is empty or inverted")
        width, height = xmax - xmin, ymax - ymin
        if not (math.isfinite(width / cell_size) and math.isfinite(height / cell_size)):
            raise ValueError(f"the extent is too large for cells of {cell_size:g} m: "
                             "check the extent's coordinate reference system or use larger cells")
        rows, cols = _shape_needed(xmin, ymin, xmax, ymax, cell_size)
        if rows * cols > max_cells:
            # Lower bounds on a fitting size: by area, and by the longer side (a zero-width extent).
            area = width * height
            by_area = (math.sqrt(area / max_cells) if math.isfinite(area)
                       else math.sqrt(width) * math.sqrt(height / max_cells))
            fitting = float(math.ceil(max(by_area, max(width, height) / max_cells)))
            while _cells_needed(xmin, ymin, xmax, ymax, fitting) > max_cells:
                fitting = float(math.ceil(fitting * 1.01))
            raise GridTooLargeError(rows * cols, max_cells, cell_size, float(fitting))
        return cls(xmin=float(xmin), ymax=float(ymax), cell_size=float(cell_size), rows=rows, cols=cols)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.rows, self.cols)

    @property
    def n_cells(self) -> int:
        return self.rows * self.cols

    @property
    def xmax(self) -> float:
        return self.xmin + self.cols * self.cell_size

    @property
    def ymin(self) -> float:
        return self.ymax - self.rows * self.cell_size

    @property
    def cell_area(self) -> float:
        """Area of one cell in square metres."""
        return self.cell_size * self.cell_size

    @property
    def inside(self) -> np.ndarray:
        """Bool ``[rows, cols]``: True where the cell is in the study area."""
        if self.mask is None:
            return np.ones(self.shape, dtype=bool)
        return self.mask

    @property
    def n_inside(self) -> int:
        return int(self.inside.sum())

    def with_mask(self, mask: np.ndarray | None) -> "Grid":
        """The same grid with another study-area mask."""
        return Grid(self.xmin, self.ymax, self.cell_size, self.rows, self.cols,
                    None if mask is None else np.asarray(mask, dtype=bool))

    def geotransform(self) -> tuple[float, float, float, float, float, float]:
        """GDAL geotransform of the grid (north-up)."""
        return (self.xmin, self.cell_size, 0.0, self.ymax, 0.0, -self.cell_size)

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row and column of each point, and whether it lies on the grid (mask ignored)."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        col = np.floor((x - self.xmin) / self.cell_size)
        row = np.floor((self.ymax - y) / self.cell_size)
        # An event exactly on a cell's northern edge belongs to the cell north of it.
        on_edge = (self.ymax - y) == row * self.cell_size
        row = np.where(on_edge, row - 1, row)
        on_grid = (col >= 0) & (col < self.cols) & (row >= 0) & (row < self.rows)
        on_grid &= np.isfinite(x) & np.isfinite(y)
        row = np.where(on_grid, row, -1).astype(np.int64)
        col = np.where(on_grid, col, -1).astype(np.int64)
        return row, col, on_grid

    def contains(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """True for points on the grid and inside the study area."""
        row, col, on_grid = self.cell_of(x, y)
        result = on_grid.copy()
        if self.mask is not None:
            result[on_grid] = self.mask[row[on_grid], col[on_grid]]
        return result

    def flat_index(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Row-major cell index of each point, -1 off the grid or outside the mask."""
        row, col, _ = self.cell_of(x, y)
        index = row * self.cols + col
        return np.where(self.contains(x, y), index, -1)

    def count(self, x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Float64 ``[rows, cols]`` (weighted) count of points per cell; off-mask points are ignored."""
        index = self.flat_index(x, y)
        keep = index >= 0
        w = None if weights is None else np.asarray(weights, dtype=np.float64)[keep]
        counts = np.bincount(index[keep], weights=w, minlength=self.n_cells)
        return counts.astype(np.float64).reshape(self.shape)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Cell-centre x of each column and y of each row (1-D arrays)."""
        xs = self.xmin + (np.arange(self.cols) + 0.5) * self.cell_size
        ys = self.ymax - (np.arange(self.rows) + 0.5) * self.cell_size
        return xs, ys

    def centre_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """Cell-centre coordinates as two ``[rows, cols]`` arrays."""
        xs, ys = self.centres()
        return np.meshgrid(xs, ys)

    def index_offsets(self, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row and column offsets of the cells whose centres lie within ``radius``
        of a cell centre, with those distances (for neighbourhood kernels)."""
        reach = int(math.floor(radius / self.cell_size))
        d = np.arange(-reach, reach + 1)
        dr, dc = np.meshgrid(d, d, indexing="ij")
        dist = np.hypot(dr, dc) * self.cell_size
        keep = dist <= radius + 1e-9
        return dr[keep], dc[keep], dist[keep]
