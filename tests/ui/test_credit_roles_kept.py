"""The credit roles (C1) are kept on this computer: a copy under a day old is used without
asking BeatPass again at the next start (one request less when the app opens); an older or
missing copy is fetched again and kept."""

from __future__ import annotations

import time
from typing import Any

from profile_helpers import WAIT_MS, session_for
from pytestqt.qtbot import QtBot

from studio.ui.credits.roles import ROLES_FRESH_S, ROLES_ID, ROLES_KIND, RoleCatalog


def loaded(qtbot: QtBot, ctx: Any, sandbox: Any) -> RoleCatalog:
    ctx.session = session_for(sandbox)
    catalog = RoleCatalog()
    catalog.load(ctx)
    qtbot.waitUntil(lambda: catalog.source != "built-in", timeout=WAIT_MS)
    return catalog


def roles_asked(sandbox: Any) -> int:
    return len(sandbox.requests("GET", "/credits/roles"))


def test_roles_kept_under_a_day_are_not_asked_again(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    first = loaded(qtbot, make_ctx(), sandbox)
    assert first.source == "server" and roles_asked(sandbox) == 1
    # The next start (same store): the kept copy is used, BeatPass is not asked.
    ctx = make_ctx()
    qtbot.waitUntil(
        lambda: (
            ctx.store is not None
            and ctx.store.load_snapshot(session_for(sandbox).store_account, ROLES_KIND, ROLES_ID)
            is not None
        ),
        timeout=WAIT_MS,
    )
    again = loaded(qtbot, ctx, sandbox)
    assert again.source == "stored"
    assert again.roles == first.roles
    qtbot.wait(300)
    assert roles_asked(sandbox) == 1


def test_roles_kept_longer_than_a_day_are_fetched_again(
    qtbot: QtBot, make_ctx: Any, sandbox: Any
) -> None:
    ctx = make_ctx()
    account = session_for(sandbox).store_account
    stale = {
        "categories": [{"key": "production", "name": "Production"}],
        "roles": [{"key": "producer", "name": "Old name", "category": "production"}],
        "fetched_at": time.time() - ROLES_FRESH_S - 60,
    }
    qtbot.waitUntil(lambda: ctx.store is not None, timeout=WAIT_MS)
    ctx.store.save_snapshot(account, ROLES_KIND, ROLES_ID, stale)
    ctx.session = session_for(sandbox)
    catalog = RoleCatalog()
    catalog.load(ctx)
    qtbot.waitUntil(lambda: catalog.source == "server", timeout=WAIT_MS)
    assert roles_asked(sandbox) == 1
    assert dict((k, n) for k, n, _c in catalog.roles).get("producer") != "Old name"
