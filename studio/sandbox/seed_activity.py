"""The demo seed's activity: credits, Producer Program history, likes, follows, reposts."""

from __future__ import annotations

import json
from typing import Any

from studio.sandbox.db import seed_time
from studio.sandbox.seed_base import Seeder

# --- credits ---------------------------------------------------------------------------


def seed_credits(s: Seeder) -> None:
    """Credits of Nova Beats: songs, albums and album tracks, several roles each."""
    conn = s.conn
    nova = s.artist_ids["Nova Beats"]
    singles = conn.execute(
        "SELECT spotify_id, available FROM spotify_items WHERE type = 'track' AND album_id"
        " IS NULL ORDER BY rowid LIMIT 40"
    ).fetchall()
    picks = [s["spotify_id"] for s in singles if s["available"]][:7]
    picks += [s["spotify_id"] for s in singles if not s["available"]][:2]
    albums = conn.execute(
        "SELECT spotify_id FROM spotify_items WHERE type = 'album' ORDER BY rowid LIMIT 3"
    ).fetchall()
    role_sets = (
        ("producer",),
        ("producer", "mixing_engineer"),
        ("co_producer",),
        ("beat_maker", "songwriter", "composer"),
        ("mastering_engineer",),
    )
    position = 1
    for n, sid in enumerate(picks):
        for role in role_sets[n % len(role_sets)]:
            s.insert(
                "credits",
                artist_id=nova,
                spotify_id=sid,
                type="track",
                album_spotify_id=None,
                role=role,
                position=position,
                created_at=seed_time(60 - n),
                updated_at=seed_time(60 - n),
            )
            position += 1
    for n, row in enumerate(albums[:2]):
        for role in (("executive_producer",), ("producer", "arranger"))[n]:
            s.insert(
                "credits",
                artist_id=nova,
                spotify_id=row["spotify_id"],
                type="album",
                album_spotify_id=None,
                role=role,
                position=position,
                created_at=seed_time(40 - n),
                updated_at=seed_time(40 - n),
            )
            position += 1
    album_tracks = conn.execute(
        "SELECT spotify_id FROM spotify_items WHERE album_id = ? ORDER BY track_number LIMIT 3",
        (albums[2]["spotify_id"],),
    ).fetchall()
    for row in album_tracks:
        s.insert(
            "credits",
            artist_id=nova,
            spotify_id=row["spotify_id"],
            type="track",
            album_spotify_id=albums[2]["spotify_id"],
            role="producer",
            position=position,
            created_at=seed_time(20),
            updated_at=seed_time(20),
        )
        position += 1


# --- backstage -------------------------------------------------------------------------


def _request(
    s: Seeder,
    user: str,
    kind: str,
    name: str,
    status: str,
    *,
    days_ago: float,
    artist: str | None = None,
    notes: str | None = None,
    role: str | None = None,
) -> None:
    first, last = s.conn.execute(
        "SELECT first_name, last_name FROM users WHERE id = ?", (s.user_ids[user],)
    ).fetchone()
    data: dict[str, Any] = {
        "beats_url": f"https://soundcloud.com/{name.lower().replace(' ', '')}",
        "first_name": first,
        "last_name": last,
        "name": f"{first} {last}",
        "accepted_terms": True,
        "accepted_rights_and_commitment": True,
    }
    if role:
        data["role"] = role
    s.insert(
        "backstage_requests",
        type=kind,
        artist_name=name,
        artist_id=s.artist_ids.get(artist or ""),
        user_id=s.user_ids[user],
        status=status,
        data=json.dumps(data),
        notes=notes,
        created_at=seed_time(days_ago),
        updated_at=seed_time(days_ago - 2),
    )


def seed_backstage(s: Seeder) -> None:
    """The application history of every demo account."""
    _request(
        s, "producer", "become-artist", "Nova Beats", "approved", days_ago=370, artist="Nova Beats"
    )
    _request(
        s, "producer", "verify-artist", "Nova Beats", "approved", days_ago=200, artist="Nova Beats"
    )
    _request(
        s,
        "applicant",
        "become-artist",
        "Ari Lane Beats",
        "denied",
        days_ago=20,
        notes=(
            "Your beats link did not open (404). Send a public SoundCloud or YouTube link and "
            "apply again."
        ),
    )
    _request(s, "pending", "become-artist", "Pulse Theory", "pending", days_ago=2)
    _request(
        s,
        "revoked",
        "become-artist",
        "Rae Sounds",
        "revoked",
        days_ago=150,
        notes=("Producer access was revoked after uploads of beats without the rights to them."),
    )
    _request(
        s,
        "coldharbor",
        "claim-artist",
        "Cold Harbor",
        "approved",
        days_ago=100,
        artist="Cold Harbor",
        role="artist",
    )


# --- social ----------------------------------------------------------------------------


def seed_social(s: Seeder) -> None:
    """Likes, follows, playlists and reposts around the producer account."""
    conn, rng = s.conn, s.rng
    producer = s.user_ids["producer"]
    fans = [uid for key, uid in s.user_ids.items() if key.startswith("fan")]
    others = [t for t in s.track_ids if t > 40]
    for n, tid in enumerate(rng.sample(others, 35)):
        s.insert(
            "likes",
            user_id=producer,
            likeable_type="track",
            likeable_id=tid,
            created_at=seed_time(50 - n),
        )
    albums = [r[0] for r in conn.execute("SELECT id FROM albums ORDER BY id")]
    for n, aid in enumerate(albums):
        s.insert(
            "likes",
            user_id=producer,
            likeable_type="album",
            likeable_id=aid,
            created_at=seed_time(40 - n),
        )
    liked_artists = [a for name, a in s.artist_ids.items() if not name.startswith("Nova")]
    for n, aid in enumerate(liked_artists):
        s.insert(
            "likes",
            user_id=producer,
            likeable_type="artist",
            likeable_id=aid,
            created_at=seed_time(30 - n),
        )
    for n, fan in enumerate(fans[:45]):
        s.insert("follows", follower_id=fan, followed_id=producer, created_at=seed_time(100 - n))
    for n, fan in enumerate(fans[20:45]):
        s.insert("follows", follower_id=producer, followed_id=fan, created_at=seed_time(90 - n))
    for fan in fans[:40]:
        s.insert("artist_follows", user_id=fan, artist_id=s.artist_ids["Nova Beats"])
    for n, (name, public) in enumerate(
        (("Late Night Loops", 1), ("Gym Trap", 1), ("Drafts (private)", 0))
    ):
        s.insert(
            "playlists",
            user_id=producer,
            name=name,
            image=None,
            public=public,
            collaborative=0,
            description=f"{name} playlist.",
            created_at=seed_time(80 - n),
        )
    for n in range(12):
        kind = "album" if n % 4 == 0 else "track"
        target = albums[n % len(albums)] if kind == "album" else others[n * 3]
        s.insert(
            "reposts",
            user_id=producer,
            repostable_type=kind,
            repostable_id=target,
            created_at=seed_time(25 - n),
        )
