"""The installable zip holds what QGIS needs, nothing else, and loads in a clean profile."""

import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import package  # noqa: E402
from qgis_process_runner import QgisProcess  # noqa: E402


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory):
    return package.build(tmp_path_factory.mktemp("dist"), compile_translations=False)


def test_zip_contains_the_plugin_and_nothing_else(plugin_zip):
    assert plugin_zip.name == f"crimerisk-{package.version()}.zip"
    names = zipfile.ZipFile(plugin_zip).namelist()
    assert all(name.startswith("crimerisk/") for name in names)
    for needed in ("metadata.txt", "__init__.py", "LICENSE", "plugin/provider.py", "plugin/processing/kde.py",
                   "algorithms/kde.py", "resources/icons/crimerisk.svg", "resources/i18n/crimerisk_fr.qm"):
        assert f"crimerisk/{needed}" in names, needed
    forbidden = ("tests/", "scripts/", ".ci/", ".git", "__pycache__", "pyproject.toml", "Makefile", ".ts")
    assert not [n for n in names if any(part in n for part in forbidden)]


def test_zip_loads_in_a_clean_profile(plugin_zip, tmp_path):
    zipfile.ZipFile(plugin_zip).extractall(tmp_path / "unzipped")
    qgis = QgisProcess(tmp_path / "qgis", plugin_folder=tmp_path / "unzipped" / "crimerisk")
    assert "crimerisk:kde" in qgis.call("list").stdout
