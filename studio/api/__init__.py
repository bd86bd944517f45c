"""The BeatPass API client (no Qt): ``BeatPassClient`` and its typed errors."""

from studio.api.client import BeatPassClient, token_id_of
from studio.api.errors import (
    ApiAccessDenied,
    ApiError,
    AuthExpired,
    BadResponse,
    Conflict,
    FileRejected,
    Forbidden,
    InvalidCredentials,
    NotEligible,
    NotFound,
    Offline,
    RateLimited,
    ServerError,
    UnreadableServerError,
    UnsafeUrl,
    ValidationFailed,
)
from studio.api.results import AddCreditsResult, ArtistPage, LoginResult

__all__ = [
    "AddCreditsResult",
    "ApiAccessDenied",
    "ApiError",
    "ArtistPage",
    "AuthExpired",
    "BadResponse",
    "BeatPassClient",
    "Conflict",
    "FileRejected",
    "Forbidden",
    "InvalidCredentials",
    "LoginResult",
    "NotEligible",
    "NotFound",
    "Offline",
    "RateLimited",
    "ServerError",
    "UnreadableServerError",
    "UnsafeUrl",
    "ValidationFailed",
    "token_id_of",
]
