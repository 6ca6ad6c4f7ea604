"""The heartbeat's rules: the synthetic submission, its signature, and what counts as a good beat.

Once a day the heartbeat function posts a synthetic consultation request through the public API
with a signature header (`X-Lead-Capture-Canary: <unix seconds>.<hex HMAC-SHA256>`): the HMAC,
under a key only the stack holds, covers the timestamp and the exact body bytes. The submit
function stores a verified one as a `canary` lead (short TTL, no rate limit, no bot check); the
stream hands it to notify, which emails nobody and counts `HeartbeatOK`.

A header that does not verify (no key, wrong key, tampered body, stale or future timestamp,
garbage) makes the post an ordinary submission: no error says why, so nothing can be probed. The
synthetic body fills the honeypot, so a heartbeat whose signature fails is quarantined as `spam`
rather than emailed to the coordinator (docs/decisions.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from .timestamps import utc_stamp

HEADER = "X-Lead-Capture-Canary"
# What the submit function answers in the same header when it stored a verified canary.
ACCEPTED = "accepted"
# A signed post is a canary for this long after (or before: clock skew) its timestamp.
REPLAY_WINDOW_SECONDS = 300
# Long enough to look at yesterday's beat; short enough that canaries never pile up.
CANARY_RETENTION_DAYS = 2
# Bounds the work a hostile header can cause: 12 digits, a dot, 64 hex digits.
_HEADER_MAX = 100


def signature(key: bytes, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 over `<timestamp>.` followed by the body's bytes."""
    return hmac.new(key, f"{timestamp}.".encode("ascii") + body, hashlib.sha256).hexdigest()


def sign(key: bytes, body: bytes, now: float) -> str:
    """The header value for this body, signed now."""
    timestamp = int(now)
    return f"{timestamp}.{signature(key, timestamp, body)}"


def verify(header: str | None, body: bytes, *, key: bytes | None, now: float) -> bool:
    """True only for a header made by `sign` with this key over these bytes, within the window."""
    if not header or not key or len(header) > _HEADER_MAX:
        return False
    stamp, dot, given = header.strip().partition(".")
    # isascii: str.isdigit accepts other scripts' digits, which int() would read.
    if not dot or not stamp.isascii() or not stamp.isdigit():
        return False
    timestamp = int(stamp)
    if abs(now - timestamp) > REPLAY_WINDOW_SECONDS:
        return False
    expected = signature(key, timestamp, body)
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("ascii"))


def synthetic_submission(at: datetime) -> dict[str, object]:
    """A valid consultation request that is nobody's: an address on the reserved example.com.

    `website` (the honeypot) is filled on purpose: should the signature fail, the post is
    quarantined as spam instead of reaching the coordinator. The time makes each beat's body, and
    so its idempotency key, unique.
    """
    return {
        "first_name": "Heartbeat",
        "last_name": "Canary",
        "email": "heartbeat@example.com",
        "preferred_contact": "email",
        "message": f"Synthetic heartbeat sent at {utc_stamp(at)}; never emailed.",
        "consent": True,
        "website": "heartbeat",
    }


def body_of(submission: dict[str, object]) -> bytes:
    return json.dumps(submission, separators=(",", ":"), sort_keys=True).encode("utf-8")


@dataclass(frozen=True, slots=True)
class PostAnswer:
    """What the API answered the heartbeat's post (`status` None: no answer at all)."""

    status: int | None
    canary: str | None = None
    lead_id: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Beat:
    """One heartbeat: good when the API stored it as a canary (201 and the accepted header)."""

    ok: bool
    reason: str
    status: int | None = None
    lead_id: str | None = None


class HeartbeatPoster(Protocol):
    """The port the heartbeat posts through (adapters/api_client.py); here, beside its answer type."""

    def post(self, body: bytes, headers: dict[str, str]) -> PostAnswer:
        """POST a JSON body to the public API; never raises for an answer or a network failure."""


def judge(answer: PostAnswer) -> Beat:
    if answer.status is None:
        return Beat(False, answer.error or "no_answer")
    if answer.status != 201:
        return Beat(False, f"http_{answer.status}", answer.status)
    if answer.canary != ACCEPTED:
        # Stored, but as an ordinary (quarantined) submission: the key or the clock disagree.
        return Beat(False, "not_recognized", answer.status, answer.lead_id)
    return Beat(True, "stored", answer.status, answer.lead_id)


def send_heartbeat(*, key: Callable[[], bytes | None], poster: HeartbeatPoster, now: datetime) -> Beat:
    """Build, sign and post one synthetic submission; judge the answer."""
    secret = key()
    if not secret:
        return Beat(False, "no_key")
    body = body_of(synthetic_submission(now))
    return judge(poster.post(body, {HEADER: sign(secret, body, now.timestamp())}))
