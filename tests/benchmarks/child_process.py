"""Waiting for a benchmark's child process with a time limit, keeping its resource usage."""

from __future__ import annotations

import os
import subprocess
import time


def wait_with_limit(process: subprocess.Popen, timeout: float, poll: float = 0.1) -> tuple[int, object, bool]:
    """Wait for ``process`` at most ``timeout`` seconds (then kill it): its wait status, its
    ``resource`` usage (peak RSS, CPU) and whether it was stopped at the limit."""
    deadline = time.perf_counter() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return status, usage, False
        if time.perf_counter() > deadline:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            return status, usage, True
        time.sleep(poll)
