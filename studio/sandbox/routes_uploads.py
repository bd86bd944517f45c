"""F1: uploads (multipart), checked by content sniffing, extension and size; stored under
the data folder and served back at ``{origin}/storage/<prefix>/<file>``."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

from flask import Blueprint, jsonify, request

from studio.core import limits
from studio.core.filetypes import SNIFF_BYTES, sniff_mime
from studio.core.limits import UploadRule
from studio.sandbox.context import MAX_BODY_BYTES, conn, require_user, state
from studio.sandbox.db import now_iso, row_id
from studio.sandbox.errors import field_error, forbidden
from studio.sandbox.serialize import file_entry_json

bp = Blueprint("uploads", __name__)

MIME_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}
CLAIM_PICTURE = limits.UPLOAD_RULES["claim_picture"]
DISK_PREFIX_RULES: dict[str, UploadRule] = {
    "avatars": limits.UPLOAD_TYPES["avatars"],
    "artist_images": limits.UPLOAD_TYPES["artwork"],
    "artist_media": CLAIM_PICTURE,
}


def _rule() -> UploadRule:
    form = request.form
    upload_type = form.get("uploadType")
    prefix = form.get("diskPrefix")
    if upload_type == "artwork" and prefix == "artist_media":
        return CLAIM_PICTURE
    if upload_type:
        rule = limits.UPLOAD_TYPES.get(upload_type)
        if rule is None:
            raise field_error("uploadType", "The selected upload type is invalid.")
        return rule
    if prefix in DISK_PREFIX_RULES:
        return DISK_PREFIX_RULES[prefix]
    if form.get("disk") == "uploads":
        return limits.UPLOAD_TYPES["backstageAttachments"]
    return limits.UPLOAD_TYPES["media"]


def _allowed_text(rule: UploadRule) -> str:
    names = [limits.MIME_EXTENSIONS[m][0].upper() for m in rule.mimes]
    return ", ".join(names)


@bp.post("/uploads")
@bp.post("/file-entries")
def upload() -> Any:
    user = require_user()
    rule = _rule()
    file = request.files.get("file")
    if file is None or not file.filename:
        raise field_error("file", "The file field is required.")
    content = file.read()
    if len(content) > rule.max_bytes:
        raise field_error(
            "file", f"The file must not be greater than {rule.max_bytes // 1024} kilobytes."
        )
    if not content:
        raise field_error("file", "The file is empty.")
    mime = sniff_mime(content[:SNIFF_BYTES])
    allowed = _allowed_text(rule)
    if mime is None or mime not in rule.mimes:
        raise field_error("file", f"The file type is not allowed. Allowed types: {allowed}.")
    extension = request.form.get("clientExtension") or Path(file.filename).suffix.lstrip(".")
    extension = extension.lower()
    if extension not in limits.MIME_EXTENSIONS[mime]:
        raise field_error(
            "file", f"The file extension .{extension or '?'} does not match its content ({mime})."
        )
    client_mime = request.form.get("clientMime")
    if client_mime and MIME_ALIASES.get(client_mime, client_mime) != mime:
        raise field_error("file", f"The declared type {client_mime} does not match the content.")
    prefix = rule.disk_prefix or "uploads"
    file_name = f"{secrets.token_hex(16)}.{extension}"
    folder = state().storage_dir / prefix
    folder.mkdir(parents=True, exist_ok=True)
    (folder / file_name).write_bytes(content)
    now = now_iso()
    db = conn()
    cur = db.execute(
        "INSERT INTO file_entries (name, file_name, mime, extension, file_size, type, public,"
        " disk_prefix, url, hash, owner_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            Path(file.filename).name,
            file_name,
            mime,
            extension,
            len(content),
            mime.split("/")[0] if mime.startswith("image/") else "pdf",
            int(rule.disk == "public"),
            prefix,
            f"storage/{prefix}/{file_name}",
            hashlib.sha256(content).hexdigest()[:32],
            user["id"],
            now,
            now,
        ),
    )
    row = db.execute("SELECT * FROM file_entries WHERE id = ?", (cur.lastrowid,)).fetchone()
    return jsonify({"status": "success", "fileEntry": file_entry_json(row)}), 201


@bp.delete("/file-entries/<ids>")
def delete_entries(ids: str) -> Any:
    user = require_user()
    wanted = [ident for part in ids.split(",") if (ident := row_id(part)) is not None]
    db = conn()
    rows = [
        row
        for entry_id in wanted
        if (row := db.execute("SELECT * FROM file_entries WHERE id = ?", (entry_id,)).fetchone())
    ]
    if any(row["owner_id"] != user["id"] for row in rows):
        raise forbidden()
    for row in rows:
        db.execute("DELETE FROM file_entries WHERE id = ?", (row["id"],))
        (state().storage_dir / row["disk_prefix"] / row["file_name"]).unlink(missing_ok=True)
    return jsonify({"status": "success"})


@bp.get("/uploads/server-max-file-size")
def server_max_file_size() -> Any:
    return jsonify({"status": "success", "maxFileSize": MAX_BODY_BYTES})
