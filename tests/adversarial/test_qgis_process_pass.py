"""One pass through the real qgis_process: the README's backtest recipe as written (list choices by name),
a refused output over the input: clean messages, no traceback, no ERROR line on success, inputs unchanged."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest
from adversarial_data import fingerprint

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from qgis_process_runner import QgisProcess  # noqa: E402

pytestmark = pytest.mark.qgis_process
SAMPLE = ROOT / "resources" / "sample" / "crimerisk_sample.gpkg"


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("qgis-process"))


@pytest.fixture
def sample(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(SAMPLE, inputs / "sample.gpkg")
    return inputs / "sample.gpkg"


def readme_recipe(algorithm: str, sample: Path) -> list[str]:
    """The README's qgis_process line for ``algorithm``, with its shell variables filled in."""
    text = (ROOT / "README.md").read_text()
    line = next(l for l in text.splitlines() if l.startswith(f"qgis_process.bin run crimerisk:{algorithm} "))
    events, mask = f"{sample}|layername=events", f"{sample}|layername=boundary"
    shared = " ".join(shlex.quote(p) for p in (f"INPUT={events}", "TIME_FIELD=occurred",
                                                 "CATEGORY_FIELD=crime_type", f"MASK={mask}"))
    return shlex.split(line.replace("$F", shared))[1:]


def assert_clean(output: str) -> None:
    assert "Traceback" not in output and "Error executing" not in output, output[-3000:]


def test_the_readme_backtest_recipe_runs_and_its_verdict_is_no_error(qgis_process, sample, tmp_path):
    before = fingerprint(sample.parent)
    arguments = readme_recipe("backtest", sample)
    arguments = [a if "=" not in a or not a.startswith("OUTPUT") else
                 f"{a.split('=')[0]}={tmp_path / a.split('=')[1]}" for a in arguments]
    arguments = [re.sub(r"^FOLDS=\d+", "FOLDS=3", a) for a in arguments]  # fewer folds: the same recipe, faster
    done = qgis_process.call(*arguments, check=False, timeout=240)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert_clean(output)
    assert not re.search(r"^ERROR", output, re.M), output[-3000:]
    assert (tmp_path / "folds.csv").exists() and (tmp_path / "summary.csv").exists()
    assert fingerprint(sample.parent) == before


@pytest.mark.parametrize("case,changes,problem", [
    ("raster over the input", {"OUTPUT": "{sample}"}, "read by this run"),
])
def test_refusals_are_clean_and_leave_inputs_unchanged(qgis_process, sample, tmp_path, case, changes, problem):
    before = fingerprint(sample.parent)
    parameters = {"INPUT": f"{sample}|layername=events", "TIME_FIELD": "occurred", "CELL_SIZE": 600}
    parameters.update({k: v.format(sample=sample, tmp=tmp_path) for k, v in changes.items()})
    answer = qgis_process.run("crimerisk:sepp", check=False, **parameters)
    assert answer.get("returncode", 0) != 0
    assert problem in answer["error"], answer["error"][-2000:]
    assert_clean(answer["error"])
    assert fingerprint(sample.parent) == before
    assert list(tmp_path.glob("*.tif")) == []
