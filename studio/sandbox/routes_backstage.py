"""Routes (in progress)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("backstage", __name__)
