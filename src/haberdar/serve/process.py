"""Run ``haberdar serve`` as a child process on a free loopback port (browser tests,
screenshots, load benchmark).

    with served("store.db") as url:      # "http://127.0.0.1:PORT"
        ...
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

__all__ = ["free_port", "served"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(db: str | Path, *, timeout: float = 120.0, extra: list[str] | None = None, log: Path | None = None) -> Iterator[str]:
    """Start ``haberdar serve --db DB`` on 127.0.0.1 and a free port; yield its base URL once
    it answers; stop it (SIGTERM, then SIGKILL) on exit."""
    port = free_port()
    cmd = [sys.executable, "-m", "haberdar.cli", "serve", "--db", str(db), "--port", str(port), *(extra or [])]
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"haberdar serve exited with code {proc.returncode} before answering" + (f" (log: {log})" if log else ""))
            try:
                with urllib.request.urlopen(url + "/api/stats", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"haberdar serve did not answer on {url} within {timeout:.0f} s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()
