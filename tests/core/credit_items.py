"""Small credits drafts for the core tests."""

from __future__ import annotations

from typing import Any


def item(
    sid: str,
    roles: list[str],
    ids: dict[str, int] | None = None,
    *,
    kind: str = "track",
    title: str | None = None,
    popularity: int | None = 50,
    album: dict[str, Any] | None = None,
    date: str = "2024-01-01",
) -> dict[str, Any]:
    return {
        "spotify_id": sid,
        "type": kind,
        "title": title or f"Song {sid}",
        "artist_names": "Singer",
        "image": None,
        "release_date": date,
        "popularity": popularity,
        "is_available": True,
        "spotify_url": f"https://open.spotify.com/{kind}/{sid}",
        "album": album,
        "roles": roles,
        "entry_ids": ids or {},
    }


def draft(*items: dict[str, Any]) -> dict[str, Any]:
    return {"credits": list(items)}


def keys(d: dict[str, Any]) -> list[str]:
    return [f"{i['type']}:{i['spotify_id']}" for i in d["credits"]]
