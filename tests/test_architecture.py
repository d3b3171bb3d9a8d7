"""House rules that a test can check."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_algorithms_never_import_qgis():
    offenders = []
    for path in (ROOT / "algorithms").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("qgis", "PyQt5", "osgeo")]
    assert offenders == []
