"""JSON error answers of the sandbox (API.md §11): one exception type, turned into
``{"message", "errors"?, "error_code"?}`` by the app's error handlers."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Response, jsonify

from studio.core.limits import ERROR_ACCOUNT_BANNED, ERROR_ACCOUNT_DISABLED
from studio.core.validation import laravel_message

MSG_UNAUTHENTICATED = "Unauthenticated."
MSG_FORBIDDEN = "You don't have required permissions for this action."
MSG_NOT_FOUND = "Not found."
MSG_SERVER_ERROR = "There was an issue. Please try again later."


class ApiError(Exception):
    """An error answer: status, message and the optional contract keys."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: dict[str, list[str]] | None = None,
        error_code: str | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.error_code = error_code
        self.extra = extra or {}
        self.headers = headers or {}

    def response(self) -> Response:
        body: dict[str, Any] = {"message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        if self.error_code is not None:
            body["error_code"] = self.error_code
        body.update(self.extra)
        resp = jsonify(body)
        resp.status_code = self.status
        for key, value in self.headers.items():
            resp.headers[key] = value
        return resp


def unauthenticated() -> ApiError:
    return ApiError(401, MSG_UNAUTHENTICATED)


def forbidden(message: str = MSG_FORBIDDEN) -> ApiError:
    return ApiError(403, message)


def not_found() -> ApiError:
    return ApiError(404, MSG_NOT_FOUND)


def invalid(errors: dict[str, list[str]]) -> ApiError:
    """A 422 with Laravel's summary message."""
    return ApiError(422, laravel_message(errors), errors=errors)


def field_error(key: str, message: str) -> ApiError:
    return invalid({key: [message]})


def conflict(message: str, error_code: str) -> ApiError:
    return ApiError(409, message, error_code=error_code)


def refuse_blocked_account(user: sqlite3.Row) -> None:
    """403 for a banned or deactivated account: at sign-in (A1) and on every call made with
    a token it got before (API.md §3 A1, §11.1)."""
    if user["banned_reason"]:
        raise ApiError(
            403,
            f"This account has been banned: {user['banned_reason']}",
            error_code=ERROR_ACCOUNT_BANNED,
        )
    if user["disabled"]:
        raise ApiError(
            403,
            "This account has been deactivated. Contact support to reactivate it.",
            error_code=ERROR_ACCOUNT_DISABLED,
        )
