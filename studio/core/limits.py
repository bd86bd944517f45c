"""Every BeatPass limit and rule the studio knows, as data.

One module, so the client, the sandbox and the editors all read the same numbers
(DOMAIN.md, API.md). Where the server answers differently (a 422), the server wins;
these values only let the studio warn early.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Transport ---------------------------------------------------------------------------

PRODUCTION_API_URL = "https://open.beatpass.ca/api/v1"
SANDBOX_DEFAULT_HOST = "127.0.0.1"
SANDBOX_DEFAULT_PORT = 8765
API_PATH = "/api/v1"

REQUEST_TIMEOUT_CONNECT_S = 5.0
REQUEST_TIMEOUT_READ_S = 30.0
UPLOAD_TIMEOUT_READ_S = 120.0
MAX_TRIES = 5  # first try + retries, for 429 / 503 / connection failures
RATE_LIMIT_WARN_REMAINING = 10
# After a Retry-After pause the client resumes slowly (API.md §11.2): the request that was
# refused goes first, the next one RESUME_FIRST_GAP_S later, each gap then RESUME_GAP_FACTOR
# times the last, until gaps would be under RESUME_MIN_GAP_S (full speed again).
RESUME_FIRST_GAP_S = 1.0
RESUME_GAP_FACTOR = 0.5
RESUME_MIN_GAP_S = 0.1
SEARCH_DEBOUNCE_MS = 300

TOKEN_LIFETIME_DAYS = 90
TOKEN_NAME_MIN = 3
TOKEN_NAME_MAX = 100
TOKEN_NAME_HOST_MAX = 40

# --- Rate limits (sandbox defaults; production documents 300/min) -------------------------

RATE_LIMIT_PER_MINUTE = 300
LOGIN_RATE_LIMIT_PER_MINUTE = 5

# --- Pagination --------------------------------------------------------------------------

PER_PAGE_MIN = 1
PER_PAGE_MAX = 50
DEFAULT_PER_PAGE = 20


# --- Text fields --------------------------------------------------------------------------


@dataclass(frozen=True)
class TextRule:
    """Length rule for one text field. ``min_len`` applies only when a value is given
    (or always, when ``required``)."""

    max_len: int
    min_len: int = 0
    required: bool = False
    nullable: bool = True


# User profile (U2)
USERNAME = TextRule(min_len=3, max_len=31, required=True, nullable=False)
USERNAME_PATTERN = r"^[A-Za-z0-9_]+$"
USERNAME_HINT = "Letters, digits and underscores only, 3–31 characters."
USER_FIRST_NAME = TextRule(min_len=2, max_len=255)
USER_LAST_NAME = TextRule(min_len=2, max_len=255)
USER_IMAGE_URL = TextRule(max_len=255)

# Shared profile block (U2 and R2)
CITY = TextRule(max_len=255)
COUNTRY = TextRule(max_len=255)
DESCRIPTION = TextRule(max_len=5000)

# Links (U2 and R2)
LINKS_MAX = 10
LINK_URL = TextRule(min_len=1, max_len=255, required=True, nullable=False)
LINK_TITLE = TextRule(min_len=1, max_len=255, required=True, nullable=False)
URL_SCHEMES = ("http", "https")

# Producer profile (R2)
ARTIST_NAME = TextRule(min_len=1, max_len=255, required=True, nullable=False)
ARTIST_IMAGE_URL = TextRule(max_len=255)
GENRES_MAX = 10
GENRE_NAME = TextRule(min_len=1, max_len=50, required=True, nullable=False)
GALLERY_MAX = 10
GALLERY_URL = TextRule(min_len=1, max_len=255, required=True, nullable=False)
BIO_PREVIEW_LINES = 3  # first lines shown before "Show more"

# Backstage requests (B2)
BACKSTAGE_TYPES = ("become-artist", "claim-artist", "verify-artist")
BACKSTAGE_STATUSES = ("pending", "approved", "denied", "revoked")
BACKSTAGE_BLOCK_REASONS = ("pending", "revoked")
BACKSTAGE_ARTIST_NAME = TextRule(min_len=3, max_len=255, required=True, nullable=False)
BACKSTAGE_BEATS_URL = TextRule(min_len=1, max_len=2048, required=True, nullable=False)
BACKSTAGE_PERSON_NAME = TextRule(min_len=1, max_len=100, required=True, nullable=False)
BACKSTAGE_COMPANY = TextRule(max_len=255)
BACKSTAGE_INSTAGRAM = TextRule(max_len=30)
INSTAGRAM_PATTERN = r"^[A-Za-z0-9._]+$"
BACKSTAGE_ATTACHMENTS_MAX = 5
# Roles the studio offers on a claim (BeatPass UI), and the extra ones the sandbox accepts.
CLAIM_ROLES = ("artist", "manager", "producer", "label")
CLAIM_ROLES_ACCEPTED = (
    *CLAIM_ROLES,
    "agent",
    "composer",
    "musician",
    "publisher",
    "songwriter",
    "other",
)
CLAIM_ROLES_THAT_LINK = ("artist", "manager")
REVIEW_WINDOW_TEXT = "1–3 business days"
SUPPORT_EMAIL = "contact@beatpass.ca"

# Artist search (S1)
ARTIST_SEARCH_DEFAULT_LIMIT = 10
ARTIST_SEARCH_MAX_LIMIT = 20

# --- Credits (C1–C9) -----------------------------------------------------------------------

CREDIT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("production", "Production"),
    ("engineering", "Engineering"),
    ("writing", "Writing"),
    ("performance", "Performance"),
    ("other", "Other"),
)

# (key, name, category)
CREDIT_ROLES: tuple[tuple[str, str, str], ...] = (
    ("producer", "Producer", "production"),
    ("co_producer", "Co-Producer", "production"),
    ("beat_maker", "Beat Maker", "production"),
    ("mixing_engineer", "Mixing Engineer", "engineering"),
    ("mastering_engineer", "Mastering Engineer", "engineering"),
    ("recording_engineer", "Recording Engineer", "engineering"),
    ("songwriter", "Songwriter", "writing"),
    ("composer", "Composer", "writing"),
    ("arranger", "Arranger", "writing"),
    ("featured_artist", "Featured Artist", "performance"),
    ("vocalist", "Vocalist", "performance"),
    ("musician", "Musician", "performance"),
    ("executive_producer", "Executive Producer", "other"),
    ("a_and_r", "A&R", "other"),
    ("creative_director", "Creative Director", "other"),
)
CREDIT_TYPES = ("track", "album")
CREDIT_SEARCH_QUERY = TextRule(min_len=2, max_len=100, required=True, nullable=False)
CREDIT_SEARCH_LIMIT_MIN = 1
CREDIT_SEARCH_LIMIT_MAX = 20
CREDIT_SEARCH_DEFAULT_LIMIT = 10
CREDIT_ROLES_PER_REQUEST_MAX = 15
CREDITS_SHOWN_BEFORE_MORE = 8
CREDIT_ROLE_BADGES_SHOWN = 2
POPULARITY_HIGH = 70  # >= high
POPULARITY_MEDIUM = 40  # >= medium, else low

# --- Pinned track (P1–P3) --------------------------------------------------------------------

PIN_INELIGIBLE_REASONS: dict[str, str] = {
    "not_primary_owner": "This producer profile is not the track's primary owner.",
    "not_playable": "The track's audio is not playable.",
    "no_active_offer": "The track has no active licence or purchase option.",
    "exclusive_sold": "The track was sold exclusively and cannot be pinned.",
    "ai_rights_unconfirmed": (
        "The track is AI-assisted and its commercial rights are not confirmed."
    ),
}

# --- Error codes the contract names ----------------------------------------------------------

ERROR_API_ACCESS_DENIED = "api_access_denied"
ERROR_ACCOUNT_BANNED = "account_banned"  # [D] sandbox 403 on a banned account
ERROR_ACCOUNT_DISABLED = "account_disabled"  # [D] sandbox 403 on a deactivated account
ERROR_BACKSTAGE_PENDING = "backstage_request_pending"
ERROR_BACKSTAGE_REVOKED = "backstage_request_revoked"
ERROR_ARTIST_ALREADY_CLAIMED = "artist_already_claimed"
ERROR_CREDIT_EXISTS = "credit_exists"
ERROR_TRACK_NOT_ELIGIBLE = "track_not_eligible"
ERROR_SPOTIFY_UNAVAILABLE = "spotify_unavailable"

# --- Uploads (F1) -------------------------------------------------------------------------

MB = 1024 * 1024
IMAGE_MIMES = ("image/jpeg", "image/png", "image/gif", "image/webp")
MIME_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "application/pdf": ("pdf",),
}


@dataclass(frozen=True)
class UploadRule:
    """How one kind of upload is sent (both BeMusic generations) and what it may hold."""

    upload_type: str
    disk: str
    disk_prefix: str | None
    mimes: tuple[str, ...]
    max_bytes: int


UPLOAD_RULES: dict[str, UploadRule] = {
    "user_avatar": UploadRule("avatars", "public", "avatars", IMAGE_MIMES, 2 * MB),
    "artist_image": UploadRule("artwork", "public", "artist_images", IMAGE_MIMES, 2 * MB),
    "claim_picture": UploadRule(
        "artwork", "public", "artist_media", ("image/jpeg", "image/png", "image/webp"), 2 * MB
    ),
    "backstage_attachment": UploadRule(
        "backstageAttachments",
        "uploads",
        None,
        ("image/jpeg", "image/png", "image/webp", "application/pdf"),
        5 * MB,
    ),
}
# What the sandbox accepts per uploadType (it checks MIME, extension and size, not pixels).
UPLOAD_TYPES: dict[str, UploadRule] = {
    "avatars": UPLOAD_RULES["user_avatar"],
    "artwork": UploadRule("artwork", "public", "artist_images", IMAGE_MIMES, 2 * MB),
    "backstageAttachments": UPLOAD_RULES["backstage_attachment"],
    "media": UploadRule("media", "public", "media", IMAGE_MIMES, 2 * MB),
}

# --- Image targets (checked on the user's machine before upload) ---------------------------


@dataclass(frozen=True)
class ImageTarget:
    """What BeatPass expects of one kind of picture. ``min_*`` block below them when
    ``min_blocks``; ``recommended_*`` only warn; ``max_*`` is the largest picture the studio
    uploads (it downscales to fit, never upscales)."""

    key: str
    label: str
    upload: str  # key into UPLOAD_RULES
    min_width: int = 0
    min_height: int = 0
    min_blocks: bool = False
    aspect: tuple[int, int] | None = None  # required aspect ratio (w, h)
    recommended_width: int = 0
    recommended_height: int = 0
    circle: bool = False
    # Avatars show at most a few hundred pixels wide: 1024 keeps them sharp on HiDPI screens.
    max_width: int = 2048
    max_height: int = 2048


IMAGE_TARGETS: dict[str, ImageTarget] = {
    "avatar": ImageTarget(
        "avatar",
        "Producer avatar",
        "artist_image",
        400,
        400,
        True,
        (1, 1),
        400,
        400,
        True,
        1024,
        1024,
    ),
    "cover": ImageTarget(
        "cover",
        "Cover image",
        "artist_image",
        0,
        0,
        False,
        (16, 9),
        1920,
        1080,
        False,
        1920,
        1080,
    ),
    "gallery": ImageTarget(
        "gallery",
        "Gallery image",
        "artist_image",
        0,
        0,
        False,
        None,
        800,
        800,
        False,
        2048,
        2048,
    ),
    "claim_picture": ImageTarget(
        "claim_picture",
        "Profile picture",
        "claim_picture",
        0,
        0,
        False,
        (1, 1),
        400,
        400,
        True,
        1024,
        1024,
    ),
    # A picture attached to an application (press photo, screenshot): kept whole, cleaned
    # of private metadata, fitted under the attachment cap.
    "attachment": ImageTarget(
        "attachment",
        "Attached picture",
        "backstage_attachment",
        max_width=4096,
        max_height=4096,
    ),
    "user_avatar": ImageTarget(
        "user_avatar",
        "User avatar",
        "user_avatar",
        200,
        200,
        True,
        (1, 1),
        200,
        200,
        True,
        512,
        512,
    ),
}
# Pictures larger than this are refused before decoding (decompression bombs).
IMAGE_MAX_PIXELS = 80_000_000
# An animation whose frames × canvas exceed this is flattened to its first frame.
ANIMATION_MAX_SOURCE_PIXELS = 100_000_000
# Below this share of the recommended size a picture is unusable even where the target has
# no hard minimum (a 65500×1 strip cropped to 16:9 leaves 2×1 pixels).
IMAGE_UNUSABLE_SHARE = 0.1
