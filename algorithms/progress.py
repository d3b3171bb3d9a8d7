"""Progress reporting and cancellation for long computations.

A method that may run for seconds or more accepts an optional callback
``progress(fraction) -> bool``: it is called with a fraction in [0, 1] and
returns False to ask for cancellation, upon which the method raises
:class:`Cancelled`. The plugin layer passes a callback that forwards the
fraction to the Processing feedback and returns ``not feedback.isCanceled()``.
"""

from __future__ import annotations

from typing import Callable, Optional

__all__ = ["ProgressCallback", "Cancelled", "ProgressReporter"]

#: ``progress(fraction) -> bool``: return False to cancel.
ProgressCallback = Callable[[float], bool]


class Cancelled(Exception):
    """Raised when the caller cancels a computation through its progress callback."""


class ProgressReporter:
    """Calls a (possibly absent) progress callback with fractions that never go back,
    and raises :class:`Cancelled` when the callback returns False.

    A callback that returns None (no return statement) means "carry on".
    """

    def __init__(self, callback: Optional[ProgressCallback]) -> None:
        self._callback = callback
        self._fraction = 0.0

    def __call__(self, fraction: float) -> None:
        if self._callback is None:
            return
        self._fraction = max(self._fraction, min(1.0, max(0.0, float(fraction))))
        answer = self._callback(self._fraction)
        if answer is not None and not answer:
            raise Cancelled("cancelled by the user")
