"""Run CrimeRisk through the real ``qgis_process`` executable, headless, in a throw-away profile.

Used by the demo, the benchmarks and the subprocess tests. Debian's ``qgis_process``
wrapper adds ``--noversioncheck``, which QGIS 3.22 rejects, so ``qgis_process.bin``
is called directly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def qgis_process_executable() -> str:
    for name in ("qgis_process.bin", "qgis_process"):
        found = shutil.which(name)
        if found:
            return found
    raise FileNotFoundError("qgis_process not found: install QGIS (apt-get install qgis)")


class QgisProcess:
    """A temporary QGIS profile with ``plugin_folder`` (default: this checkout) installed as the
    ``crimerisk`` plugin and enabled."""

    def __init__(self, workdir: str | Path | None = None, plugin_folder: str | Path = ROOT):
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="crimerisk-qgis-"))
        self.plugins = self.workdir / "plugins"
        self.profile = self.workdir / "profile"
        self.plugins.mkdir(parents=True, exist_ok=True)
        self.profile.mkdir(parents=True, exist_ok=True)
        link = self.plugins / "crimerisk"
        if not link.exists():
            link.symlink_to(Path(plugin_folder).resolve(), target_is_directory=True)
        self.env = {k: v for k, v in os.environ.items() if k != "QGIS_OPTS"}
        self.env.update(QGIS_PLUGINPATH=str(self.plugins), QGIS_CUSTOM_CONFIG_PATH=str(self.profile),
                        QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(self.workdir))
        self.workdir.chmod(0o700)  # Qt wants a private runtime directory
        self.executable = qgis_process_executable()
        enabled = self.call("plugins", "enable", "crimerisk", check=False)
        if enabled.returncode != 0 and "already enabled" not in enabled.stdout + enabled.stderr:
            raise RuntimeError(f"cannot enable the plugin:\n{enabled.stdout}\n{enabled.stderr}")

    def call(self, *arguments: str, check: bool = True, timeout: float = 3600) -> subprocess.CompletedProcess:
        result = subprocess.run([self.executable, *arguments], env=self.env, capture_output=True, text=True,
                                timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"qgis_process {' '.join(arguments)} failed ({result.returncode}):\n"
                               f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def run(self, algorithm: str, check: bool = True, **parameters) -> dict:
        """Run ``algorithm`` with ``parameters``; returns the parsed ``--json`` answer
        (``results``, ``log``...), or on failure with ``check=False`` a dict with ``error``."""
        arguments = ["--json", "run", algorithm, "--"]
        for key, value in parameters.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            arguments += [f"{key}={v}" for v in values]
        result = self.call(*arguments, check=False)
        if result.returncode != 0:
            if check:
                raise RuntimeError(f"{algorithm} failed ({result.returncode}):\n{result.stdout[-4000:]}\n"
                                   f"{result.stderr[-4000:]}")
            return {"error": result.stdout + result.stderr, "returncode": result.returncode}
        return json.loads(result.stdout[result.stdout.index("{"):])
