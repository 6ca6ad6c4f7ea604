"""The heartbeat's signature: how the heartbeat function signs its post and the submit function tells it apart.

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
