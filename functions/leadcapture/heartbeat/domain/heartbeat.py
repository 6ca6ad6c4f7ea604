"""The heartbeat's rules: the synthetic submission and what counts as a good beat.

The signature it carries is the kernel's (`kernel/canary.py`): the submit function verifies it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from leadcapture.kernel.canary import ACCEPTED, HEADER, sign
from leadcapture.kernel.timestamps import utc_stamp


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
