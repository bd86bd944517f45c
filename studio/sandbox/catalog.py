"""A fictional Spotify catalog for credits: albums with tracks, singles, popularity spread,
some items no longer available. Deterministic for a given RNG."""

from __future__ import annotations

import random
import sqlite3
import string
from datetime import date, timedelta

from studio.sandbox.seed_images import ImageWriter

ALBUM_COUNT = 34
SINGLE_COUNT = 120
COVER_COUNT = 16

SINGERS = (
    "Aria Vale",
    "Jonah Reyes",
    "Mila Storm",
    "Kairo",
    "Luna Okafor",
    "Theo Brandt",
    "Sasha Quinn",
    "Dante Cole",
    "Ivy Marlowe",
    "Rio Santos",
    "Noel Harper",
    "Zara Finch",
    "Eli Mercer",
    "Nia Blake",
    "Orion Vega",
    "Priya Kaur",
    "Felix Moreau",
    "Yuki Tanaka",
)
ADJECTIVES = (
    "Golden",
    "Midnight",
    "Electric",
    "Silent",
    "Velvet",
    "Neon",
    "Broken",
    "Crystal",
    "Lonely",
    "Burning",
    "Faded",
    "Wild",
    "Paper",
    "Silver",
    "Hollow",
    "Northern",
    "Restless",
    "Sugar",
    "Blue",
    "Distant",
)
NOUNS = (
    "Hearts",
    "Skyline",
    "Rain",
    "Echoes",
    "Summer",
    "Avenue",
    "Dreams",
    "Fire",
    "Waves",
    "Lights",
    "Roses",
    "Shadows",
    "Horizon",
    "Motel",
    "Letters",
    "Gravity",
    "Static",
    "Tides",
    "Signals",
    "Carousel",
)


def spotify_id(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(rng.choice(alphabet) for _ in range(22))


def _title(rng: random.Random, used: set[str]) -> str:
    while True:
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if rng.random() < 0.3:
            title += f" {rng.choice(('(Remix)', 'Pt. II', '(Live)', 'Forever', 'Again'))}"
        if title not in used:
            used.add(title)
            return title


def _artists(rng: random.Random) -> str:
    count = 1 if rng.random() < 0.7 else 2
    return ", ".join(rng.sample(SINGERS, count))


def _popularity(rng: random.Random) -> int:
    return max(0, min(100, int(rng.triangular(0, 100, 55))))


def build_catalog(conn: sqlite3.Connection, rng: random.Random, images: ImageWriter) -> None:
    """Insert the catalog into ``spotify_items``."""
    covers = [
        images.write("spotify", f"cover_{i:02d}", (300, 300), 40 + i, art=True)
        for i in range(COVER_COUNT)
    ]
    rows: list[tuple[object, ...]] = []
    used: set[str] = set()
    base = date(2025, 12, 1)
    for index in range(ALBUM_COUNT):
        album_id = spotify_id(rng)
        names = _artists(rng)
        released = base - timedelta(days=rng.randint(10, 4000))
        total = rng.randint(6, 12)
        available = 0 if index % 11 == 5 else 1
        cover = covers[index % COVER_COUNT]
        rows.append(
            (
                album_id,
                "album",
                _title(rng, used),
                names,
                cover,
                released.isoformat(),
                _popularity(rng),
                total,
                None,
                None,
                None,
                None,
                available,
            )
        )
        for number in range(1, total + 1):
            rows.append(
                (
                    spotify_id(rng),
                    "track",
                    _title(rng, used),
                    names,
                    cover,
                    released.isoformat(),
                    _popularity(rng),
                    None,
                    album_id,
                    number,
                    1,
                    rng.randint(120_000, 300_000),
                    available,
                )
            )
    for index in range(SINGLE_COUNT):
        released = base - timedelta(days=rng.randint(1, 3000))
        available = 0 if index % 17 == 3 else 1
        rows.append(
            (
                spotify_id(rng),
                "track",
                _title(rng, used),
                _artists(rng),
                covers[(index * 7) % COVER_COUNT],
                released.isoformat(),
                _popularity(rng),
                None,
                None,
                None,
                None,
                rng.randint(120_000, 300_000),
                available,
            )
        )
    conn.executemany(
        "INSERT INTO spotify_items (spotify_id, type, title, artist_names, image, release_date,"
        " popularity, total_tracks, album_id, track_number, disc_number, duration_ms, available)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
