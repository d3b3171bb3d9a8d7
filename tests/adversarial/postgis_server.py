"""A throwaway PostgreSQL/PostGIS server on a local socket for the PostGIS cases (started, then stopped).

Uses the Debian binaries (packages ``postgresql`` and ``postgis``, which ``scripts/setup.sh --test``
installs, as the README's test command runs it). Without them the PostGIS cases fail, naming the packages.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

DATABASE = "crimerisk"
USER = "crimerisk"


@dataclass
class Server:
    socket_dir: str
    port: int

    def ogr(self) -> str:
        return f"PG:host={self.socket_dir} port={self.port} dbname={DATABASE} user={USER}"

    def uri(self, table: str, geometry: str = "geom", key: str = "fid") -> str:
        return (f"host={self.socket_dir} port={self.port} dbname='{DATABASE}' user='{USER}' sslmode=disable "
                f"key='{key}' table=\"public\".\"{table}\" ({geometry})")


def binaries() -> Path | None:
    """The folder of initdb/pg_ctl with the PostGIS extension installed beside it, or None."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        version = Path(folder).parent.name
        if (Path(folder) / "initdb").exists() and glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"):
            return Path(folder)
    return None


def _as_postgres(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a server command as the postgres user when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)


def start(port: int = 55432) -> tuple[Server, callable]:
    """Start a server in a new temporary folder (one the postgres user can reach), listening only on a Unix
    socket; returns it and its stop function, which also deletes the folder."""
    bin_dir = binaries()
    root = Path(tempfile.mkdtemp(prefix="crimerisk-pg-"))
    data, sockets = root / "data", root / "socket"
    sockets.mkdir()
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for path in (root, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    steps = [
        [str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "--encoding=UTF8", "--no-sync"],
        [str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "server.log"), "-o",
         f"-k {sockets} -c listen_addresses='' -p {port} -c fsync=off", "start"],
        [str(bin_dir / "createdb"), "-h", str(sockets), "-p", str(port), "-U", USER, DATABASE],
        ["psql", "-h", str(sockets), "-p", str(port), "-U", USER, "-d", DATABASE, "-c", "CREATE EXTENSION postgis"],
    ]
    for command in steps:
        done = _as_postgres(command)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}{done.stderr}")

    def stop() -> None:
        _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)

    return Server(str(sockets), port), stop
