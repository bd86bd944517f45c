"""The sandbox's SQLite state: schema, connection and small helpers.

One connection per server, guarded by one lock: every request runs its reads and writes
under the lock and commits at the end (see ``app.py``), so there are no races between
waitress threads.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2  # 2: users.banned_reason and users.disabled
SQL_INT_MAX = 2**63 - 1  # larger integers cannot be bound to SQLite parameters
DB_NAME = "sandbox.db"
STORAGE_DIR = "storage"

SCHEMA = """
CREATE TABLE users (
    id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE, password_hash TEXT NOT NULL,
    username TEXT COLLATE NOCASE, first_name TEXT, last_name TEXT, image TEXT,
    api_access INTEGER NOT NULL DEFAULT 1, is_admin INTEGER NOT NULL DEFAULT 0,
    city TEXT, country TEXT, description TEXT, created_at TEXT NOT NULL,
    banned_reason TEXT, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE user_links (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, url TEXT NOT NULL,
    title TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE tokens (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, name TEXT NOT NULL,
    secret_hash TEXT NOT NULL, created_at TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE artists (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, verified INTEGER NOT NULL DEFAULT 0,
    image_small TEXT, cover_image TEXT, plays INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0, description TEXT, city TEXT, country TEXT,
    views INTEGER NOT NULL DEFAULT 0, pinned_track_id INTEGER,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX artists_name ON artists (name COLLATE NOCASE);
CREATE TABLE artist_user (artist_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
    role TEXT NOT NULL, PRIMARY KEY (artist_id, user_id));
CREATE INDEX artist_user_user ON artist_user (user_id);
CREATE TABLE genres (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL);
CREATE TABLE artist_genre (artist_id INTEGER NOT NULL, genre_id INTEGER NOT NULL,
    position INTEGER NOT NULL, PRIMARY KEY (artist_id, genre_id));
CREATE TABLE artist_links (id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL,
    url TEXT NOT NULL, title TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE profile_images (id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL,
    url TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE albums (id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL, name TEXT NOT NULL,
    image TEXT, release_date TEXT, description TEXT, created_at TEXT NOT NULL);
CREATE INDEX albums_artist ON albums (artist_id);
CREATE TABLE tracks (
    id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL, album_id INTEGER, name TEXT NOT NULL,
    image TEXT, duration INTEGER NOT NULL, plays INTEGER NOT NULL DEFAULT 0, description TEXT,
    genre_id INTEGER, bpm INTEGER, key TEXT, scale TEXT, licensing_type TEXT,
    exclusive_status TEXT, price REAL, currency TEXT, likes_count INTEGER NOT NULL DEFAULT 0,
    reposts_count INTEGER NOT NULL DEFAULT 0, playable INTEGER NOT NULL DEFAULT 1,
    has_offer INTEGER NOT NULL DEFAULT 1, ai_assisted INTEGER NOT NULL DEFAULT 0,
    ai_rights_confirmed INTEGER NOT NULL DEFAULT 0, album_position INTEGER,
    created_at TEXT NOT NULL);
CREATE INDEX tracks_artist_plays ON tracks (artist_id, plays DESC, id);
CREATE INDEX tracks_album ON tracks (album_id, album_position);
CREATE TABLE track_artist (track_id INTEGER NOT NULL, artist_id INTEGER NOT NULL,
    PRIMARY KEY (track_id, artist_id));
CREATE INDEX track_artist_artist ON track_artist (artist_id);
CREATE TABLE likes (user_id INTEGER NOT NULL, likeable_type TEXT NOT NULL,
    likeable_id INTEGER NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, likeable_type, likeable_id));
CREATE TABLE follows (follower_id INTEGER NOT NULL, followed_id INTEGER NOT NULL,
    created_at TEXT NOT NULL, PRIMARY KEY (follower_id, followed_id));
CREATE INDEX follows_followed ON follows (followed_id);
CREATE TABLE artist_follows (user_id INTEGER NOT NULL, artist_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, artist_id));
CREATE TABLE playlists (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, name TEXT NOT NULL,
    image TEXT, public INTEGER NOT NULL, collaborative INTEGER NOT NULL DEFAULT 0,
    description TEXT, created_at TEXT NOT NULL);
CREATE TABLE reposts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL,
    repostable_type TEXT NOT NULL, repostable_id INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE file_entries (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, file_name TEXT NOT NULL, mime TEXT NOT NULL,
    extension TEXT NOT NULL, file_size INTEGER NOT NULL, type TEXT NOT NULL,
    public INTEGER NOT NULL, disk_prefix TEXT NOT NULL, url TEXT NOT NULL, hash TEXT NOT NULL,
    owner_id INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE spotify_items (
    spotify_id TEXT PRIMARY KEY, type TEXT NOT NULL, title TEXT NOT NULL,
    artist_names TEXT NOT NULL, image TEXT, release_date TEXT NOT NULL,
    popularity INTEGER NOT NULL, total_tracks INTEGER, album_id TEXT, track_number INTEGER,
    disc_number INTEGER, duration_ms INTEGER, available INTEGER NOT NULL DEFAULT 1);
CREATE INDEX spotify_album ON spotify_items (album_id, disc_number, track_number);
CREATE TABLE credits (
    id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL, spotify_id TEXT NOT NULL,
    type TEXT NOT NULL, album_spotify_id TEXT, role TEXT NOT NULL, position INTEGER NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX credits_artist ON credits (artist_id, position);
CREATE TABLE backstage_requests (
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, artist_name TEXT NOT NULL, artist_id INTEGER,
    user_id INTEGER NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL, notes TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX backstage_user ON backstage_requests (user_id);
"""


def row_id(text: str) -> int | None:
    """``text`` as a row id when it is plain ASCII digits that fit SQLite's integer, else
    None (``str.isdigit`` alone also accepts digits such as "²" that ``int`` refuses)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(SQL_INT_MAX)):
        return None
    value = int(text)
    return value if value <= SQL_INT_MAX else None


def connect(path: Path) -> sqlite3.Connection:
    """Open the state database (WAL, rows as ``sqlite3.Row``), usable from any thread."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


# Upgrades of a kept database, by the version they start from (data is kept).
UPGRADES: dict[int, tuple[str, ...]] = {
    1: (
        "ALTER TABLE users ADD COLUMN banned_reason TEXT",
        "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
    ),
}


def upgrade(conn: sqlite3.Connection) -> bool:
    """Bring a database of an older schema to ``SCHEMA_VERSION`` in place; False when that is
    not possible (unknown or newer version)."""
    version = schema_version(conn)
    if version == SCHEMA_VERSION:
        return True
    if version > SCHEMA_VERSION or any(v not in UPGRADES for v in range(version, SCHEMA_VERSION)):
        return False
    conn.execute("BEGIN")
    try:
        for step in range(version, SCHEMA_VERSION):
            for sql in UPGRADES[step]:
                conn.execute(sql)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return True


class Database:
    """The connection plus the lock that serialises access to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = connect(path)
        self.lock = threading.RLock()
        self.closed = False  # read under ``lock``: a request arriving after close gets 503

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self.conn.close()


def iso(moment: datetime) -> str:
    """ISO-8601 UTC with microseconds, like Laravel: ``2026-01-01T00:00:00.000000Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def now_iso() -> str:
    return iso(datetime.now(UTC))


SEED_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def seed_time(days_ago: float) -> str:
    """A deterministic timestamp ``days_ago`` days before the seed epoch."""
    return iso(SEED_EPOCH - timedelta(days=days_ago))


def one(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(sql, params).fetchone()
    return row
