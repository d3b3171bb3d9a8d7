"""Benchmark: the learned forecast's watched boosting fit against a plain scikit-learn fit.

Prints, side by side, for a Poisson HistGradientBoostingRegressor on synthetic cell x period
samples: the time of a plain ``fit`` and of the watched fit (worker thread, one handshake per
iteration, a cancel check every POLL_SECONDS), as a ratio; the time scikit-learn spends before its
first boosting iteration (binning); and the delay between a cancel pressed during that binning and
the ``Cancelled`` exception, for the watched fit and for a check per iteration only (the old way).

Run: ``/usr/bin/python3 tests/benchmarks/bench_watched_fit.py [samples] [features]``
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import PLUGIN_PARENT  # noqa: E402,F401  (exposes the checkout as ``crimerisk``)

import numpy as np  # noqa: E402
import sklearn  # noqa: E402

from crimerisk.algorithms.mlforecast import _fit_watched, _import_sklearn  # noqa: E402
from crimerisk.algorithms.progress import Cancelled  # noqa: E402


def data(samples: int, features: int):
    rng = np.random.default_rng(1)
    X = rng.gamma(1.0, 1.0, size=(samples, features))
    y = rng.poisson(np.exp(0.3 * X[:, 0] - 0.2 * X[:, 1] - 1.0))
    return X, y, rng.uniform(0.5, 2.0, samples)


def model(max_iter: int = 100):
    return _import_sklearn()["HistGradientBoostingRegressor"](loss="poisson", max_iter=max_iter, early_stopping=False,
                                                              random_state=0)


def time_to_first_iteration(X, y, w) -> float:
    regressor, started, first = model(1), time.perf_counter(), []
    regressor.on_step = lambda: first.append(time.perf_counter()) if not first else None
    regressor.fit(X, y, w)
    return first[0] - started


def cancel_delay(X, y, w, press_after: float, watched: bool) -> float:
    """Seconds from a cancel pressed ``press_after`` s into the fit to ``Cancelled``."""
    regressor, pressed = model(), []
    timer = threading.Timer(press_after, lambda: pressed.append(time.perf_counter()))
    timer.start()

    def report(_fraction: float = 0.0) -> None:
        if pressed:
            raise Cancelled("stop")
    try:
        if watched:
            _fit_watched(regressor, (X, y, w), contextlib.nullcontext, report, (0.0, 1.0))
        else:
            regressor.on_step = report
            regressor.fit(X, y, w)
    except Cancelled:
        return time.perf_counter() - pressed[0]
    finally:
        timer.cancel()
    return float("nan")  # finished before the press


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
    features = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    X, y, w = data(samples, features)
    print(f"scikit-learn {sklearn.__version__}, {samples:,} samples x {features} features, 100 iterations")
    plain_s, watched_s = [], []
    for _ in range(2):  # alternated, best of two: the machine is shared
        start = time.perf_counter()
        plain = model().fit(X, y, w)
        plain_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        watched = _fit_watched(model(), (X, y, w), contextlib.nullcontext, lambda f: None, (0.0, 1.0))
        watched_s.append(time.perf_counter() - start)
    assert watched.predict(X[:1000]).tobytes() == plain.predict(X[:1000]).tobytes()
    print(f"fit (best of 2): plain {min(plain_s):.2f} s, watched {min(watched_s):.2f} s, "
          f"ratio {min(watched_s) / min(plain_s):.3f} (same model)")
    binning = time_to_first_iteration(X, y, w)
    print(f"before the first iteration (binning): {binning:.2f} s")
    press = binning / 3
    print(f"cancel pressed {press:.2f} s into the fit: watched {cancel_delay(X, y, w, press, True):.3f} s, "
          f"per-iteration check only {cancel_delay(X, y, w, press, False):.3f} s")


if __name__ == "__main__":
    main()
