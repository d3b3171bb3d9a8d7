"""The desktop tests import harness.py from their own folder and say where the screenshots are."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import artefacts_folder  # noqa: E402


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(f"desktop screenshots and reports: {artefacts_folder()}")
