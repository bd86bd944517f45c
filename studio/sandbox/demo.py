"""The demo accounts of the sandbox's demo seed (read by the README and "Try the sandbox")."""

from __future__ import annotations

from typing import NamedTuple

DEMO_DOMAIN = "demo.beatpass.test"
# Sign-ins from addresses at these domains answer 422 on ``email`` (BeMusic's e-mail domain
# blacklist), whatever the password.
BLOCKED_EMAIL_DOMAINS = ("blocked.beatpass.test",)


class DemoAccount(NamedTuple):
    email: str
    password: str
    summary: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        f"producer@{DEMO_DOMAIN}",
        "demo-producer",
        'Approved producer managing "Nova Beats" (verified, full profile, credits, pinned '
        'track, 60+ beats) and "Nova Lo-Fi" (unverified, sparse).',
    ),
    DemoAccount(
        f"applicant@{DEMO_DOMAIN}",
        "demo-applicant",
        "No producer profile yet; one denied application (with a reason) in the history.",
    ),
    DemoAccount(f"pending@{DEMO_DOMAIN}", "demo-pending", "An application is pending review."),
    DemoAccount(
        f"revoked@{DEMO_DOMAIN}",
        "demo-revoked",
        "Producer access was revoked: new applications are blocked.",
    ),
    DemoAccount(
        f"noapi@{DEMO_DOMAIN}",
        "demo-noapi",
        "Can sign in but has no API access (every other call answers 401).",
    ),
    DemoAccount(
        f"banned@{DEMO_DOMAIN}",
        "demo-banned",
        "Banned (repeated copyright complaints): sign-in and every call answer 403.",
    ),
    DemoAccount(
        f"disabled@{DEMO_DOMAIN}",
        "demo-disabled",
        "Deactivated account: sign-in and every call answer 403.",
    ),
    DemoAccount(
        f"admin@{DEMO_DOMAIN}",
        "demo-admin",
        "Administrator: may rename profiles and approve, deny or revoke applications.",
    ),
)

# Seeded but not advertised: the user who manages "Cold Harbor" (a profile claimed by someone
# else), and the owner of the large seed's producer profile.
OTHER_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(f"coldharbor@{DEMO_DOMAIN}", "demo-coldharbor", 'Manages "Cold Harbor".'),
)
LARGE_ACCOUNT = DemoAccount(
    f"large@{DEMO_DOMAIN}",
    "demo-large",
    '--seed large only: manages "Endless Loops" with 10,000 beats and 500 credits.',
)
