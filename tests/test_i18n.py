"""French translation: every string translated with its placeholders, the .qm current, algorithms speak French.

English is the source language; ``scripts/i18n.py`` collects the strings into resources/i18n/crimerisk_fr.ts
and lrelease compiles that into the .qm that ``crimerisk.plugin.i18n.install_translator`` loads.
"""

from __future__ import annotations

import importlib.util
import re
import string
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsRasterLayer
from qgis.PyQt.QtCore import QTranslator

import processing

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from qgis_process_runner import QgisProcess  # noqa: E402

from crimerisk.tests.test_processing_nearrepeat import Recorder  # noqa: E402  (keeps the log lines)
from crimerisk.plugin.reports.numbers import format_number  # noqa: E402


def _load_i18n_tool():
    """scripts/i18n.py under a name of its own (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("crimerisk_i18n_tool", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


I18N_TOOL = _load_i18n_tool()
FRENCH = I18N_TOOL.read_translations(I18N_TOOL.ts_file("fr"))


def fr(text: str) -> str:
    """The committed French translation of ``text``."""
    return FRENCH[text]


def replacement_fields(text: str) -> list[tuple[str, str, str | None]]:
    """(field name, format spec, conversion) of every ``{...}`` of a format string, in order."""
    return [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None]


def template_pattern(template: str) -> re.Pattern:
    """A regex matching ``template`` once its ``{}`` fields are filled (each field one group)."""
    pieces = [re.escape(literal) + ("(.+?)" if name is not None else "")
              for literal, name, _, _ in string.Formatter().parse(template)]
    return re.compile("".join(pieces))


# --- the .ts and .qm files ---------------------------------------------------------------------------
def test_every_source_string_has_a_french_translation():
    strings = I18N_TOOL.source_strings()
    assert len(strings) > 500 and "Kernel density (KDE)" in strings and "Hotspots" in strings
    assert "" not in strings  # the base class's empty display_name is not a message
    assert I18N_TOOL.missing("fr") == []
    assert all(fr(text).strip() and fr(text) != text for text in strings if len(text) > 12)


def test_placeholders_are_kept_in_every_translation():
    checked = 0
    for source, translation in FRENCH.items():
        source_fields, translated_fields = replacement_fields(source), replacement_fields(translation)
        assert Counter(translated_fields) == Counter(source_fields), (source, translation)
        # Positional fields are filled in order: their format specs must come in the same order.
        assert ([f for f in translated_fields if not f[0]] == [f for f in source_fields if not f[0]]), source
        checked += bool(source_fields)
    assert checked > 60
    # Named fields and their specs survive, and the French text formats.
    finding = ("{space} and {time} of an event ({label}), the risk of another is {ratio} times what chance "
               "gives (p = {p}).")
    assert "2,3 fois" in fr(finding).format(space="200 m", time="7 j", label="x", ratio="2,3", p="0,010")


def test_html_entities_and_parameter_names_are_kept():
    for source, translation in FRENCH.items():
        assert re.findall(r"&\w+;|</?\w+>", source) == re.findall(r"&\w+;|</?\w+>", translation), source
        for name in re.findall(r"\b(?:AS_OF|HORIZON|KNOX_TABLE|TEST_START|FOLDS|WINDOW|ALPHA|THETA|EXPECTED_EVENTS|"
                               r"HOLDOUT_D2|TOP_FEATURE|BEATS_BASELINE|TRAINING_PERIODS)\b", source):
            assert name in translation, (name, translation)
        assert set(re.findall(r"crimerisk:\w+", source)) == set(re.findall(r"crimerisk:\w+", translation))


def test_committed_qm_holds_exactly_the_ts_translations():
    """The compiled .qm answers every source string with the .ts translation (so it was recompiled)."""
    translator = QTranslator()
    assert translator.load(str(I18N_TOOL.I18N / "crimerisk_fr.qm"))
    for source, translation in FRENCH.items():
        # PyQt passes a str to this const char* argument as ASCII: hand it the UTF-8 bytes lrelease stored.
        assert translator.translate(I18N_TOOL.CONTEXT, source.encode("utf-8")) == translation, source


def test_lrelease_recompiles_the_same_qm(tmp_path):
    """Compiling the committed .ts again gives the committed .qm (lrelease output is deterministic)."""
    compiled = I18N_TOOL.compile_all(output_folder=tmp_path)
    assert [p.name for p in compiled] == ["crimerisk_fr.qm"]
    assert compiled[0].read_bytes() == (I18N_TOOL.I18N / "crimerisk_fr.qm").read_bytes()


# --- an algorithm in French -----------------------------------------------------------------------------
@contextmanager
def french_translator():
    """The CrimeRisk French translator installed for the block, removed after it whatever happens."""
    from crimerisk.plugin import i18n

    i18n.remove_translator()
    assert i18n.install_translator("fr")
    try:
        yield
    finally:
        i18n.remove_translator()


@pytest.fixture
def french(crimerisk_provider):
    with french_translator():
        yield


def fresh_kde():
    return QgsApplication.processingRegistry().createAlgorithmById("crimerisk:kde")


def test_plugin_tr_returns_the_french_of_every_string(french):
    from crimerisk.plugin.i18n import tr

    assert {source: tr(source) for source in FRENCH} == FRENCH  # non-ASCII sources (°, ²) included


def test_kde_names_parameters_and_help_are_french(french):
    algorithm = fresh_kde()
    assert algorithm.displayName() == fr("Kernel density (KDE)") != "Kernel density (KDE)"
    assert algorithm.group() == fr("Hotspots") == "Points chauds"
    assert algorithm.groupId() == "hotspots" and algorithm.name() == "kde"  # ids stay untranslated
    radius = algorithm.parameterDefinition("RADIUS")
    assert radius.description() == fr("Radius (bandwidth, metres)") == "Rayon (largeur de bande, mètres)"
    assert radius.help().startswith("Rayon du noyau en mètres")
    help_text = algorithm.shortHelpString()
    assert fr("Where has crime concentrated? A retrospective hotspot map: the kernel density of the selected events "
              "on a grid, as in CrimeStat and the QGIS heatmap, but binned and computed by FFT so that a million "
              "events take seconds.") in help_text
    assert f"<h3>{fr('Method')}</h3>" in help_text and f"<h3>{fr('Parameters')}</h3>" in help_text
    assert "<code>RADIUS</code>" in help_text and "Where has crime concentrated" not in help_text
    assert QgsApplication.processingRegistry().providerById("crimerisk").longName() == fr(
        "CrimeRisk: predictive crime mapping")


def test_translator_is_removed_after_use(crimerisk_provider):
    with french_translator():
        assert fresh_kde().displayName() == fr("Kernel density (KDE)")
    assert fresh_kde().displayName() == "Kernel density (KDE)"
    assert fresh_kde().parameterDefinition("RADIUS").description() == "Radius (bandwidth, metres)"


def test_kde_run_logs_and_legend_in_french(french, demo_gpkg, demo_events, tmp_path):
    out = str(tmp_path / "kde.tif")
    feedback = Recorder()
    result = processing.run("crimerisk:kde", {"INPUT": f"{demo_gpkg}|layername=events", "CELL_SIZE": 250,
                                              "RADIUS": 500, "OUTPUT": out}, feedback=feedback)
    events, _ = demo_events
    assert set(result) == {"OUTPUT", "RADIUS_USED", "EVENTS"} and result["EVENTS"] == len(events)
    read = [template_pattern(fr("Read {} features ({}).")).fullmatch(line) for line in feedback.lines]
    count = format_number(len(events), language="fr")
    assert [m.group(1) for m in read if m] == [count]
    assert f"{count} faits conservés." in feedback.lines
    assert fr("Kept {} events.").format(count) in feedback.lines
    assert "Lecture des faits..." in feedback.lines and fr("Parameters used:") in feedback.lines
    assert any(template_pattern(fr("Grid: {} rows x {} columns of {} m ({} cells inside the study area).")
                                ).fullmatch(line) for line in feedback.lines)
    assert not any(line.startswith(("Read ", "Kept ", "Reading events")) for line in feedback.lines)
    layer = QgsRasterLayer(out, "kde")
    assert layer.loadNamedStyle(out[:-4] + ".qml")[1]
    labels = [item.label for item in layer.renderer().shader().rasterShaderFunction().colorRampItemList()]
    assert fr("top {:g}%").format(1) in labels and "1 % les plus élevés" in labels
    assert fr("rest (below the top {:g}%)").format(50) in labels and "1-5 %" in labels
    assert not any("top" in label for label in labels)


def test_errors_reach_the_user_in_french(french, demo_gpkg, tmp_path):
    expected = template_pattern(fr("Unknown category {}: the category field holds {}. Check the spelling (case does "
                                   "not matter)."))
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("crimerisk:kde", {"INPUT": f"{demo_gpkg}|layername=events", "CATEGORY_FIELD": "crime_type",
                                         "CATEGORIES": "arson", "OUTPUT": str(tmp_path / "none.tif")})
    match = expected.search(str(raised.value))
    assert match and match.group(1) == "'arson'" and "burglary" in str(raised.value)
    assert str(raised.value).startswith("Catégorie inconnue")


def test_qgis_process_with_the_french_qgis_locale_prints_french_help(tmp_path):
    """The plugin follows QGIS's own locale setting (Settings > Options > General > override locale)."""
    runner = QgisProcess(tmp_path)
    ini = runner.profile / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    assert "[locale]" not in ini.read_text()
    with ini.open("a") as settings:
        settings.write("\n[locale]\noverrideFlag=true\nuserLocale=fr_FR\n")
    help_text = runner.call("help", "crimerisk:kde").stdout
    assert help_text.startswith(fr("Kernel density (KDE)") + " (crimerisk:kde)")
    assert fr("Radius (bandwidth, metres)") in help_text and "<code>RADIUS</code>" in help_text
    assert f"<h3>{fr('Caveats')}</h3>" in help_text and "Kernel radius in metres" not in help_text
