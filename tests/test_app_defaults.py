"""A plain start (no arguments) skips building the argument parser: its defaults must be
exactly what the parser gives for no arguments."""

from __future__ import annotations

from studio.cli import DEFAULTS, build_parser, parse_args


def test_defaults_match_the_parser() -> None:
    assert vars(build_parser().parse_args([])) == DEFAULTS
    assert vars(parse_args([])) == DEFAULTS
