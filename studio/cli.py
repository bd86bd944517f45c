"""The command line of ``beatpass-studio``: its options, checked (no Qt: ``--help`` and
``--version`` answer at once)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

from studio import APP_ID, APP_NAME, __version__
from studio.core.limits import PRODUCTION_API_URL


def check_api_url(text: str) -> str:
    """An API base URL the studio may talk to: https, or plain http only on loopback."""
    from studio.core.urls import is_loopback_host

    url = text.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a web address; give one like {PRODUCTION_API_URL}"
        )
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise argparse.ArgumentTypeError(
            f"{text!r} uses plain http; tokens would travel unencrypted. Use https "
            "(plain http is accepted only for 127.0.0.1 / localhost)."
        )
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_ID,
        description=f"{APP_NAME}: manage your BeatPass producer page, with local drafts, "
        "a preview before publishing and a sandbox to rehearse in.",
        epilog="Without options the studio signs in with the account used last time, or "
        "shows the sign-in window. Logs go to the platform's log folder "
        "(BEATPASS_STUDIO_LOG_DIR overrides it).",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--sandbox",
        action="store_true",
        help="start the built-in sandbox (a local BeatPass with demo data, kept in your "
        "data folder) and sign in as the demo producer",
    )
    target.add_argument(
        "--api-url",
        type=check_api_url,
        metavar="URL",
        help=f"the BeatPass API to use (default {PRODUCTION_API_URL}); https only, "
        "except on loopback",
    )
    target.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the main window offscreen against a temporary sandbox, sign in, load the "
        "account and its producer profile, then exit (0 = it works)",
    )
    parser.add_argument(
        "--reset-sandbox",
        action="store_true",
        help="with --sandbox: throw the sandbox's data away and start fresh",
    )
    parser.add_argument(
        "--debug", action="store_true", help="verbose logging, also printed to the terminal"
    )
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        default="system",
        help="colour scheme (default: follow the system)",
    )
    return parser


# What build_parser() gives for no arguments (a test keeps the two equal): a plain start
# skips building the parser.
DEFAULTS = {
    "sandbox": False,
    "api_url": None,
    "smoke_test": False,
    "reset_sandbox": False,
    "debug": False,
    "theme": "system",
}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    if not (sys.argv[1:] if argv is None else argv):
        return argparse.Namespace(**DEFAULTS)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.reset_sandbox and not args.sandbox:
        parser.error("--reset-sandbox only makes sense with --sandbox")
    return args
