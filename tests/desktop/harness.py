"""Start the real QGIS desktop under Xvfb with the plugin installed from its zip, and run driver.py in it.

One QGIS start per language: a temporary profile (``--profiles-path``) whose QGIS3.ini enables the
plugin, the plugin unpacked from the zip that ``scripts/package.py`` builds (what a user installs),
a private X server (Debian's Xvfb), then ``qgis --code driver.py``; the driver writes a JSON of what
the analyst saw and exits. Screenshots stay in the artefacts folder (outside the repository).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("driver.py")
#: Whole QGIS session (every algorithm and the model); a run that hangs is recorded by the driver first.
SESSION_TIMEOUT = 900


def artefacts_folder() -> Path:
    """Where screenshots and the driver's JSON are kept: $CRIMERISK_DESKTOP_ARTEFACTS, else
    $TMPDIR/crimerisk-desktop-artefacts (never inside the repository)."""
    folder = os.environ.get("CRIMERISK_DESKTOP_ARTEFACTS") or os.path.join(tempfile.gettempdir(),
                                                                            "crimerisk-desktop-artefacts")
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def build_plugin_zip(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from package import build
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return build(folder, compile_translations=False)


def make_profile(folder: Path, plugin_zip: Path) -> Path:
    """A clean profile ``desktop`` with the zip's plugin installed and enabled; returns the path to give
    ``--profiles-path`` (QGIS keeps the profiles in its ``profiles`` sub-folder)."""
    profile = folder / "profiles" / "desktop"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(plugins)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\ncrimerisk=true\nprocessing=true\n\n"
        "[qgis]\ncheckVersion=false\nshowTips=false\n\n"
        "[core]\nNewsFeed\\httpsfeedqgisorg\\disabled=true\n", encoding="utf-8")
    return folder


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private X server; returns it and its DISPLAY (the server picks a free number)."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        raise RuntimeError("Xvfb did not start: install Debian's xvfb (scripts/setup.sh does)")
    return server, f":{number}"


def run_desktop(language: str, work: Path) -> dict:
    """Run driver.py in a fresh QGIS desktop in ``language``; returns the driver's JSON."""
    artefacts = artefacts_folder() / language
    if artefacts.exists():
        shutil.rmtree(artefacts)
    artefacts.mkdir(parents=True)
    profiles = make_profile(work, build_plugin_zip(work / "dist"))
    result = artefacts / "desktop.json"
    config = work / "config.json"
    config.write_text(json.dumps({
        "sample": str(ROOT / "resources" / "sample" / "crimerisk_sample.gpkg"),
        "model": str(ROOT / "resources" / "models" / "weekly_patrol_plan.model3"),
        "language": language, "artefacts": str(artefacts), "result": str(result), "timeout": 300}), encoding="utf-8")
    server, display = start_xvfb()
    environment = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "CRIMERISK_DESKTOP_CONFIG": str(config),
                   "XDG_RUNTIME_DIR": str(work / "xdg"), "HOME": str(work / "home"), "LANG": "C.UTF-8"}
    environment.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    for folder in ("xdg", "home"):
        (work / folder).mkdir(mode=0o700)
    log = artefacts / "qgis-stderr.txt"
    try:
        with open(log, "w", encoding="utf-8") as stream:
            subprocess.run(["qgis", "--profiles-path", str(profiles), "--profile", "desktop", "--lang", language,
                            "--nologo", "--noversioncheck", "--code", str(DRIVER)],
                           env=environment, stdout=stream, stderr=subprocess.STDOUT, timeout=SESSION_TIMEOUT,
                           cwd=str(work))
    finally:
        server.terminate()
        server.wait(timeout=30)
    if not result.exists():
        raise AssertionError(f"QGIS ended without the driver's report; see {log}")
    return json.loads(result.read_text(encoding="utf-8"))
