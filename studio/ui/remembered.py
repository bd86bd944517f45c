"""What the app remembers between runs about the saved account (in the settings, nothing
secret): the account and server, its user as the server last described it, and the producer
profile each account used last."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from studio.core.models import ArtistRef, User

log = logging.getLogger(__name__)

KEY_BASE_URL = "account/base_url"
KEY_ACCOUNT = "account/name"
KEY_LAST_PROFILES = "account/last_profiles"  # JSON: store account → producer-profile id
# JSON: the saved account's user as the server last described it (id, names, e-mail, the
# producer profiles it manages; nothing secret), so the next start opens its stored drafts
# at once, before the server has answered (or while it cannot be reached).
KEY_LAST_USER = "account/user"
LAST_PROFILES_KEPT = 20  # accounts remembered


def user_json(user: User) -> str:
    artists = [
        {"id": a.id, "name": a.name, "image": a.image, "verified": a.verified} for a in user.artists
    ]
    return json.dumps(
        {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "username": user.username,
            "artists": artists,
        }
    )


def remembered_text(settings: QSettings, base_url: str, account: str) -> str | None:
    """The remembered user's setting (JSON) if it is of this account and server."""
    if settings.value(KEY_BASE_URL, "") != base_url or settings.value(KEY_ACCOUNT, "") != account:
        return None
    return str(settings.value(KEY_LAST_USER, "") or "") or None


def parse_user(text: str | None) -> User | None:
    """The remembered user from its setting (None when there is none or it is unreadable)."""
    from studio.core.models import ArtistRef, User

    try:
        data = json.loads(text or "null")
        if not isinstance(data, dict):
            return None
        artists = tuple(
            ArtistRef(
                int(a["id"]),
                str(a["name"]),
                str(a["image"]) if a.get("image") else None,
                None,
                bool(a.get("verified")),
            )
            for a in data.get("artists", [])
        )
        return User(
            id=int(data["id"]),
            name=str(data["name"]),
            email=str(data.get("email", "")),
            username=str(data.get("username", "")),
            artists=artists,
        )
    except (ValueError, KeyError, TypeError):
        log.info("the remembered user of the saved account could not be read")
        return None


def _last_profiles(settings: QSettings) -> dict[str, str]:
    try:
        saved = json.loads(str(settings.value(KEY_LAST_PROFILES, "{}")))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in saved.items()} if isinstance(saved, dict) else {}


def last_profile(
    settings: QSettings, store_account: str, artists: tuple[ArtistRef, ...]
) -> ArtistRef | None:
    """The producer profile this account used last (else its first one)."""
    wanted = _last_profiles(settings).get(store_account)
    return next((a for a in artists if str(a.id) == wanted), artists[0] if artists else None)


def remember_profile(settings: QSettings, store_account: str, artist: ArtistRef) -> None:
    saved = _last_profiles(settings)
    saved.pop(store_account, None)
    saved[store_account] = str(artist.id)  # the newest last
    kept = dict(list(saved.items())[-LAST_PROFILES_KEPT:])
    settings.setValue(KEY_LAST_PROFILES, json.dumps(kept))
