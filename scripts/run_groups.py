"""Run one CrimeRisk algorithm for every area and every crime type, in one QGIS session (issue #19).

One ``processing.run`` per group (area x crime type): the area is the group's study-area mask
(``MASK``: events outside it are dropped and the grid covers it), the crime type its ``CATEGORIES``;
outputs are named from templates holding ``{area}`` and ``{category}``. The log gives, per group,
the events kept and the seconds taken; a group the algorithm refuses (e.g. no event of that type in
that area) is logged with the reason and the loop goes on. In one session there is no start-up per
group, which a ``qgis_process`` call per group would pay (about 2 s each).

In the QGIS Python console, with the plugin enabled::

    import sys; sys.path.insert(0, "/path/to/crimerisk/scripts")
    from run_groups import area_masks, run_groups
    areas = area_masks(QgsVectorLayer("data.gpkg|layername=districts", "districts", "ogr"), "name")
    run_groups("crimerisk:kde", {"INPUT": "data.gpkg|layername=events", "CATEGORY_FIELD": "crime_type",
                                 "CELL_SIZE": 100, "RADIUS": 400, "OUTPUT": "/tmp/kde_{area}_{category}.tif"},
               categories=["burglary", "robbery"], areas=areas)

Headless (boots QGIS and the plugin from this checkout)::

    python3 scripts/run_groups.py crimerisk:kde CELL_SIZE=100 RADIUS=400 "OUTPUT=/tmp/{area}_{category}.tif" \\
        --events "data.gpkg|layername=events" --areas "data.gpkg|layername=districts" --area-field name \\
        --category-field crime_type --categories burglary robbery

``--categories`` without values runs every crime type the field holds.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent

#: The algorithm's log line that says how many events it kept (its last one is the group's count).
_KEPT = re.compile(r"Kept ([\d\s,\u202f\u00a0]+) events")


@dataclass
class GroupResult:
    """One group's run: its area and crime type ('' for all), time, events kept, outputs or refusal."""

    area: str
    category: str
    seconds: float
    kept: int | None = None
    outputs: dict = field(default_factory=dict)
    error: str = ""


def slug(text: str) -> str:
    """A name fit for a file: letters, digits, '-' and '_' (others become '_')."""
    return re.sub(r"[^\w-]+", "_", str(text)).strip("_") or "all"


def area_masks(layer, name_field: str) -> list[tuple[str, object]]:
    """(name, one-polygon memory layer) for every feature of a polygon ``layer``."""
    from qgis.core import QgsFeatureRequest

    masks = []
    for feature in layer.getFeatures():
        name = str(feature[name_field]) if name_field else str(feature.id())
        masks.append((name, layer.materialize(QgsFeatureRequest().setFilterFids([feature.id()]))))
    return masks


def _category_text(category: str) -> str:
    """CATEGORIES for one crime type: a name holding a comma is ended by ';' so it is not split."""
    return f"{category};" if "," in category and ";" not in category else category


def _filled(value, area: str, category: str):
    if isinstance(value, str) and ("{area}" in value or "{category}" in value):
        return value.replace("{area}", slug(area)).replace("{category}", slug(category))
    return value


def run_groups(algorithm: str, parameters: dict, categories: list[str] | tuple = (),
               areas: list[tuple[str, object]] | tuple = (),
               log: Callable[[str], None] = print) -> list[GroupResult]:
    """Run ``algorithm`` once per (area, crime type) with ``parameters`` ({area} and {category} in
    text values replaced by the group's names); log each group's time and return the results."""
    import processing
    from qgis.core import QgsApplication, QgsProcessingException, QgsProcessingFeedback

    definition = QgsApplication.processingRegistry().algorithmById(algorithm)
    if definition is None:
        raise ValueError(f"No algorithm '{algorithm}': is the CrimeRisk plugin enabled?")
    for wanted, name, meaning in ((areas, "MASK", "areas"), (categories, "CATEGORIES", "crime types")):
        if wanted and definition.parameterDefinition(name) is None:
            raise ValueError(f"{algorithm} has no {name} parameter, so it cannot run per {meaning}: "
                             f"choose an algorithm that has one, or leave the {meaning} out.")

    class Capture(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.kept: int | None = None

        def pushInfo(self, text):  # noqa: N802
            match = _KEPT.search(text)
            if match:
                self.kept = int(re.sub(r"\D", "", match.group(1)))

    groups = [(area, mask, category) for area, mask in (areas or [("", None)])
              for category in (categories or [""])]
    results: list[GroupResult] = []
    started = time.perf_counter()
    for number, (area, mask, category) in enumerate(groups, start=1):
        values = {key: _filled(value, area, category) for key, value in parameters.items()}
        if category:
            values["CATEGORIES"] = _category_text(category)
        if mask is not None:
            values["MASK"] = mask
        feedback = Capture()
        begin = time.perf_counter()
        try:
            outputs, error = processing.run(algorithm, values, feedback=feedback), ""
        except QgsProcessingException as refusal:
            outputs, error = {}, " ".join(str(refusal).split()) or "refused"
        result = GroupResult(area, category, time.perf_counter() - begin, feedback.kept, outputs, error)
        results.append(result)
        name = f"area '{area or 'all'}', type '{category or 'all'}'"
        if error:
            log(f"[{number}/{len(groups)}] {name}: skipped after {result.seconds:.2f} s: {error}")
        else:
            log(f"[{number}/{len(groups)}] {name}: {result.kept} events, {result.seconds:.2f} s")
    done = [r for r in results if not r.error]
    log(f"{len(groups)} groups ({len(done)} run, {len(groups) - len(done)} skipped) in "
        f"{time.perf_counter() - started:.1f} s")
    return results


def _parameter_pairs(texts: list[str]) -> dict:
    pairs = {}
    for text in texts:
        key, separator, value = text.partition("=")
        if not separator:
            raise SystemExit(f"'{text}' is not KEY=VALUE")
        pairs[key] = value
    return pairs


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("algorithm", help="e.g. crimerisk:kde")
    parser.add_argument("--events", required=True, help="the events layer (path|layername=...)")
    parser.add_argument("--category-field", default="", help="the crime type field")
    parser.add_argument("--categories", nargs="*", default=None,
                        help="crime types, one group each; without values: every type the field holds")
    parser.add_argument("--areas", default="", help="polygon layer, one group per feature (as MASK)")
    parser.add_argument("--area-field", default="", help="field naming each area (default: feature id)")
    parser.add_argument("parameters", nargs="*", help="KEY=VALUE parameters of the algorithm")
    options = parser.parse_intermixed_args(arguments)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(HERE))
    from make_models import _expose_checkout

    _expose_checkout()
    from qgis.core import QgsApplication, QgsVectorLayer

    application = QgsApplication([], False)
    application.initQgis()
    for folder in ("/usr/share/qgis/python/plugins", os.environ.get("QGIS_CORE_PLUGINS", "")):
        if folder and folder not in sys.path:
            sys.path.append(folder)
    from processing.core.Processing import Processing

    from crimerisk.plugin.provider import CrimeRiskProvider

    Processing.initialize()
    provider = CrimeRiskProvider()  # keep a reference: the registry does not own it from Python
    QgsApplication.processingRegistry().addProvider(provider)
    parameters = {"INPUT": options.events, **_parameter_pairs(options.parameters)}
    if options.category_field:
        parameters["CATEGORY_FIELD"] = options.category_field
    categories = options.categories or []
    if options.categories == [] and options.category_field:
        events = QgsVectorLayer(options.events, "events", "ogr")
        index = events.fields().lookupField(options.category_field)
        categories = sorted(str(v) for v in events.uniqueValues(index) if v not in (None, ""))
    areas = []
    if options.areas:
        areas = area_masks(QgsVectorLayer(options.areas, "areas", "ogr"), options.area_field)
    results = run_groups(options.algorithm, parameters, categories, areas)
    application.exitQgis()
    return 0 if any(not r.error for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
