"""One table of answers: each of our exceptions -> its HTTP status, words, metric and headers.

The submit handler answers every refusal from this table, and the OpenAPI document lists its
responses from it, so the two cannot drift (tests/unit/test_answer_table.py). Titles and details
are the catalogue's words for the answer's `reason` (leadcapture/messages/*.json "problem.<reason>.*")
or the exception's own message, which is written to name a rule, never a submitted value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from leadcapture.kernel.errors import (
    BodyTooLarge,
    BotCheckFailed,
    DuplicateInFlight,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
    InvalidSubmission,
    LeadCaptureError,
    MalformedBody,
    OriginRefused,
    RateLimited,
    StorageUnavailable,
    UnsupportedMediaType,
    VerifierUnavailable,
)

RetryAfter = Literal["setting", "error", "one"]


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    # One line for the OpenAPI document.
    described: str
    # A fixed word for logs and metric metadata (a Forbidden's own reason wins).
    reason: str
    # Counted besides LeadRejected (client errors) or instead of it (our own failures, 5xx).
    metric: str | None = None
    retry_after: RetryAfter | None = None
    # The HTML page links back to the form (the person can fix something and send again).
    back_link: bool = False
    # English answers carry the exception's own message (it names the rule: "body is not valid
    # JSON"); other languages, and every other answer, the catalogue's words for `reason`.
    own_detail: bool = False

    @property
    def ours(self) -> bool:
        """A failure on our side (5xx): logged as an error and not counted as a rejected lead."""
        return self.status >= 500


TABLE: dict[type[LeadCaptureError], Answer] = {
    MalformedBody: Answer(400, "Malformed body (bad JSON, encoding, not an object).", "malformed", own_detail=True),
    InvalidIdempotencyKey: Answer(400, "A malformed Idempotency-Key header.", "idempotency_key", own_detail=True),
    OriginRefused: Answer(403, "A browser post from an origin not in ALLOWED_ORIGINS. Nothing stored.", "origin", metric="OriginRefused"),
    BotCheckFailed: Answer(403, "The bot check (Turnstile) failed. Nothing stored.", "captcha", metric="CaptchaFailed", back_link=True),
    DuplicateInFlight: Answer(
        409,
        "The same submission is still being handled; send again in a moment (Retry-After).",
        "in_flight",
        metric="DuplicateInFlight",
        retry_after="one",
    ),
    BodyTooLarge: Answer(413, "Body over 32 KiB.", "too_large"),
    UnsupportedMediaType: Answer(415, "Unsupported content type.", "media_type", own_detail=True),
    InvalidSubmission: Answer(422, "Fields break the rules: one entry per field, never the value.", "invalid", back_link=True),
    IdempotencyKeyReused: Answer(422, "An Idempotency-Key reused for other content.", "idempotency_key_reused", own_detail=True),
    RateLimited: Answer(429, "Too many posts from one source; see Retry-After.", "rate_limited", metric="RateLimited", retry_after="error"),
    StorageUnavailable: Answer(
        503,
        "Storage unavailable; nothing stored; see Retry-After.",
        "storage_unavailable",
        metric="StorageUnavailable",
        retry_after="setting",
    ),
    VerifierUnavailable: Answer(
        503,
        "The bot check could not answer; nothing stored; see Retry-After.",
        "verifier_unavailable",
        metric="VerifierUnavailable",
        retry_after="setting",
    ),
}


def answer_for(err: LeadCaptureError) -> Answer | None:
    """The answer for this exception (or its nearest listed base class); None when it has none."""
    for cls in type(err).__mro__:
        if cls in TABLE:
            return TABLE[cls]
    return None
