#!/usr/bin/env bash
# Set up everything CrimeRisk needs on Debian/Ubuntu: QGIS and its Python from apt, and a
# virtual environment (.venv) that sees them, with the test-only packages from PyPI.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# One list, shared with scripts/test-matrix.sh: scripts/apt-packages.txt (comments and blank lines ignored).
mapfile -t APT_PACKAGES < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' scripts/apt-packages.txt)
# --test: also what only the test suite needs (scripts/apt-packages-test.txt).
if [ "${1:-}" = "--test" ]; then
  mapfile -t -O "${#APT_PACKAGES[@]}" APT_PACKAGES < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' scripts/apt-packages-test.txt)
fi
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import qgis.core" 2>/dev/null; then
  rm -rf .venv
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
# Keep the system numpy/scipy/scikit-learn that QGIS was built against: PyPI must not replace them.
/usr/bin/python3 - > .venv/constraints.txt <<'PY'
import numpy, scipy, sklearn
print(f"numpy=={numpy.__version__}\nscipy=={scipy.__version__}\nscikit-learn=={sklearn.__version__}")
PY
if ! cmp -s requirements-test.txt .venv/requirements-installed.txt 2>/dev/null; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -c .venv/constraints.txt -r requirements-test.txt
  cp requirements-test.txt .venv/requirements-installed.txt
fi
echo "Setup done: QGIS $(/usr/bin/python3 -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION)' 2>/dev/null)"
