"""What a method returns: a risk surface on a grid, with its units and fitted parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .grid import Grid

__all__ = ["RiskSurface"]


@dataclass
class RiskSurface:
    """A float32 ``[rows, cols]`` surface on ``grid``.

    Attributes
    ----------
    values : float32 array; cells outside the grid's mask hold NaN.
    grid : the grid the values live on.
    units : what one value means, e.g. ``"events per km²"``.
    parameters : fitted or derived parameters an analyst should see (name -> value).
    warnings : doubts about the fit an analyst should read, one sentence each.
    """

    values: np.ndarray
    grid: Grid
    units: str
    parameters: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        values = np.asarray(self.values, dtype=np.float32)
        if values.shape != self.grid.shape:
            raise ValueError(f"values shape {values.shape} does not match grid {self.grid.shape}")
        if self.grid.mask is not None:
            values = np.where(self.grid.mask, values, np.float32(np.nan)).astype(np.float32)
        self.values = values

    def inside_values(self) -> np.ndarray:
        """The values of the cells inside the study area (1-D)."""
        return self.values[self.grid.inside]
