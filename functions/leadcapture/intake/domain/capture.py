"""Capture a consultation request: validate it and store it as a new lead.

Plain domain code: takes a parsed submission and typed collaborators, knows nothing of Lambda
events or HTTP. The steps run in a fixed order, each defence in one place:

1. rate limit (per hashed source): every readable post counts, valid or not;
2. validate: a 422 never consumes a bot-check token, so the person can fix and resend;
3. once per submission (idempotency), around:
   a. the bot check (Turnstile), when configured;
   b. the honeypot: a filled `website` stores the lead as `spam` (short retention, no email)
      and answers exactly like a success;
   c. store the lead, indexed by keyed hashes of its email and phone (`lookup.py`) when a
      lookup key is configured; without the key it is stored all the same, unindexed.

A verified heartbeat (`Sender.canary`, domain/heartbeat.py) skips the rate limit and the bot check
(it comes from a Lambda's shared address and cannot solve a challenge) and is stored as `canary`
with a short retention; validation, idempotency and the store are the same path as a person's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from leadcapture.intake.domain.contract import ConsultationRequest, answered_in, new_lead, validate_submission
from leadcapture.intake.domain.duplicates import parse_header, submission_key
from leadcapture.intake.domain.receipt import Receipt
from leadcapture.intake.domain.triage import reads_like_crisis
from leadcapture.intake.domain.turnstile import TOKEN_FIELD, idempotency_uuid
from leadcapture.kernel.canary import CANARY_RETENTION_DAYS
from leadcapture.kernel.errors import LeadExists
from leadcapture.kernel.lookup import lookup_keys
from leadcapture.kernel.status import Status

if TYPE_CHECKING:
    from leadcapture.intake.domain.ports import Deduplicator, LeadWriter, RateLimiter, TokenVerifier
    from leadcapture.intake.settings import SubmitSettings as Settings
    from leadcapture.kernel.messages import Language

# A uuid4 collision is never expected; one more try covers it without a loop that could spin.
_PUT_ATTEMPTS = 2


@dataclass(frozen=True, slots=True)
class Sender:
    """Facts about who sent the request, from the transport; used to defend, never stored."""

    source_ip: str | None = None
    idempotency_key: str | None = None
    # The post carried a heartbeat signature that verified (checked by the handler).
    canary: bool = False


@dataclass(frozen=True, slots=True)
class Defences:
    """The configured defences; each is off when None."""

    limiter: RateLimiter | None = None
    deduplicator: Deduplicator | None = None
    verifier: TokenVerifier | None = None


@dataclass(frozen=True, slots=True)
class Submission:
    """One post as the handler read it: its fields under our names, the keys it held more than once,
    who sent it, and the language the person is answered in (the handler's choice; the lead keeps it
    when the body has no `lang`)."""

    fields: Mapping[str, object]
    repeated: frozenset[str] = frozenset()
    sender: Sender = Sender()
    language: Language | None = None


@dataclass(frozen=True, slots=True)
class Intake:
    """What a lead is captured with: the table, the defences in front of it, and the lookup index's
    key (None, or a source answering None: the lead is stored unindexed)."""

    store: LeadWriter
    defences: Defences = Defences()
    lookup_key: Callable[[], bytes | None] | None = None


def capture(submission: Submission, *, intake: Intake, settings: Settings, now: datetime | None = None) -> Receipt:
    """Validate and store one submission.

    Raises RateLimited, InvalidSubmission, InvalidIdempotencyKey, IdempotencyKeyReused,
    DuplicateInFlight, BotCheckFailed, VerifierUnavailable or StorageUnavailable.
    """
    sender, defences = submission.sender, intake.defences
    if defences.limiter is not None and not sender.canary:
        defences.limiter.hit(sender.source_ip)
    request = validate_submission(submission.fields, repeated=submission.repeated)
    key = submission_key(request, parse_header(sender.idempotency_key))

    def store_once() -> Receipt:
        if defences.verifier is not None and not sender.canary:
            token = submission.fields.get(TOKEN_FIELD)
            defences.verifier.verify(token, remote_ip=sender.source_ip, idempotency_key=idempotency_uuid(key.key))
        # The answer's language is folded in only now: the submission's key is the body's alone.
        return _store(answered_in(request, submission.language), intake=intake, settings=settings, now=now, canary=sender.canary)

    if defences.deduplicator is None:
        return store_once()
    return defences.deduplicator.once(key, store_once)


def is_honeypot_filled(request: ConsultationRequest) -> bool:
    return bool(request.website and request.website.strip())


def _store(request: ConsultationRequest, *, intake: Intake, settings: Settings, now: datetime | None, canary: bool = False) -> Receipt:
    # The synthetic body fills the honeypot on purpose; a verified canary is a canary all the same.
    caught = is_honeypot_filled(request) and not canary
    # An urgent request is a real one until a person says otherwise: kept as a lead, marked trapped.
    trapped = caught and reads_like_crisis(request.message)
    spam = caught and not trapped
    status: Status = "canary" if canary else "spam" if spam else "new"
    retention_days = CANARY_RETENTION_DAYS if canary else settings.spam_retention_days if spam else settings.retention_days
    # None when no key is configured or it cannot be read: the lead is kept, unindexed (`leads reindex`).
    # A canary is nobody's record: never indexed.
    key = intake.lookup_key() if intake.lookup_key is not None and not canary else None
    at = now or datetime.now(UTC)
    for attempt in range(_PUT_ATTEMPTS):
        lead = new_lead(request, now=at, consent_version=settings.consent_version, retention_days=retention_days, status=status)
        if trapped:
            lead = replace(lead, trapped=True)
        try:
            intake.store.put_new(lead, lookup=lookup_keys(lead, key) if key else None)
        except LeadExists:
            if attempt + 1 == _PUT_ATTEMPTS:
                raise
            continue
        return Receipt(lead.id, lead.urgent, quarantined=caught, canary=canary)
    raise AssertionError("unreachable")
