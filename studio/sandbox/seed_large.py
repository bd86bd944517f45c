"""``--seed large``: the demo seed plus a producer with 10,000 beats and 500 credits,
generated in bulk SQL for performance work."""

from __future__ import annotations

import sqlite3

from werkzeug.security import generate_password_hash

from studio.sandbox.db import seed_time
from studio.sandbox.demo import LARGE_ACCOUNT
from studio.sandbox.seed_base import PASSWORD_METHOD
from studio.sandbox.seed_images import ImageWriter

LARGE_TRACKS = 10_000
LARGE_CREDITS = 500
LARGE_ARTIST = "Endless Loops"


def build_large(conn: sqlite3.Connection, images: ImageWriter) -> None:
    """Add the large producer on top of an already seeded demo database."""
    now = seed_time(1)
    user = conn.execute(
        "INSERT INTO users (email, password_hash, username, first_name, last_name, created_at)"
        " VALUES (?, ?, 'endless_loops', 'Lee', 'Loop', ?)",
        (
            LARGE_ACCOUNT.email,
            generate_password_hash(LARGE_ACCOUNT.password, method=PASSWORD_METHOD),
            now,
        ),
    ).lastrowid
    avatar = images.write("artist_images", "avatar_large", (400, 400), 5, "EL")
    artist = conn.execute(
        "INSERT INTO artists (name, verified, image_small, plays, description, city, country,"
        " created_at, updated_at) VALUES (?, 1, ?, 0, 'Ten thousand loops and counting.',"
        " 'Vancouver', 'Canada', ?, ?)",
        (LARGE_ARTIST, avatar, now, now),
    ).lastrowid
    conn.execute("INSERT INTO artist_user VALUES (?, ?, 'artist')", (artist, user))
    cover = images.write("albums", "large_cover", (300, 300), 7, art=True)
    first = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM tracks").fetchone()[0])
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
        " INSERT INTO tracks (id, artist_id, name, image, duration, plays, description, bpm,"
        " key, scale, licensing_type, exclusive_status, price, currency, likes_count,"
        " reposts_count, playable, has_offer, ai_assisted, ai_rights_confirmed, created_at)"
        " SELECT ? + i - 1, ?, 'Loop ' || printf('%05d', i), ?, 90000 + (i * 7919) % 150000,"
        " (i * 104729) % 100000, NULL, 60 + i % 100, 'A', 'minor', 'lease', 'available',"
        " 24.99, 'USD', i % 500, i % 50, 1, CASE WHEN i % 7 = 0 THEN 0 ELSE 1 END, 0, 0, ?"
        " FROM n",
        (LARGE_TRACKS, first, artist, cover, now),
    )
    conn.execute(
        "INSERT INTO track_artist SELECT id, artist_id FROM tracks WHERE artist_id = ?", (artist,)
    )
    conn.execute(
        "UPDATE artists SET plays = (SELECT SUM(plays) FROM tracks WHERE artist_id = ?)"
        " WHERE id = ?",
        (artist, artist),
    )
    items = [
        r[0]
        for r in conn.execute(
            "SELECT spotify_id FROM spotify_items WHERE type = 'track' ORDER BY rowid LIMIT ?",
            (LARGE_CREDITS // 2,),
        )
    ]
    rows = [
        (artist, sid, "track", role, 2 * n + k + 1, now, now)
        for n, sid in enumerate(items)
        for k, role in enumerate(("producer", "mixing_engineer"))
    ]
    conn.executemany(
        "INSERT INTO credits (artist_id, spotify_id, type, role, position, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
