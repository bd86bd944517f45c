"""Where the studio keeps its files: platformdirs locations, each overridable by an
environment variable (for tests and portable use).

- ``BEATPASS_STUDIO_HOME``: one folder holding ``data/``, ``config/``, ``cache/`` and ``logs/``.
- ``BEATPASS_STUDIO_DATA_DIR`` / ``_CONFIG_DIR`` / ``_CACHE_DIR`` / ``_LOG_DIR``: one each;
  these win over ``BEATPASS_STUDIO_HOME``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from studio import APP_ID

ENV_HOME = "BEATPASS_STUDIO_HOME"
ENV_DATA = "BEATPASS_STUDIO_DATA_DIR"
ENV_CONFIG = "BEATPASS_STUDIO_CONFIG_DIR"
ENV_CACHE = "BEATPASS_STUDIO_CACHE_DIR"
ENV_LOG = "BEATPASS_STUDIO_LOG_DIR"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def store_file(self) -> Path:
        return self.data / "studio.db"

    @property
    def sandbox_dir(self) -> Path:
        return self.data / "sandbox"

    @property
    def thumbnails(self) -> Path:
        return self.cache / "thumbnails"

    @property
    def log_file(self) -> Path:
        return self.logs / "studio.log"

    def ensure(self) -> AppPaths:
        for folder in (self.data, self.config, self.cache, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AppPaths:
        env = os.environ if environ is None else environ
        home = env.get(ENV_HOME)

        def pick(var: str, sub: str, platform_dir: str) -> Path:
            if env.get(var):
                return Path(env[var])
            if home:
                return Path(home) / sub
            import platformdirs  # only when no variable says where

            return Path(getattr(platformdirs, platform_dir)(APP_ID, appauthor=False))

        return cls(
            data=pick(ENV_DATA, "data", "user_data_dir"),
            config=pick(ENV_CONFIG, "config", "user_config_dir"),
            cache=pick(ENV_CACHE, "cache", "user_cache_dir"),
            logs=pick(ENV_LOG, "logs", "user_log_dir"),
        )
