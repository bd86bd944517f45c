"""Reading the signed-in account again after a Producer Program decision: an approved
Become or Claim adds a producer profile, a revoke removes one.

The session keeps its identity (no sign-in happens, nothing is closed); its user is replaced
by the fresh one and the producer profile is announced again (``ctx.set_artist``), which is
what the window and every page already follow: the switcher lists the new profile, the
sections the account can now use open up, and the Applications page reads its timeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from studio.messages import user_message

if TYPE_CHECKING:
    from studio.context import AppContext, Session
    from studio.core.models import ArtistRef

log = logging.getLogger(__name__)


def refresh_account(
    ctx: AppContext,
    *,
    on_done: Callable[[tuple[ArtistRef, ...]], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Read the signed-in user and their producer profiles again (a worker), then update
    the session and announce the profile to show: a new one if the account gained one,
    else the one shown (or the first, if that one is gone)."""
    session = ctx.session
    if session is None:
        return
    store = ctx.store
    account = session.store_account

    def known(_user: object) -> list[str]:
        return store.entity_ids(account, "artist") if store is not None else []

    def work() -> object:
        from studio.api.producers import load_signed_in_user

        return load_signed_in_user(session.client, known)

    def done(found: object) -> None:
        if ctx.session is not session:  # signed out meanwhile
            return
        _apply(ctx, session, found.user)  # type: ignore[attr-defined]
        if on_done is not None:
            on_done(session.artists)

    def failed(exc: BaseException) -> None:
        log.info("account not refreshed: %s", type(exc).__name__)
        if on_error is not None:
            on_error(exc)
        else:
            ctx.signals.message.emit(f"Your account could not be refreshed: {user_message(exc)}")

    ctx.tasks.run(work, on_done=done, on_error=failed, name="refresh the account")


def _apply(ctx: AppContext, session: Session, user: object) -> None:
    before = {a.id for a in session.artists}
    session.user = user  # type: ignore[assignment]
    artists = session.artists
    gained = [a for a in artists if a.id not in before]
    shown = ctx.artist
    pick: ArtistRef | None
    if gained:
        pick = gained[0]
        ctx.signals.message.emit(
            f"Your producer profile “{pick.name}” is ready: it is in the profile switcher."
        )
    elif shown is not None and any(a.id == shown.id for a in artists):
        pick = next(a for a in artists if a.id == shown.id)
    else:
        pick = artists[0] if artists else None
    ctx.set_artist(pick)
