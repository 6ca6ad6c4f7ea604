"""What makes two submissions the same one: the rules behind "same answer, one lead, one email".

The key is the client's `Idempotency-Key` header when sent, else a SHA-256 of the normalized
submission (the validated request dumped with sorted keys), so key order, white space and any
spelling the validators normalize do not matter. Only hashes leave this module: the header key is
hashed here, and the digest travels with it so a reused header with other content is caught.
The records themselves are kept by `adapters/idempotency.py`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leadcapture.kernel.errors import InvalidIdempotencyKey

if TYPE_CHECKING:
    from leadcapture.intake.domain.contract import ConsultationRequest

HEADER = "Idempotency-Key"
# Visible ASCII but quote and backslash; long enough that two clients never pick the same key by chance (a UUID is 36).
_KEY_PATTERN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]{16,255}")


@dataclass(frozen=True, slots=True)
class SubmissionKey:
    """What identifies one submission: `key` for the record, `digest` of the content to validate it."""

    key: str
    digest: str

    def payload(self) -> dict[str, str]:
        return {"key": self.key, "digest": self.digest}


def canonical_digest(request: ConsultationRequest) -> str:
    """SHA-256 of the normalized submission: the same person, fields and words give the same digest."""
    document = json.dumps(request.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def parse_header(value: str | None) -> str | None:
    """The Idempotency-Key header's token, or None when absent; InvalidIdempotencyKey when malformed.

    The IETF draft sends it as a structured-field string ("..."), so surrounding quotes are removed.
    """
    if value is None:
        return None
    token = value.strip()
    if len(token) >= 2 and token[0] == token[-1] == '"':
        token = token[1:-1]
    if not _KEY_PATTERN.fullmatch(token):
        raise InvalidIdempotencyKey("Idempotency-Key must be 16 to 255 visible ASCII characters (a UUID works)")
    return token


def submission_key(request: ConsultationRequest, header_key: str | None) -> SubmissionKey:
    digest = canonical_digest(request)
    if header_key is None:
        return SubmissionKey(key="content:" + digest, digest=digest)
    hashed = hashlib.sha256(header_key.encode("ascii")).hexdigest()
    return SubmissionKey(key="header:" + hashed, digest=digest)
