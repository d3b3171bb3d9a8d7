"""Qt6 (QGIS 4) readiness of the plugin's sources, checked statically (scripts/qt6_check.py).

Under Qt6/PyQt6 enum members exist only in their scoped form, ``exec_()`` is gone and PyQt5 cannot
be imported; every shipped module is parsed and checked against the QGIS the tests run on.
"""

import configparser
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from qt6_check import fix, scan, scan_file, shipped_files  # noqa: E402

OLD_STYLE = '''from qgis.core import QgsProcessing, QgsProcessingParameterNumber as Number
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QDialog
from PyQt5.QtGui import QColor
import sip

ALIGN = Qt.AlignLeft | Qt.AlignTop
TYPES = [QgsProcessing.TypeVectorPoint]
KIND = Number.Double
QDialog().exec_()
'''

NEW_STYLE = '''from qgis.core import QgsProcessing, QgsProcessingParameterNumber as Number
from qgis.PyQt.QtCore import Qt
from qgis.PyQt import sip

ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
TYPES = [QgsProcessing.SourceType.TypeVectorPoint]
KIND = Number.Type.Double
FLAGS = Qt.ItemFlag  # the enum itself, not a member
NAME = QgsProcessing.TEMPORARY_OUTPUT  # a plain constant
'''


def test_the_plugin_sources_are_qt6_ready():
    files = shipped_files()
    assert len(files) > 30 and ROOT / "plugin" / "io" / "tables.py" in files
    problems = scan(files)
    assert problems == [], "\n".join(str(p) for p in problems) + (
        "\nrun: /usr/bin/python3 scripts/qt6_check.py --fix")


def test_metadata_declares_qt6_support_once_the_check_passes():
    metadata = configparser.ConfigParser()
    metadata.read(ROOT / "metadata.txt", encoding="utf-8")
    assert metadata["general"]["supportsQt6"] == "True"


def test_the_check_finds_each_kind_of_problem(tmp_path):
    source = tmp_path / "old_style.py"
    source.write_text(OLD_STYLE)
    found = {(p.kind, p.text, p.scoped) for p in scan_file(source)}
    assert found == {
        ("import", "PyQt5.QtGui", ""), ("import", "sip", ""),
        ("enum", "Qt.AlignLeft", "Qt.AlignmentFlag.AlignLeft"), ("enum", "Qt.AlignTop", "Qt.AlignmentFlag.AlignTop"),
        ("enum", "QgsProcessing.TypeVectorPoint", "QgsProcessing.SourceType.TypeVectorPoint"),
        ("enum", "Number.Double", "Number.Type.Double"),
        ("exec_", "QDialog().exec_", ""),
    }


def test_scoped_spellings_pass_and_the_fixer_writes_them(tmp_path):
    clean = tmp_path / "new_style.py"
    clean.write_text(NEW_STYLE)
    assert scan_file(clean) == []
    source = tmp_path / "old_style.py"
    source.write_text(OLD_STYLE)
    assert fix(scan_file(source)) == 4
    text = source.read_text()
    assert "Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop" in text
    assert "[QgsProcessing.SourceType.TypeVectorPoint]" in text and "Number.Type.Double" in text
    assert {p.kind for p in scan_file(source)} == {"import", "exec_"}  # left for a person to change


@pytest.mark.parametrize("spelling", ["QgsProcessing.SourceType.TypeVectorPoint",
                                      "QgsProcessingParameterNumber.Type.Double",
                                      "QgsUnitTypes.DistanceUnit.DistanceMeters",
                                      "QgsWkbTypes.GeometryType.PolygonGeometry"])
def test_scoped_spellings_the_plugin_uses_work_on_this_qgis(spelling):
    import qgis.core

    owner, enum_name, member = spelling.split(".")
    value = getattr(getattr(getattr(qgis.core, owner), enum_name), member)
    assert value == getattr(getattr(qgis.core, owner), member)  # the same value as the old spelling
