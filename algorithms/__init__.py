"""CrimeRisk methods: plain numpy / scipy / scikit-learn, no QGIS import.

Every module here works on an :class:`~.events.EventSet` (times in days, metric
coordinates) and a :class:`~.grid.Grid`, and returns arrays or a
:class:`~.surface.RiskSurface`. The QGIS side lives in ``plugin/``.
"""
