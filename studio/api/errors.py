# ruff: noqa: N818  (the error names are agreed in INTERFACES.md §4)
"""Typed API errors, each with the server's text (``message``) and a sentence a person
understands (``user_message``: what happened and what to do), and the mapping from an
HTTP answer to one of them (API.md §11)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from studio.core.coerce import opt_float
from studio.core.limits import (
    ERROR_ACCOUNT_BANNED,
    ERROR_ACCOUNT_DISABLED,
    ERROR_API_ACCESS_DENIED,
    ERROR_ARTIST_ALREADY_CLAIMED,
    ERROR_BACKSTAGE_PENDING,
    ERROR_BACKSTAGE_REVOKED,
    ERROR_CREDIT_EXISTS,
    ERROR_SPOTIFY_UNAVAILABLE,
    ERROR_TRACK_NOT_ELIGIBLE,
    PIN_INELIGIBLE_REASONS,
    SUPPORT_EMAIL,
)

SIGN_IN_AGAIN = (
    "Your BeatPass sign-in has expired or was revoked (tokens last 90 days). Please sign in again."
)
NO_API_ACCESS = (
    "Your BeatPass account does not have API access. API access is invite-only: "
    f"ask {SUPPORT_EMAIL} to enable it, then sign in again."
)
ACCOUNT_REFUSED_CODES = frozenset({ERROR_ACCOUNT_BANNED, ERROR_ACCOUNT_DISABLED})
CONFLICT_MESSAGES = {
    ERROR_BACKSTAGE_PENDING: "You already have a Producer Program request under review. "
    "You can send a new one once it has been decided.",
    ERROR_BACKSTAGE_REVOKED: "Your producer access was revoked, so new requests are blocked. "
    f"To appeal, contact BeatPass support ({SUPPORT_EMAIL}).",
    ERROR_ARTIST_ALREADY_CLAIMED: "This producer profile is already claimed by someone else. "
    f"If it is yours, contact {SUPPORT_EMAIL}.",
    ERROR_CREDIT_EXISTS: "This credit already has the role(s) you chose; nothing was added.",
}


class ApiError(Exception):
    """Base of every client error. ``status`` is ``None`` when no HTTP answer came."""

    default_user_message = "BeatPass could not complete this request. Please try again."

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        user_message: str | None = None,
        error_code: str | None = None,
    ) -> None:
        self.status = status
        self.message = message
        self.error_code = error_code
        self.user_message = user_message or self.default_user_message
        super().__init__(self.user_message if not message else f"{self.user_message} ({message})")


class InvalidCredentials(ApiError):
    default_user_message = "The e-mail address or password is not right. Check them and try again."

    def __init__(self, message: str = "", **kwargs: Any) -> None:
        self.field_errors: dict[str, list[str]] = kwargs.pop("field_errors", {})
        super().__init__(message, **kwargs)


class AuthExpired(ApiError):
    default_user_message = SIGN_IN_AGAIN


class ApiAccessDenied(ApiError):
    default_user_message = NO_API_ACCESS


class Forbidden(ApiError):
    default_user_message = "Your account is not allowed to do this."


class NotFound(ApiError):
    default_user_message = "BeatPass could not find this item. It may have been deleted."


class Conflict(ApiError):
    default_user_message = "This clashes with the current state on BeatPass. Reload and try again."


class ValidationFailed(ApiError):
    """422: ``field_errors`` maps dot-path field keys to messages."""

    default_user_message = "Some fields need fixing before BeatPass accepts them."

    def __init__(self, message: str = "", **kwargs: Any) -> None:
        self.field_errors: dict[str, list[str]] = kwargs.pop("field_errors", {})
        super().__init__(message, **kwargs)


class NotEligible(ValidationFailed):
    """P1 422 ``track_not_eligible``; ``reason`` is one of the pin ineligibility keys."""

    def __init__(self, message: str = "", *, reason: str | None = None, **kwargs: Any) -> None:
        self.reason = reason
        kwargs.setdefault(
            "user_message",
            PIN_INELIGIBLE_REASONS.get(reason or "", "This track cannot be pinned.")
            + " Choose another track.",
        )
        super().__init__(message, **kwargs)


class FileRejected(ApiError):
    """A file was refused before upload (type or size), or by the server (413)."""

    default_user_message = "This file cannot be uploaded."


class RateLimited(ApiError):
    """429: ``retry_after`` is the wait the server asked for, in seconds (``None`` if unknown)."""

    def __init__(
        self, message: str = "", *, retry_after: float | None = None, **kwargs: Any
    ) -> None:
        self.retry_after = retry_after
        wait = f"about {round(retry_after)} seconds" if retry_after else "a minute"
        kwargs.setdefault(
            "user_message",
            f"BeatPass is receiving too many requests from Studio. Wait {wait} and try again; "
            "nothing was lost.",
        )
        super().__init__(message, **kwargs)


class Offline(ApiError):
    """No answer: connection refused, DNS failure, timeout or a dropped connection.

    ``unreachable``: the request never reached the server (refused, DNS failure, connect
    timeout), so the server is down or the network is off — not merely slow.
    ``maybe_applied``: a write (POST/PUT/DELETE) was sent but its answer was lost, so the
    server may already have applied it; never resend it without re-reading first.
    """

    default_user_message = (
        "Studio cannot reach BeatPass. Check your internet connection and try again; "
        "your changes are kept."
    )

    def __init__(
        self,
        message: str = "",
        *,
        unreachable: bool = False,
        maybe_applied: bool = False,
        **kwargs: Any,
    ) -> None:
        self.unreachable = unreachable
        self.maybe_applied = maybe_applied
        super().__init__(message, **kwargs)


class ServerError(ApiError):
    default_user_message = "BeatPass had a problem on its side. Try again in a few minutes."


class BadResponse(ApiError):
    default_user_message = (
        "BeatPass sent an answer Studio cannot read. Check the server address in the settings, "
        "or try again later."
    )


class UnreadableServerError(ServerError, BadResponse):
    """A 5xx whose body is not JSON (a proxy's HTML page): both a server error and unreadable."""

    default_user_message = ServerError.default_user_message


class UnsafeUrl(ApiError, ValueError):
    """The base URL is not https (plain http is allowed only to loopback)."""

    default_user_message = (
        "Studio only talks to BeatPass over https (plain http is allowed only to this computer)."
    )


def parse_json(text: bytes | str) -> Any:
    """The JSON value of a body, or ``None`` when it is not JSON."""
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return None


def field_errors_of(body: Mapping[str, Any]) -> dict[str, list[str]]:
    """``errors`` as ``{field: [messages]}``; values may be a string or a list (API.md §11.1)."""
    raw = body.get("errors")
    if not isinstance(raw, Mapping):
        return {}
    result: dict[str, list[str]] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            result[str(key)] = [value]
        elif isinstance(value, list):
            result[str(key)] = [str(v) for v in value if v is not None]
        elif value is not None:
            result[str(key)] = [str(value)]
    return result


def _first_error(errors: dict[str, list[str]]) -> str:
    for messages in errors.values():
        if messages:
            return messages[0]
    return ""


def error_for(
    status: int,
    body_bytes: bytes,
    *,
    content_type: str = "",
    retry_after: float | None = None,
    context: str = "",
) -> ApiError:
    """The typed error for a non-2xx answer. ``context`` is ``login`` for A1 answers."""
    body = parse_json(body_bytes) if body_bytes else {}
    if not isinstance(body, Mapping):
        return _unreadable_error(status, retry_after)
    message = str(body.get("message") or "")
    code = body.get("error_code")
    code = str(code) if code else None
    errors = field_errors_of(body)
    kw: dict[str, Any] = {"status": status, "error_code": code}
    if status == 429:
        wait = retry_after if retry_after is not None else opt_float(body.get("retry_after"))
        return RateLimited(message, retry_after=wait, **kw)
    if context == "login" and status in (401, 422) and code != ERROR_API_ACCESS_DENIED:
        # 401 (older BP catalog) and a 422 about the credentials mean a wrong e-mail/password;
        # other 422s (token_name, blacklisted domain, unverified e-mail) show the server's text.
        text = f"{message} {_first_error(errors)}".lower()
        if status == 401 or not errors or "credential" in text:
            return InvalidCredentials(message, field_errors=errors, **kw)
        if errors.get("email"):
            return ValidationFailed(
                message,
                field_errors=errors,
                user_message=email_refused_text(errors["email"][0]),
                **kw,
            )
        return ValidationFailed(
            message, field_errors=errors, user_message=_validation_text(errors, message), **kw
        )
    if status == 401:
        if code == ERROR_API_ACCESS_DENIED:
            return ApiAccessDenied(message, **kw)
        return AuthExpired(message, **kw)
    if status == 403:
        if context == "login" or code in ACCOUNT_REFUSED_CODES:
            return Forbidden(message, user_message=account_refused_text(message), **kw)
        return Forbidden(message, **kw)
    if status == 404:
        return NotFound(message, **kw)
    if status == 409:
        return Conflict(
            message, user_message=CONFLICT_MESSAGES.get(code or "", message) or None, **kw
        )
    if status == 413:
        return FileRejected(
            message, user_message="The file is larger than the server accepts.", **kw
        )
    if status == 419:
        return ApiError(
            message,
            user_message="BeatPass treated Studio like a web browser and refused (CSRF check). "
            "This is a Studio bug; please report it.",
            **kw,
        )
    if status == 422:
        if code == ERROR_TRACK_NOT_ELIGIBLE:
            reason = body.get("reason")
            return NotEligible(
                message, reason=str(reason) if reason else None, field_errors=errors, **kw
            )
        return ValidationFailed(
            message, field_errors=errors, user_message=_validation_text(errors, message), **kw
        )
    if status >= 500:
        if code == ERROR_SPOTIFY_UNAVAILABLE:
            return ServerError(
                message,
                user_message="Spotify lookups are unavailable right now. Try again in a few "
                "minutes.",
                **kw,
            )
        return ServerError(message, **kw)
    return ApiError(message or f"HTTP {status}", **kw)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else f"{text}."


def account_refused_text(message: str) -> str:
    """What to show when BeatPass refuses the account itself (403 at sign-in, or a banned or
    deactivated account later): the server's reason when it gave one, and whom to ask."""
    reason = _sentence(message)
    if not reason:
        reason = "The account may be banned or deactivated, or its e-mail address not yet verified."
    return (
        f"BeatPass refused to sign in this account. {reason} Your drafts are kept on this "
        f"computer. If you think this is a mistake, contact {SUPPORT_EMAIL}."
    )


def email_refused_text(detail: str) -> str:
    """What to show when sign-in refuses the e-mail address itself (a blacklisted domain,
    an unverified address): the server's words, and what to do instead."""
    return (
        f"BeatPass does not accept this e-mail address for sign-in. {_sentence(detail)} "
        f"Sign in with another account, or contact {SUPPORT_EMAIL}."
    )


def _validation_text(errors: dict[str, list[str]], message: str) -> str:
    detail = _first_error(errors) or message
    extra = sum(len(v) for v in errors.values()) - 1
    if detail and extra > 0:
        return f"Please fix this: {detail} (and {extra} more)"
    return f"Please fix this: {detail}" if detail else ValidationFailed.default_user_message


def _unreadable_error(status: int, retry_after: float | None) -> ApiError:
    text = f"unreadable body with HTTP {status}"
    if status == 429:
        return RateLimited(text, status=status, retry_after=retry_after)
    if status == 413:
        return FileRejected(
            text, status=status, user_message="The file is larger than the server accepts."
        )
    if status >= 500:
        return UnreadableServerError(text, status=status)
    return BadResponse(text, status=status)
