"""Preparing a data directory: reuse its database, or copy in a freshly seeded one.

Seeding (Pillow images, password hashes, thousands of rows) happens once per process and
seed name, into a template folder; every start then only copies the template, so a fresh
sandbox per test stays cheap.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

from studio.sandbox import db
from studio.sandbox.seed_demo import add_missing_accounts, build_demo
from studio.sandbox.seed_images import ImageWriter
from studio.sandbox.seed_large import build_large

log = logging.getLogger(__name__)

SEEDS = ("demo", "large")
_templates: dict[str, Path] = {}
_templates_lock = threading.Lock()


def _build_template(seed: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"beatpass-sandbox-{seed}-"))
    atexit.register(shutil.rmtree, folder, True)
    conn = db.connect(folder / db.DB_NAME)
    try:
        db.create_schema(conn)
        images = ImageWriter(folder / db.STORAGE_DIR)
        conn.execute("BEGIN")
        build_demo(conn, images)
        if seed == "large":
            build_large(conn, images)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    return folder


def template(seed: str) -> Path:
    """The folder holding the seeded database and storage for ``seed`` (built on first use)."""
    if seed not in SEEDS:
        raise ValueError(f"unknown seed {seed!r}; choose one of {', '.join(SEEDS)}")
    with _templates_lock:
        if seed not in _templates:
            _templates[seed] = _build_template(seed)
        return _templates[seed]


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # seed files are never modified in place
    except OSError:
        shutil.copy2(src, dst)


def prepare_data_dir(data_dir: Path, seed: str, *, reset: bool = False) -> Path:
    """Make ``data_dir`` hold a usable database; returns the database path.

    An existing database of the current schema is reused unless ``reset``.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / db.DB_NAME
    if path.exists() and not reset:
        conn = db.connect(path)
        try:
            version = db.schema_version(conn)
            if db.upgrade(conn):
                if version != db.SCHEMA_VERSION:
                    added = add_missing_accounts(conn)
                    log.info("sandbox data in %s upgraded; added %s", data_dir, added or "none")
                return path
        finally:
            conn.close()
        log.warning("sandbox data in %s has an unknown schema; reseeding", data_dir)
    for name in (db.DB_NAME, f"{db.DB_NAME}-wal", f"{db.DB_NAME}-shm"):
        (data_dir / name).unlink(missing_ok=True)
    shutil.rmtree(data_dir / db.STORAGE_DIR, ignore_errors=True)
    source = template(seed)
    shutil.copyfile(source / db.DB_NAME, path)
    shutil.copytree(source / db.STORAGE_DIR, data_dir / db.STORAGE_DIR, copy_function=_link_or_copy)
    return path
