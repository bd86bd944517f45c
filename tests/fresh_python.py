"""Running a few lines in a fresh interpreter, for what importing does from nothing (which
modules a start-up or a look-up loads): the test process has imported everything already."""

from __future__ import annotations

import subprocess
import sys


def fresh_python(code: str) -> str:
    """The standard output of ``code`` run by a new Python (failing on an error)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
