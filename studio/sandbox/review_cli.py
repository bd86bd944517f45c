"""``beatpass-sandbox review``: play the Producer Program reviewer on a sandbox's data.

::

    beatpass-sandbox review --data DIR list [--status pending]
    beatpass-sandbox review --data DIR approve ID [--verified] [--notes TEXT]
    beatpass-sandbox review --data DIR deny ID --reason TEXT
    beatpass-sandbox review --data DIR revoke ID [--reason TEXT]

``DIR`` is the sandbox's data folder (the one given to ``beatpass-sandbox --data``; the app's
embedded sandbox names its own in the Sandbox menu). It works while the sandbox runs: the
app sees a decision on its next refresh.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from studio.core import limits
from studio.sandbox import review
from studio.sandbox.db import DB_NAME

BUSY_TIMEOUT_S = 10.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="beatpass-sandbox review",
        description="Approve, deny or revoke Producer Program requests in a sandbox "
        "(the reviewer's side, to rehearse what applicants see).",
    )
    parser.add_argument("--data", type=Path, required=True, help="the sandbox's data folder")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="list requests, newest first")
    listing.add_argument("--status", choices=limits.BACKSTAGE_STATUSES)
    approve = commands.add_parser("approve", help="approve a pending request")
    approve.add_argument("id", type=int)
    approve.add_argument("--verified", action="store_true", help="also mark the profile verified")
    approve.add_argument("--notes", default=None)
    deny = commands.add_parser("deny", help="deny a pending request, with the reason")
    deny.add_argument("id", type=int)
    deny.add_argument("--reason", required=True, help="shown to the applicant")
    revoke = commands.add_parser("revoke", help="revoke a pending or approved request")
    revoke.add_argument("id", type=int)
    revoke.add_argument("--reason", default=None)
    return parser


def _connect(data_dir: Path) -> sqlite3.Connection:
    path = data_dir / DB_NAME
    if not path.is_file():
        raise FileNotFoundError(f"no sandbox data in {data_dir} (no {DB_NAME})")
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        conn = _connect(args.data)
    except (OSError, sqlite3.Error) as exc:
        print(f"beatpass-sandbox review: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "list":
            rows = review.listing(conn, args.status)
            if not rows:
                print("No requests.")
            for row in rows:
                print(
                    f"#{row['id']:<5} {row['status']:<9} {row['type']:<14} "
                    f"{row['artist_name']!r:<28} {row['email']}  sent {row['created_at'][:10]}"
                )
                if row["notes"]:
                    print(f"       notes: {row['notes']}")
            return 0
        kw: dict[str, object] = {}
        if args.command == "approve":
            kw = {"verified": args.verified, "notes": args.notes}
        else:
            kw = {"notes": args.reason}
        review.decide(conn, args.command, args.id, **kw)
        status = review.request_row(conn, args.id)["status"]
        print(f"Request #{args.id} is now {status}.")
        return 0
    except review.ReviewError as exc:
        print(f"beatpass-sandbox review: {exc.message}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"beatpass-sandbox review: the sandbox database failed: {exc}", file=sys.stderr)
        return 2
    finally:
        conn.close()
