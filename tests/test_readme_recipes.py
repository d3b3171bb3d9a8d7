"""The README's qgis_process recipes cannot rot: every algorithm they run exists, every parameter they pass is
one of the algorithm's, every value is acceptable to it, and every required parameter is given."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingParameterDefinition

ROOT = Path(__file__).resolve().parents[1]


def readme_recipes() -> list[tuple[str, dict[str, list[str]]]]:
    """(algorithm id, parameter -> values) of each ``qgis_process.bin run`` line of the README's headless
    section, with its shell variables expanded as the shell would."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Headless runs"):]
    block = section[section.index("```bash\n") + 8:]
    block = block[:block.index("```")]
    variables: dict[str, str] = {"type": "burglary"}
    recipes = []
    for line in block.splitlines():
        line = line.strip()
        assigned = re.fullmatch(r'([A-Z]+)="(.*)"', line)
        if assigned:
            variables[assigned.group(1)] = re.sub(r"\$(\w+)", lambda m: variables[m.group(1)], assigned.group(2))
            continue
        if "qgis_process.bin" not in line or " run " not in line:
            continue
        expanded = re.sub(r"\$\{(\w+)[^}]*\}|\$(\w+)", lambda m: variables[m.group(1) or m.group(2)], line)
        words = shlex.split(expanded.replace("|", "\\|"))
        algorithm = words[words.index("run") + 1]
        parameters: dict[str, list[str]] = {}
        for word in words[words.index("--") + 1:]:
            key, _, value = word.partition("=")
            parameters.setdefault(key, []).append(value)
        recipes.append((algorithm, parameters))
    return recipes


RECIPES = readme_recipes()


def test_the_recipes_cover_every_algorithm_of_the_table():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(crimerisk:\w+)`", text, re.M))
    assert len(listed) >= 17 and listed - {"crimerisk:placeforecast", "crimerisk:intervention"} <= {
        algorithm for algorithm, _ in RECIPES}


@pytest.mark.parametrize("algorithm, parameters", RECIPES, ids=[f"{a}-{i}" for i, (a, _) in enumerate(RECIPES)])
def test_each_recipe_speaks_its_algorithms_parameters(crimerisk_provider, algorithm, parameters):
    alg = QgsApplication.processingRegistry().algorithmById(algorithm)
    assert alg is not None, f"{algorithm} does not exist"
    names = {d.name() for d in alg.parameterDefinitions()}
    assert set(parameters) <= names, f"{algorithm}: unknown parameters {sorted(set(parameters) - names)}"
    for name, values in parameters.items():
        definition = alg.parameterDefinition(name)
        value = values if definition.type() == "enum" and len(values) > 1 else values[0]
        if definition.type() in ("enum",):
            value = [int(v) if v.isdigit() else v for v in values] if len(values) > 1 else (
                int(values[0]) if values[0].isdigit() else values[0])
        assert definition.checkValueIsAcceptable(value), f"{algorithm}: {name}={values} is refused"
    required = {d.name() for d in alg.parameterDefinitions()
                if not d.flags() & QgsProcessingParameterDefinition.FlagOptional and d.defaultValue() is None
                and not d.isDestination()}
    assert required <= set(parameters), f"{algorithm}: required parameters missing: {sorted(required - set(parameters))}"
