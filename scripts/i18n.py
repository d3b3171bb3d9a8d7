"""Translations: collect every ``tr("...")`` string of plugin/, merge it into resources/i18n/*.ts,
and compile the .qm files QGIS loads.

    /usr/bin/python3 scripts/i18n.py update    # add new strings to every .ts (existing translations kept)
    /usr/bin/python3 scripts/i18n.py compile   # .ts -> .qm with lrelease
    /usr/bin/python3 scripts/i18n.py check     # exit 1 when a string has no translation
"""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
CONTEXT = "CrimeRisk"
LANGUAGES = ("fr",)


def source_strings() -> list[str]:
    """Every literal passed to ``tr(...)`` or ``self.tr(...)`` under plugin/, in file order, once each."""
    seen: dict[str, None] = {}
    for path in sorted((ROOT / "plugin").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for text in _translated_constants(node):
                seen.setdefault(text, None)
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "tr" and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                seen.setdefault(node.args[0].value, None)
    return [text for text in seen if text.strip()]  # an empty display_name (a base class) is no message


def _translated_constants(node: ast.AST) -> list[str]:
    """Strings translated later through a variable: ``display_name = "..."`` and the GROUPS names."""
    if not isinstance(node, ast.Assign) or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
        return []
    name = node.targets[0].id
    if name == "display_name" and isinstance(node.value, ast.Constant):
        return [node.value.value]
    if name == "GROUPS" and isinstance(node.value, ast.Dict):
        return [v.value for v in node.value.values if isinstance(v, ast.Constant)]
    return []


def read_translations(ts_path: Path) -> dict[str, str]:
    if not ts_path.exists():
        return {}
    translations = {}
    for message in ElementTree.parse(ts_path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is not None and translation.text and translation.get("type") != "obsolete":
            translations[source] = translation.text
    return translations


def write_ts(ts_path: Path, language: str, strings: list[str], translations: dict[str, str]) -> None:
    root = ElementTree.Element("TS", version="2.1", language=language)
    context = ElementTree.SubElement(root, "context")
    ElementTree.SubElement(context, "name").text = CONTEXT
    for text in strings:
        message = ElementTree.SubElement(context, "message")
        ElementTree.SubElement(message, "source").text = text
        translation = ElementTree.SubElement(message, "translation")
        if text in translations:
            translation.text = translations[text]
        else:
            translation.set("type", "unfinished")
    ElementTree.indent(root)
    ts_path.parent.mkdir(parents=True, exist_ok=True)
    ts_path.write_text("<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE TS>\n"
                       + ElementTree.tostring(root, encoding="unicode") + "\n", encoding="utf-8")


def ts_file(language: str) -> Path:
    return I18N / f"crimerisk_{language}.ts"


def update() -> None:
    strings = source_strings()
    for language in LANGUAGES:
        write_ts(ts_file(language), language, strings, read_translations(ts_file(language)))
        print(f"{ts_file(language).name}: {len(strings)} strings")


def compile_all(output_folder: Path = I18N) -> list[Path]:
    outputs = []
    for language in LANGUAGES:
        qm = output_folder / f"crimerisk_{language}.qm"
        subprocess.run(["lrelease", "-silent", str(ts_file(language)), "-qm", str(qm)], check=True)
        outputs.append(qm)
    return outputs


def missing(language: str) -> list[str]:
    translations = read_translations(ts_file(language))
    return [s for s in source_strings() if s not in translations]


def main(command: str) -> int:
    if command == "update":
        update()
    elif command == "compile":
        for path in compile_all():
            print(f"wrote {path}")
    elif command == "check":
        gaps = {language: missing(language) for language in LANGUAGES}
        for language, strings in gaps.items():
            for text in strings:
                print(f"[{language}] untranslated: {text}")
        return 1 if any(gaps.values()) else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
