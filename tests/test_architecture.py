"""House rules that a test can check."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_algorithms_never_import_qgis():
    offenders = []
    for path in (ROOT / "algorithms").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("qgis", "PyQt5", "osgeo")]
    assert offenders == []


def _imported_modules(path: Path) -> list[str]:
    """Dotted names (relative to the repository root) of the modules ``path`` imports from this package."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)]
            module = ".".join(base + tuple((node.module or "").split(".")) if node.module else base)
            names += [module] if node.module else [f"{module}.{alias.name}" for alias in node.names]
    return names


def test_plugin_modules_outside_processing_never_import_it():
    """The flow runs one way: algorithms in plugin/processing/ use the io, reports and styling modules, never
    the reverse. Only the provider, which registers the algorithms, imports them."""
    offenders = []
    for path in (ROOT / "plugin").rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[1] == "processing" or relative == Path("plugin/provider.py"):
            continue
        offenders += [f"{relative}: {name}" for name in _imported_modules(path)
                      if name == "plugin.processing" or name.startswith("plugin.processing.")]
    assert offenders == []


def test_the_import_rule_sees_relative_imports():
    """The rule above would catch the provider's own imports of the algorithms."""
    assert {"plugin.processing", "plugin.processing.base"} <= set(_imported_modules(ROOT / "plugin" / "provider.py"))


def test_every_algorithms_module_states_its_public_api():
    """``__all__`` in each module of algorithms/, naming only what the module defines or imports."""
    problems = []
    for path in sorted((ROOT / "algorithms").glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined, listed = set(), None
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                defined |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = {target.id for target in targets if isinstance(target, ast.Name)}
                if "__all__" in names:
                    listed = [element.value for element in node.value.elts]
                defined |= names
        if listed is None:
            problems.append(f"{path.name}: no __all__")
        else:
            problems += [f"{path.name}: {name} is not defined" for name in listed if name not in defined]
    assert problems == []
