"""``python -m studio``: the same as the ``beatpass-studio`` command."""

from __future__ import annotations

from studio.app import main

raise SystemExit(main())
