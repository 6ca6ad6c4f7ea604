"""Our own exceptions: what can go wrong, in words the HTTP and stream layers map to answers.

Messages name a field and a rule, never a submitted value, so they are safe in a log line or an
HTTP body. Which HTTP answer each one gets is written once, in `intake/web/answer_table.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class FieldError:
    """A field and the rule it broke, as a stable code (`error.<code>` in leadcapture/messages/*.json).

    `params` fill the message's placeholders (a length, a list of allowed values): rules, never values.
    The domain holds no language: the handlers word the code in the person's language.
    """

    field: str
    code: str
    params: tuple[tuple[str, str | int], ...] = ()


class LeadCaptureError(Exception):
    """Base of every error this package raises on purpose."""


# --- the request -------------------------------------------------------------------------------


class MalformedBody(LeadCaptureError):
    """The body cannot be read: bad JSON, bad base64, bad UTF-8, not an object."""


class BodyTooLarge(LeadCaptureError):
    """The decoded body is over the size limit."""


class UnsupportedMediaType(LeadCaptureError):
    """A content type we do not accept."""


class InvalidSubmission(LeadCaptureError):
    """One or more fields break the contract's rules."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(f"{len(errors)} invalid field(s): {', '.join(e.field for e in errors)}")
        self.errors = errors

    def named(self, name: Callable[[str], str]) -> InvalidSubmission:
        """The same errors under other field names (the website's own, where a preset or aliases read them)."""
        return InvalidSubmission([replace(error, field=name(error.field)) for error in self.errors])


# --- storage -----------------------------------------------------------------------------------


class StorageUnavailable(LeadCaptureError):
    """DynamoDB could not be reached or refused the write; nothing was stored."""

    def __init__(self, code: str) -> None:
        super().__init__(f"storage unavailable: {code}")
        self.code = code


class LeadExists(LeadCaptureError):
    """A conditional write found a lead with this id already: it was not overwritten."""


class LeadNotFound(LeadCaptureError):
    """No lead with this id."""


# --- action links ------------------------------------------------------------------------------


class LinkKeyUnavailable(LeadCaptureError):
    """The action links' signing key could not be read (Secrets Manager down or refusing)."""

    def __init__(self, code: str) -> None:
        super().__init__(f"action link key unavailable: {code}")
        self.code = code


# --- email -------------------------------------------------------------------------------------


class MailTransientError(LeadCaptureError):
    """SES throttled or failed in a way that a later retry may fix."""

    def __init__(self, code: str) -> None:
        super().__init__(f"transient email failure: {code}")
        self.code = code


class MailRejected(LeadCaptureError):
    """SES refused the message for good (e.g. MessageRejected); retrying will not help."""

    def __init__(self, code: str) -> None:
        super().__init__(f"email rejected: {code}")
        self.code = code


# --- defences against abuse and double submits -------------------------------------------------


class Forbidden(LeadCaptureError):
    """Refused before anything is stored.

    `reason` is a fixed word ("origin", "captcha_missing", "captcha_invalid", ...), safe in a log.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"forbidden: {reason}")
        self.reason = reason


class OriginRefused(Forbidden):
    """A browser posted from a page whose origin is not on the allow-list."""

    def __init__(self) -> None:
        super().__init__("origin")


class BotCheckFailed(Forbidden):
    """The bot check (Turnstile) token is missing, invalid, replayed or foreign."""


class RateLimited(LeadCaptureError):
    """Too many posts from one source in the current window; nothing stored."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after


class DuplicateInFlight(LeadCaptureError):
    """The same submission is being handled right now by another request."""


class InvalidIdempotencyKey(LeadCaptureError):
    """The Idempotency-Key header is not a short printable token."""


class IdempotencyKeyReused(LeadCaptureError):
    """An Idempotency-Key already used for a different submission."""


class VerifierUnavailable(LeadCaptureError):
    """A check we depend on (bot check, duplicate store) could not answer; nothing stored."""

    def __init__(self, code: str) -> None:
        super().__init__(f"verifier unavailable: {code}")
        self.code = code


# --- the heartbeat -------------------------------------------------------------------------------


class HeartbeatFailed(LeadCaptureError):
    """The heartbeat's post was not stored as a canary; `reason` is a fixed word ("http_503", "not_recognized")."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"heartbeat failed: {reason}")
        self.reason = reason


# --- urgent pages (text messages) ----------------------------------------------------------------


class PageTransientError(LeadCaptureError):
    """SNS throttled, failed or refused a permission in a way a later attempt may fix; `code` is AWS's."""

    def __init__(self, code: str) -> None:
        super().__init__(f"transient text message failure: {code}")
        self.code = code


class PageRejected(LeadCaptureError):
    """SNS refused the text for good (an invalid or opted-out number); retrying will not help."""

    def __init__(self, code: str) -> None:
        super().__init__(f"text message rejected: {code}")
        self.code = code


class QueueUnavailable(LeadCaptureError):
    """SQS could not take a page request (the re-page queue); nothing was scheduled."""

    def __init__(self, code: str) -> None:
        super().__init__(f"page queue unavailable: {code}")
        self.code = code
