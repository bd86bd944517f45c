"""BeatPass Studio: a desktop app for BeatPass producers and Producer Program applicants."""

__version__ = "0.1.0"
APP_NAME = "BeatPass Studio"
APP_ID = "beatpass-studio"
