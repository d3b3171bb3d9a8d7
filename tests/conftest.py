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
