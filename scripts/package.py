"""Build the installable plugin zip: dist/crimerisk-<version>.zip holding the folder crimerisk/.

Only what QGIS needs goes in: metadata, code, resources, README, LICENSE; no tests, scripts or
build files. Translations are compiled first so the .qm files are current.

    /usr/bin/python3 scripts/package.py
"""

from __future__ import annotations

import configparser
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INCLUDED_FILES = ("metadata.txt", "__init__.py", "README.md", "LICENSE", "CHANGELOG.md")
INCLUDED_FOLDERS = ("plugin", "algorithms", "resources")
EXCLUDED_SUFFIXES = (".pyc", ".ts", ".aux.xml")
EXCLUDED_PARTS = ("__pycache__",)


def version() -> str:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return parser["general"]["version"]


def packaged_files() -> list[Path]:
    files = [ROOT / name for name in INCLUDED_FILES if (ROOT / name).exists()]
    for folder in INCLUDED_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if (path.is_file() and not path.name.endswith(EXCLUDED_SUFFIXES)
                    and not any(part in EXCLUDED_PARTS for part in path.parts)):
                files.append(path)
    return files


def build(output_folder: Path = ROOT / "dist", compile_translations: bool = True) -> Path:
    if compile_translations:
        sys.path.insert(0, str(ROOT / "scripts"))
        from i18n import compile_all

        compile_all()
    output_folder.mkdir(parents=True, exist_ok=True)
    target = output_folder / f"crimerisk-{version()}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in packaged_files():
            archive.write(path, f"crimerisk/{path.relative_to(ROOT).as_posix()}")
    return target


if __name__ == "__main__":
    print(f"wrote {build()}")
