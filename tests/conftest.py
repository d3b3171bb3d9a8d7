"""Test set-up: expose the checkout as the ``crimerisk`` package, whatever its folder is called."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _expose_checkout_as_crimerisk() -> Path:
    """Put a folder holding ``crimerisk`` (the checkout itself, or a link to it) on sys.path."""
    if ROOT.name == "crimerisk":
        parent = ROOT.parent
    else:
        parent = Path(tempfile.mkdtemp(prefix="crimerisk-pkg-"))
        os.symlink(ROOT, parent / "crimerisk")
    sys.path.insert(0, str(parent))
    return parent


PLUGIN_PARENT = _expose_checkout_as_crimerisk()


def shared_data(name: str) -> Path | None:
    """A file of the development data in ``../shared/data`` (beside the checkout, or beside the folder
    of worktrees), or None when this machine does not have it (a user's machine)."""
    for folder in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"):
        if (folder / name).is_file():
            return folder / name
    return None


TORONTO_DATA = shared_data("toronto_mci_2014_2018_dev.csv.gz")
# Tests of real data are collected only where the data is (CI has it); they never skip themselves.
collect_ignore = [] if TORONTO_DATA else ["test_sample_realism_toronto.py"]
# QGIS's own Processing plugin (``import processing``) lives beside the core Python bindings.
for _candidate in (os.environ.get("QGIS_CORE_PLUGINS", ""), "/usr/share/qgis/python/plugins"):
    if _candidate and os.path.isdir(_candidate) and _candidate not in sys.path:
        sys.path.append(_candidate)


# --- QGIS fixtures ----------------------------------------------------------------------------------
import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def crimerisk_provider(qgis_app, qgis_processing):
    """Register the CrimeRisk provider once per session (pytest-qgis does not)."""
    from qgis.core import QgsApplication

    from crimerisk.plugin.provider import CrimeRiskProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("crimerisk")
    if provider is None:
        provider = CrimeRiskProvider()
        registry.addProvider(provider)
    yield provider
    # Objects kept by reference cycles (a Processing context held by a caught exception's frames, for
    # example) are freed now, while QGIS still runs: freed after pytest-qgis's exitQgis(), a context's
    # layers would close GDAL datasets that QGIS has already closed, and the session would crash.
    import gc

    gc.collect()


@pytest.fixture(scope="session", autouse=True)
def complete_iface(qgis_iface):
    """pytest-qgis 2.x's stand-in ``iface``, completed with what Processing's post-processing
    calls from QGIS 3.40 on (``iface.layerTreeView()``: a real layer tree view of the project),
    so ``processing.runAndLoadResults`` loads and styles outputs on every QGIS version."""
    if not hasattr(qgis_iface, "layerTreeView"):
        from qgis.core import QgsLayerTreeModel, QgsProject
        from qgis.gui import QgsLayerTreeView

        view = QgsLayerTreeView()
        model = QgsLayerTreeModel(QgsProject.instance().layerTreeRoot(), view)
        view.setModel(model)
        qgis_iface.crimerisk_layer_tree_view = view  # keeps the view (and its model) alive
        qgis_iface.layerTreeView = lambda: view
    yield qgis_iface


@pytest.fixture(scope="session")
def demo_events():
    """Two years of the demo town's simulated events (fixed seed), in Lambert-93 metres."""
    from crimerisk.algorithms.simulate import demo_spec, simulate_events

    events, truth = simulate_events(demo_spec(seed=7, n_days=2 * 365.0))
    return events, truth


@pytest.fixture(scope="session")
def demo_gpkg(tmp_path_factory, demo_events):
    """The demo events written to a GeoPackage (EPSG:2154) with a boundary polygon layer."""
    from crimerisk.tests.vector_io import write_events, write_polygons

    events, truth = demo_events
    folder = tmp_path_factory.mktemp("demo")
    path = str(folder / "events.gpkg")
    write_events(path, "events", events, 2154)
    spec = truth.spec
    x0, y0, x1, y1 = spec.xmin + 1000, spec.ymin + 1000, spec.xmin + spec.width - 1000, spec.ymin + spec.height - 1000
    write_polygons(path, "boundary", [f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"], 2154)
    # The treated areas of the hardening suites' intervention cases: a 2 km square in the town's middle.
    cx, cy = spec.xmin + spec.width / 2, spec.ymin + spec.height / 2
    write_polygons(path, "treated", [f"POLYGON(({cx - 1000} {cy - 1000},{cx + 1000} {cy - 1000},{cx + 1000} "
                                     f"{cy + 1000},{cx - 1000} {cy + 1000},{cx - 1000} {cy - 1000}))"], 2154)
    return path


def read_raster(path: str):
    """(array with NaN for nodata, geotransform, projection WKT) of band 1."""
    from osgeo import gdal

    dataset = gdal.Open(path)
    band = dataset.GetRasterBand(1)
    values = band.ReadAsArray().astype(float)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        values[values == nodata] = np.nan
    return values, dataset.GetGeoTransform(), dataset.GetProjection()


@pytest.fixture
def raster_reader():
    return read_raster


# --- Deprecations from the plugin's own code --------------------------------------------------------
def pytest_addoption(parser):
    parser.addoption(
        "--plugin-deprecations-are-errors", action="store_true", default=False,
        help="Fail on any DeprecationWarning raised from the plugin's own modules (crimerisk.*), e.g. "
             "a QGIS API deprecated on a newer QGIS. scripts/test-matrix.sh uses it on every suite.")


def pytest_configure(config):
    if config.getoption("--plugin-deprecations-are-errors"):
        # An ini-style filter: its module field is a regular expression matched from the start.
        config.addinivalue_line("filterwarnings", r"error::DeprecationWarning:crimerisk(\.|$)")
