"""The interfaces the domain's steps need from the outside world; `adapters/` implements them.

Domain tests pass in-memory fakes of these (tests/fakes.py); the integration suites prove the
adapters against moto.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .consultation import Lead
    from .coordinator_email import Email
    from .duplicates import SubmissionKey
    from .lookup import LookupKeys
    from .receipt import Receipt
    from .status import Actor, Status


class LeadRepository(Protocol):
    """The leads table. Every write is conditional; failures raise StorageUnavailable."""

    def put_new(self, lead: Lead, *, lookup: LookupKeys | None = None) -> None:
        """Store a new lead, indexed by `lookup` when given; LeadExists rather than overwrite one with the same id."""

    def get(self, lead_id: str) -> Lead | None: ...

    def mark_notified(self, lead_id: str, *, message_id: str, at: str, status: Status = "notified") -> bool:
        """Record the coordinator email, setting `status` (`spam` keeps a quarantined lead quarantined);
        False when the lead was already marked."""

    def mark_notify_failed(self, lead_id: str, *, reason: str, at: str) -> bool:
        """Record that the email was refused for good; False when the lead was already marked."""

    def release_from_quarantine(self, lead_id: str, *, expires_at: int, at: str, status: Status = "new") -> bool:
        """Turn a `spam` lead into a `new` one (`notified` when it was already emailed); False when it was not quarantined."""

    def change_status(self, lead_id: str, to: Status, *, at: str, by: Actor) -> bool:
        """Move the lead to `to` when domain/status.py allows it from its current status; False when not."""

    def scan(self) -> Iterator[Lead]:
        """Every lead (tools and the local viewer; never on a request path)."""


class EmailSender(Protocol):
    def send(self, email: Email) -> str:
        """Send; return the message id. MailTransientError to retry, MailRejected for good."""


class SentEmailLedger(Protocol):
    def send_once(self, lead_id: str, send: Callable[[], str]) -> str:
        """The message id of this lead's email: from `send()` now, or from the first send."""


class Deduplicator(Protocol):
    def once(self, key: SubmissionKey, step: Callable[[], Receipt]) -> Receipt:
        """The step's receipt, run now or replayed from the first time this key was seen."""


class RateLimiter(Protocol):
    def hit(self, source_ip: str | None) -> int | None:
        """Count one post from this source; RateLimited when over the limit; None when not counted."""


class TokenVerifier(Protocol):
    def verify(self, token: object, *, remote_ip: str | None, idempotency_key: uuid.UUID) -> None:
        """Return when the bot-check token is good; BotCheckFailed or VerifierUnavailable otherwise."""
