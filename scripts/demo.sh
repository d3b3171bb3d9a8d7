#!/usr/bin/env bash
# Set everything up, then run the main job on the bundled sample data through qgis_process.
# Outputs (styled GeoTIFFs and street layers, reports, PNG maps) go to demo-output/ (or the folder given).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
exec .venv/bin/python scripts/demo.py "${1:-demo-output}"
