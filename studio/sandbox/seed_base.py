"""What every seed step shares: the connection, the picture writer, one seeded RNG and the
ids given out so far. ``seed_demo`` (accounts, profiles, beats) and ``seed_activity``
(credits, applications, likes) both build on it; neither imports the other's steps back."""

from __future__ import annotations

import random
import sqlite3
from typing import Any

from studio.sandbox.seed_images import ImageWriter

SEED = 20260101
PASSWORD_METHOD = "pbkdf2:sha256:2000"  # a sandbox: fast on purpose


class Seeder:
    """Seed state in one connection (inside one transaction)."""

    def __init__(self, conn: sqlite3.Connection, images: ImageWriter) -> None:
        self.conn = conn
        self.images = images
        self.rng = random.Random(SEED)
        self.user_ids: dict[str, int] = {}
        self.artist_ids: dict[str, int] = {}
        self.genre_ids: dict[str, int] = {}
        self.track_ids: list[int] = []

    def insert(self, table: str, **values: Any) -> int:
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cur = self.conn.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(values.values())
        )
        return int(cur.lastrowid or 0)
