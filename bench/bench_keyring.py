"""A keyring backend for benchmarks only: tokens in a JSON file named by ``BENCH_KEYRING_FILE``.

The open benchmark starts the app as a separate process with a saved account; that process
finds its token through ``PYTHON_KEYRING_BACKEND=bench_keyring.FileKeyring`` (``bench/`` on
``PYTHONPATH``), never through the user's real keychain. Not for anything but benchmarks:
the file is plain text in a temporary folder the benchmark deletes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors


def _path() -> Path:
    return Path(os.environ["BENCH_KEYRING_FILE"])


def _read() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_token(service: str, username: str, password: str) -> None:
    """Write one entry (the benchmark's parent process calls it)."""
    data = _read()
    data.setdefault(service, {})[username] = password
    _path().write_text(json.dumps(data), encoding="utf-8")


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return _read().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        save_token(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        data = _read()
        if username not in data.get(service, {}):
            raise keyring.errors.PasswordDeleteError(username)
        del data[service][username]
        _path().write_text(json.dumps(data), encoding="utf-8")
