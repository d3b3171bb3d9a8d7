"""Static Qt6 (QGIS 4) readiness check of the plugin's sources, with an optional fixer.

QGIS 4 runs on Qt6 and PyQt6, where enum members are reachable only through their enum
(``Qt.AlignmentFlag.AlignLeft``, not ``Qt.AlignLeft``), ``exec_()`` is gone, and only ``qgis.PyQt``
hides the difference between PyQt5 and PyQt6. This module parses every shipped Python file (AST)
and reports:

- an import of PyQt5, PyQt6 or sip directly (use ``qgis.PyQt`` and ``qgis.PyQt.sip``);
- a call to ``exec_`` (use ``exec``);
- an enum member read through its class rather than its enum (``QgsProcessing.TypeVectorPoint``
  instead of ``QgsProcessing.SourceType.TypeVectorPoint``). Names are resolved against the QGIS
  and PyQt this runs on, from each module's own ``from ... import`` lines.

    /usr/bin/python3 scripts/qt6_check.py          # list the problems, exit 1 if any
    /usr/bin/python3 scripts/qt6_check.py --fix    # rewrite unscoped enums in their scoped form
"""

from __future__ import annotations

import argparse
import ast
import enum
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = (ROOT / "__init__.py", ROOT / "plugin", ROOT / "algorithms")
FORBIDDEN_MODULES = ("PyQt5", "PyQt6", "sip")
UNRESOLVED = object()


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    column: int
    end_column: int
    kind: str  # "import", "exec_" or "enum"
    text: str
    scoped: str = ""  # for "enum": the scoped spelling

    def __str__(self) -> str:
        where = f"{self.path.relative_to(ROOT)}:{self.line}:{self.column + 1}"
        if self.kind == "enum":
            return f"{where}: unscoped enum {self.text}; write {self.scoped}"
        if self.kind == "exec_":
            return f"{where}: {self.text} is gone in Qt6; call exec()"
        return f"{where}: direct import of {self.text}; import it from qgis.PyQt"


def shipped_files() -> list[Path]:
    files: list[Path] = []
    for entry in SHIPPED:
        files += [entry] if entry.is_file() else sorted(entry.rglob("*.py"))
    return files


def _is_enum_type(obj: Any) -> bool:
    if not isinstance(obj, type):
        return False
    # sip wraps C++ enums with the metatype sip.enumtype; QGIS >= 3.36 moved many to Python enums.
    return issubclass(obj, enum.Enum) or type(obj).__name__ == "enumtype"


def _is_enum_member(obj: Any) -> bool:
    return not isinstance(obj, type) and _is_enum_type(type(obj))


def _imported_names(tree: ast.Module) -> dict[str, Any]:
    """Names bound by ``from qgis... import X`` (and ``import qgis.x as y``) to the live objects."""
    names: dict[str, Any] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and node.module.split(".")[0] == "qgis":
            try:
                module = importlib.import_module(node.module)
            except ImportError:
                continue
            for alias in node.names:
                value = getattr(module, alias.name, UNRESOLVED)
                if value is not UNRESOLVED:
                    names[alias.asname or alias.name] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "qgis" and alias.asname:
                    try:
                        names[alias.asname] = importlib.import_module(alias.name)
                    except ImportError:
                        pass
    return names


def _resolve(node: ast.AST, names: dict[str, Any]) -> Any:
    if isinstance(node, ast.Name):
        return names.get(node.id, UNRESOLVED)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        return UNRESOLVED if owner is UNRESOLVED else getattr(owner, node.attr, UNRESOLVED)
    return UNRESOLVED


def _enum_problem(path: Path, node: ast.Attribute, names: dict[str, Any]) -> Problem | None:
    owner = _resolve(node.value, names)
    if owner is UNRESOLVED or not isinstance(owner, type) or _is_enum_type(owner):
        return None
    member = getattr(owner, node.attr, UNRESOLVED)
    if not _is_enum_member(member):
        return None
    owner_text = ast.unparse(node.value)
    enum_type = type(member)
    # The scoped path through the class the code names, when that class exposes the enum type;
    # otherwise through the enum's own home (e.g. Qgis.ProcessingSourceType on QGIS >= 3.36).
    enum_name = next((name for name in dir(owner) if getattr(owner, name, None) is enum_type),
                     enum_type.__name__)
    member_name = node.attr if hasattr(enum_type, node.attr) else getattr(member, "name", node.attr)
    return Problem(path, node.lineno, node.col_offset, node.end_col_offset, "enum",
                   f"{owner_text}.{node.attr}", f"{owner_text}.{enum_name}.{member_name}")


def scan_file(path: Path) -> list[Problem]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = _imported_names(tree)
    problems: list[Problem] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                if node.__dict__.get("level", 0) == 0 and module.split(".")[0] in FORBIDDEN_MODULES:
                    problems.append(Problem(path, node.lineno, node.col_offset, node.end_col_offset,
                                            "import", module))
        elif isinstance(node, ast.Attribute):
            if node.attr == "exec_":
                problems.append(Problem(path, node.lineno, node.col_offset, node.end_col_offset,
                                        "exec_", ast.unparse(node)))
                continue
            problem = _enum_problem(path, node, names)
            if problem is not None:
                problems.append(problem)
    return sorted(problems, key=lambda p: (p.line, p.column))


def scan(files: list[Path] | None = None) -> list[Problem]:
    return [problem for path in (files or shipped_files()) for problem in scan_file(path)]


def fix(problems: list[Problem]) -> int:
    """Rewrite each unscoped enum (single-line spans) in place; returns how many were rewritten."""
    by_file: dict[Path, list[Problem]] = {}
    for problem in problems:
        if problem.kind == "enum":
            by_file.setdefault(problem.path, []).append(problem)
    count = 0
    for path, items in by_file.items():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for problem in sorted(items, key=lambda p: (p.line, p.column), reverse=True):
            line = lines[problem.line - 1]
            encoded = line.encode("utf-8")  # AST columns are UTF-8 byte offsets
            span = encoded[problem.column:problem.end_column].decode("utf-8")
            if span != problem.text:
                continue
            lines[problem.line - 1] = (encoded[:problem.column] + problem.scoped.encode("utf-8")
                                       + encoded[problem.end_column:]).decode("utf-8")
            count += 1
        path.write_text("".join(lines), encoding="utf-8")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="rewrite unscoped enums in their scoped form")
    args = parser.parse_args(argv)
    sys.path.insert(0, "/usr/share/qgis/python")
    problems = scan()
    if args.fix and problems:
        print(f"rewrote {fix(problems)} unscoped enum(s)")
        problems = scan()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
