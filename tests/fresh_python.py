"""Running a few lines in a fresh interpreter, for what importing does from nothing (which
modules a start-up or a look-up loads): the test process has imported everything already."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def fresh_python(code: str) -> str:
    """The standard output of ``code`` run by a new Python (failing on an error)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def app_env(folder: Path) -> dict[str, str]:
    """The environment for running the app in a new process: offscreen, its data, config,
    cache and log folders under ``folder``, and never the real keychain."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    for var, sub in (("DATA", "data"), ("CONFIG", "config"), ("CACHE", "cache"), ("LOG", "logs")):
        env[f"BEATPASS_STUDIO_{var}_DIR"] = str(folder / sub)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    return env
