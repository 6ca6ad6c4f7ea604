"""Our own exceptions: what can go wrong, in words the HTTP and stream layers map to answers.

Messages name a field and a rule, never a submitted value, so they are safe in a log line or an
HTTP body.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class LeadCaptureError(Exception):
    """Base of every error this package raises on purpose."""


# --- the request -------------------------------------------------------------------------------


class MalformedBody(LeadCaptureError):
    """The body cannot be read: bad JSON, bad base64, bad UTF-8, not an object (HTTP 400)."""


class BodyTooLarge(LeadCaptureError):
    """The decoded body is over the size limit (HTTP 413)."""


class UnsupportedMediaType(LeadCaptureError):
    """A content type we do not accept (HTTP 415)."""


class InvalidSubmission(LeadCaptureError):
    """One or more fields break the contract's rules (HTTP 422)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(f"{len(errors)} invalid field(s): {', '.join(e.field for e in errors)}")
        self.errors = errors


# --- storage -----------------------------------------------------------------------------------


class StorageUnavailable(LeadCaptureError):
    """DynamoDB could not be reached or refused the write; nothing was stored (HTTP 503)."""

    def __init__(self, code: str) -> None:
        super().__init__(f"storage unavailable: {code}")
        self.code = code


class LeadExists(LeadCaptureError):
    """A conditional write found a lead with this id already: it was not overwritten."""


class LeadNotFound(LeadCaptureError):
    """No lead with this id."""


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
