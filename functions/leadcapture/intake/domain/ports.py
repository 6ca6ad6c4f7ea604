"""What the submit function's rules need from outside: the table, the defences' stores and checks."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from leadcapture.intake.domain.duplicates import SubmissionKey
    from leadcapture.intake.domain.receipt import Receipt
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.lookup import LookupKeys


class LeadWriter(Protocol):
    """The leads table, written once per lead. Failures raise StorageUnavailable."""

    def put_new(self, lead: Lead, *, lookup: LookupKeys | None = None) -> None:
        """Store a new lead, indexed by `lookup` when given; LeadExists rather than overwrite one with the same id."""


class Deduplicator(Protocol):
    def once(self, key: SubmissionKey, step: Callable[[], Receipt]) -> Receipt:
        """The step's receipt, run now or replayed from the first time this key was seen."""


class RateLimiter(Protocol):
    def hit(self, source_ip: str | None) -> int | None:
        """Count one post from this source; RateLimited when over the limit; None when not counted."""


class TokenVerifier(Protocol):
    def verify(self, token: object, *, remote_ip: str | None, idempotency_key: uuid.UUID) -> None:
        """Return when the bot-check token is good; BotCheckFailed or VerifierUnavailable otherwise."""
