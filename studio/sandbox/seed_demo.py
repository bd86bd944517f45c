"""The demo seed: accounts, producer profiles, beats, albums, credits, applications.

Deterministic: one seeded RNG and fixed timestamps, so every build is identical.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from werkzeug.security import generate_password_hash

from studio.sandbox.catalog import build_catalog
from studio.sandbox.db import seed_time
from studio.sandbox.demo import DEMO_ACCOUNTS, DEMO_DOMAIN, OTHER_ACCOUNTS
from studio.sandbox.seed_activity import seed_backstage, seed_credits, seed_social
from studio.sandbox.seed_base import PASSWORD_METHOD, Seeder
from studio.sandbox.seed_images import ImageWriter, initials

FAN_COUNT = 60

GENRES = (
    ("trap", "Trap"),
    ("hip-hop", "Hip-Hop"),
    ("lo-fi", "Lo-Fi"),
    ("r-n-b", "R&B"),
    ("drill", "Drill"),
    ("synthwave", "Synthwave"),
    ("boom-bap", "Boom Bap"),
    ("afrobeats", "Afrobeats"),
    ("ambient", "Ambient"),
    ("pop", "Pop"),
)
BEAT_WORDS = (
    "Afterglow",
    "Starlight",
    "Orbit",
    "Pulse",
    "Nebula",
    "Comet",
    "Gravity",
    "Lunar",
    "Solar",
    "Eclipse",
    "Quasar",
    "Aurora",
    "Zenith",
    "Horizon",
    "Vapor",
    "Cascade",
    "Ember",
    "Prism",
)
BEAT_SUFFIX = ("Drill", "Vibes", "Type Beat", "Flip", "Bounce", "Nights", "Dreams", "Theory")
KEYS = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")

# (user key, username, first, last, api_access, is_admin, city, country)
USERS = (
    ("producer", "novaproducer", "Nadia", "Okoro", 1, 0, "Toronto", "Canada"),
    ("applicant", "ari_lane", "Ari", "Lane", 1, 0, "Manchester", "United Kingdom"),
    ("pending", "pete_pending", "Pete", "Ramos", 1, 0, "Austin", "United States"),
    ("revoked", "rae_revoked", "Rae", "Kim", 1, 0, "Seoul", "South Korea"),
    ("noapi", "nico_listener", "Nico", "Berg", 0, 0, "Oslo", "Norway"),
    ("admin", "studio_admin", "Sam", "Admin", 1, 1, None, None),
    ("coldharbor", "harbor_crew", "Hal", "Brooks", 1, 0, "Halifax", "Canada"),
    ("banned", "bo_banned", "Bo", "Lind", 1, 0, "Stockholm", "Sweden"),
    ("disabled", "dee_disabled", "Dee", "Moss", 1, 0, "Dublin", "Ireland"),
)
# Accounts BeatPass refuses to sign in (403 on A1 and on every call with an older token).
ACCOUNT_STATES: dict[str, dict[str, object]] = {
    "banned": {"banned_reason": "Repeated copyright complaints about uploaded beats."},
    "disabled": {"disabled": 1},
}

# (name, verified, city, country, genres, owner key or None, track count)
ARTISTS = (
    ("Nova Beats", 1, "Toronto", "Canada", ("trap", "hip-hop", "lo-fi", "r-n-b"), "producer", 0),
    ("Nova Lo-Fi", 0, None, None, ("lo-fi",), "producer", 4),
    ("Midnight Cassette", 0, "Detroit", "United States", ("synthwave", "ambient"), None, 6),
    ("Midnight Oil Beats", 0, "Lagos", "Nigeria", ("afrobeats", "trap"), None, 5),
    ("Cold Harbor", 1, "Halifax", "Canada", ("drill", "trap"), "coldharbor", 5),
    ("Velvet Static", 0, "Berlin", "Germany", ("ambient", "lo-fi"), None, 4),
    ("Neon Harbor", 0, "Miami", "United States", ("synthwave", "pop"), None, 3),
    ("Nova Sound Lab", 0, "Paris", "France", ("boom-bap",), None, 3),
    ("Paper Planes Collective", 0, "Sydney", "Australia", ("pop", "r-n-b"), None, 4),
)
NOVA_ALBUMS = (
    ("Orbit Tapes", 10),
    ("Lunar Sessions", 8),
    ("Night Drive Pack", 6),
    ("Ember EP", 4),
    ("Prism Loops", 3),
)
NOVA_SINGLES = 30
NOVA_BIO = (
    "Nova Beats is a Toronto producer blending trap drums with warm lo-fi keys.\n"
    "Placements with independent artists across Canada and the UK.\n"
    "Every beat is made by hand, from the first chord to the final mix.\n"
    "Custom work and exclusives: see the links below."
)


class DemoSeeder(Seeder):
    """Builds the demo data: accounts, producer profiles and the Nova catalogue, then the
    activity steps of ``seed_activity``."""

    def run(self) -> None:
        for slug, display in GENRES:
            self.genre_ids[slug] = self.insert("genres", name=slug, display_name=display)
        self.users()
        self.artists()
        self.nova_catalog()
        build_catalog(self.conn, self.rng, self.images)
        seed_credits(self)
        seed_backstage(self)
        seed_social(self)

    # --- users -----------------------------------------------------------------------------

    def users(self) -> None:
        for index, spec in enumerate(USERS):
            key, first, last = spec[0], spec[2], spec[3]
            image = self.images.write(
                "avatars", f"user_{key}", (256, 256), index + 2, initials(f"{first} {last}")
            )
            row = account_row(index, spec)
            if key in ("producer", "coldharbor", "applicant"):
                row["image"] = image
            self.user_ids[key] = self.insert("users", **row)
        producer = self.user_ids["producer"]
        for pos, (url, title) in enumerate(
            (
                ("https://instagram.com/novaproducer", "Instagram"),
                ("https://soundcloud.com/novabeats", "SoundCloud"),
            )
        ):
            self.insert("user_links", user_id=producer, url=url, title=title, position=pos)
        for n in range(1, FAN_COUNT + 1):
            self.user_ids[f"fan{n}"] = self.insert(
                "users",
                email=f"fan{n:02d}@listeners.beatpass.test",
                password_hash="!",
                username=f"fan_{n:02d}",
                first_name=None,
                last_name=None,
                image=None,
                created_at=seed_time(300 - n),
            )

    # --- artists ---------------------------------------------------------------------------

    def artists(self) -> None:
        for index, (name, verified, city, country, genres, owner, _) in enumerate(ARTISTS):
            sparse = name == "Nova Lo-Fi"
            avatar = (
                None
                if sparse
                else self.images.write(
                    "artist_images", f"avatar_{index + 1}", (400, 400), index, initials(name)
                )
            )
            cover = (
                None
                if sparse or index > 4
                else self.images.write(  # abstract: the page draws the name over it
                    "artist_images", f"cover_{index + 1}", (960, 540), index + 3
                )
            )
            aid = self.insert(
                "artists",
                name=name,
                verified=verified,
                image_small=avatar,
                cover_image=cover,
                plays=0,
                description=NOVA_BIO
                if index == 0
                else (None if sparse else f"{name} makes {genres[0]} beats."),
                city=city,
                country=country,
                views=self.rng.randint(50, 5000),
                created_at=seed_time(380 - index),
                updated_at=seed_time(30 - index),
            )
            self.artist_ids[name] = aid
            for pos, slug in enumerate(genres):
                self.insert(
                    "artist_genre", artist_id=aid, genre_id=self.genre_ids[slug], position=pos
                )
            if owner:
                self.insert(
                    "artist_user", artist_id=aid, user_id=self.user_ids[owner], role="artist"
                )
        nova = self.artist_ids["Nova Beats"]
        for pos, (url, title) in enumerate(
            (
                ("https://youtube.com/@novabeats", "YouTube"),
                ("https://instagram.com/novabeats", "Instagram"),
                ("https://soundcloud.com/novabeats", "SoundCloud"),
                ("https://open.spotify.com/artist/0NovaBeatsDemo000000", "Spotify"),
            )
        ):
            self.insert("artist_links", artist_id=nova, url=url, title=title, position=pos)
        for pos in range(6):
            url = self.images.write("artist_images", f"gallery_{pos + 1}", (800, 800), pos + 1)
            self.insert("profile_images", artist_id=nova, url=url, position=pos)
        self.insert(
            "artist_links",
            artist_id=self.artist_ids["Cold Harbor"],
            url="https://instagram.com/coldharbor",
            title="Instagram",
            position=0,
        )

    # --- tracks ----------------------------------------------------------------------------

    def track(
        self,
        artist: str,
        name: str,
        *,
        album_id: int | None = None,
        album_position: int | None = None,
        image: str | None = None,
        index: int = 0,
        days_ago: float = 10,
    ) -> int:
        rng = self.rng
        nova = artist == "Nova Beats"
        tid = self.insert(
            "tracks",
            artist_id=self.artist_ids[artist],
            album_id=album_id,
            name=name,
            image=image,
            duration=rng.randint(120, 240) * 1000,
            plays=rng.randint(40, 25000),
            description=f"{name} by {artist}.",
            genre_id=self.genre_ids[ARTISTS[[a[0] for a in ARTISTS].index(artist)][4][0]],
            bpm=rng.randint(70, 160),
            key=rng.choice(KEYS),
            scale=rng.choice(("major", "minor")),
            licensing_type=rng.choice(("lease", "lease_and_exclusive", "exclusive")),
            exclusive_status="sold" if nova and index % 10 == 3 else "available",
            price=rng.choice((19.99, 29.99, 49.99, 99.0)),
            currency="USD",
            likes_count=rng.randint(0, 900),
            reposts_count=rng.randint(0, 120),
            playable=0 if nova and index in (13, 27) else 1,
            has_offer=0 if nova and index % 10 == 6 else 1,
            ai_assisted=1 if nova and index % 10 in (8, 9) else 0,
            ai_rights_confirmed=1 if nova and index % 10 == 9 else 0,
            album_position=album_position,
            created_at=seed_time(days_ago),
        )
        self.insert("track_artist", track_id=tid, artist_id=self.artist_ids[artist])
        self.track_ids.append(tid)
        return tid

    def nova_catalog(self) -> None:
        rng = self.rng
        names = [f"{w} {s}" for w in BEAT_WORDS for s in BEAT_SUFFIX]
        rng.shuffle(names)
        index = 0
        nova_tracks: list[int] = []
        for a_index, (title, size) in enumerate(NOVA_ALBUMS):
            image = self.images.write(
                "albums", f"nova_album_{a_index + 1}", (500, 500), a_index, art=True
            )
            album_id = self.insert(
                "albums",
                artist_id=self.artist_ids["Nova Beats"],
                name=title,
                image=image,
                release_date=f"2025-{12 - a_index * 2:02d}-15",
                description=f"{title}: {size} beats.",
                created_at=seed_time(200 - a_index * 30),
            )
            for pos in range(size):
                nova_tracks.append(
                    self.track(
                        "Nova Beats",
                        names[index],
                        album_id=album_id,
                        album_position=pos + 1,
                        image=image,
                        index=index,
                        days_ago=200 - a_index * 30,
                    )
                )
                index += 1
        singles = [
            self.images.write("albums", f"nova_single_{i + 1}", (300, 300), 10 + i, art=True)
            for i in range(6)
        ]
        for n in range(NOVA_SINGLES):
            nova_tracks.append(
                self.track(
                    "Nova Beats",
                    names[index],
                    image=singles[n % 6],
                    index=index,
                    days_ago=90 - n * 3,
                )
            )
            index += 1
        lofi = self.artist_ids["Nova Lo-Fi"]
        for n in (2, 5, 11):  # collaborations with Nova Lo-Fi
            self.insert("track_artist", track_id=nova_tracks[n], artist_id=lofi)
        art: dict[str, str] = {}
        for artist, _v, _c, _co, _g, _o, count in ARTISTS[1:]:
            image = art[artist] = self.images.write(
                "albums",
                f"art_{self.artist_ids[artist]}",
                (300, 300),
                22 + self.artist_ids[artist],
                art=True,
            )
            for n in range(count):
                self.track(
                    artist,
                    f"{rng.choice(BEAT_WORDS)} {artist.split()[0]} {n + 1}",
                    image=image,
                    days_ago=150 - n * 7,
                )
        album = self.insert(
            "albums",
            artist_id=self.artist_ids["Midnight Cassette"],
            name="Tape Hiss",
            image=None,
            release_date="2024-10-01",
            description=None,
            created_at=seed_time(120),
        )
        self.conn.execute(
            "UPDATE tracks SET album_id = ?, album_position = id WHERE artist_id = ?",
            (album, self.artist_ids["Midnight Cassette"]),
        )
        # A Cold Harbor beat featuring Nova Beats: listed on Nova Beats, but not its own.
        collab = self.track(
            "Cold Harbor",
            "Harbor Lights (feat. Nova Beats)",
            image=art["Cold Harbor"],
            days_ago=12,
        )
        self.conn.execute("UPDATE tracks SET plays = 30000 WHERE id = ?", (collab,))
        self.insert("track_artist", track_id=collab, artist_id=self.artist_ids["Nova Beats"])
        pinned = nova_tracks[0]
        self.conn.execute(
            "UPDATE artists SET pinned_track_id = ? WHERE id = ?",
            (pinned, self.artist_ids["Nova Beats"]),
        )
        self.conn.execute(
            "UPDATE artists SET plays = (SELECT COALESCE(SUM(plays), 0) FROM tracks"
            " WHERE tracks.artist_id = artists.id)"
        )


def account_row(index: int, spec: tuple[Any, ...]) -> dict[str, Any]:
    """The ``users`` row of one demo account (``USERS[index]``), without a picture."""
    passwords = {a.email.split("@")[0]: a.password for a in DEMO_ACCOUNTS + OTHER_ACCOUNTS}
    key, username, first, last, api, admin, city, country = spec
    return {
        "email": f"{key}@{DEMO_DOMAIN}",
        "password_hash": generate_password_hash(passwords[key], method=PASSWORD_METHOD),
        "username": username,
        "first_name": first,
        "last_name": last,
        "image": None,
        "api_access": api,
        "is_admin": admin,
        "city": city,
        "country": country,
        "description": "Producer and beat maker." if key == "producer" else None,
        "created_at": seed_time(400 - index),
        **ACCOUNT_STATES.get(key, {}),
    }


def add_missing_accounts(conn: sqlite3.Connection) -> list[str]:
    """Add the demo accounts a kept database (made by an older version) lacks; returns
    their e-mail addresses. Nothing else of the kept data changes."""
    added = []
    for index, spec in enumerate(USERS):
        row = account_row(index, spec)
        if conn.execute("SELECT 1 FROM users WHERE email = ?", (row["email"],)).fetchone():
            continue
        cols = ", ".join(row)
        conn.execute(
            f"INSERT INTO users ({cols}) VALUES ({', '.join('?' for _ in row)})",
            tuple(row.values()),
        )
        added.append(str(row["email"]))
    return added


def build_demo(conn: sqlite3.Connection, images: ImageWriter) -> None:
    DemoSeeder(conn, images).run()
