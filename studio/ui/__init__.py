"""Widgets of BeatPass Studio (the Qt side). One screen per module."""
