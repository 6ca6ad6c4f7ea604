"""The interfaces the domain's steps need from the outside world; `adapters/` implements them.

Domain tests pass in-memory fakes of these (tests/fakes.py); the integration suites prove the
adapters against moto.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from .consultation import Lead
    from .coordinator_email import Email
    from .duplicates import SubmissionKey
    from .lookup import LookupKeys
    from .open_leads import FollowupKind, OpenLead
    from .receipt import Receipt
    from .status import Actor, Status

# What SES said about a lead's email, recorded as `<event>_at` without a status change.
EmailEvent = Literal["delivered", "delivery_delayed", "bounced"]


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

    def open_leads(self, received_before: str) -> Iterator[OpenLead]:
        """Open leads received before the stamp and not escalated yet, oldest first: a Query of the
        open-leads index, never a scan. The index is eventually consistent: read the lead again."""

    def mark_followup(self, lead_id: str, kind: FollowupKind, *, at: str, message_id: str | None, error: str | None = None) -> bool:
        """Record that the lead's reminder or escalation went out (or was refused: `error`); False
        when it was recorded before."""

    def mark_bounced(self, lead_id: str, *, bounce_type: str, at: str) -> bool:
        """`notified`/`delivered` -> `bounced` with `bounced_at` and `bounce_type`; False when the status does not allow it."""

    def record_email_event(self, lead_id: str, event: EmailEvent, *, at: str, bounce_type: str | None = None) -> bool:
        """Set `<event>_at` (and `bounce_type`) once, without a status change; False when already set or no lead."""

    def mark_bounce_escalated(self, lead_id: str, *, message_id: str, at: str) -> bool:
        """Record the escalation copy's message id once; False when already recorded."""

    def scan(self) -> Iterator[Lead]:
        """Every lead (tools and the local viewer; never on a request path)."""


class EmailSender(Protocol):
    def send(self, email: Email) -> str:
        """Send; return the message id. MailTransientError to retry, MailRejected for good."""


class SentEmailLedger(Protocol):
    def send_once(self, lead_id: str, send: Callable[[], str]) -> str:
        """The message id of this lead's email: from `send()` now, or from the first send.

        `lead_id` is the key: the lead id for the coordinator email, `<kind>#<lead id>` for the
        other emails about a lead (`open_leads.ledger_key`)."""


class Deduplicator(Protocol):
    def once(self, key: SubmissionKey, step: Callable[[], Receipt]) -> Receipt:
        """The step's receipt, run now or replayed from the first time this key was seen."""


class RateLimiter(Protocol):
    def hit(self, source_ip: str | None) -> int | None:
        """Count one post from this source; RateLimited when over the limit; None when not counted."""


class LinkKeys(Protocol):
    """The action links' HMAC keys (Secrets Manager, rotatable)."""

    def keys(self) -> Iterator[bytes]:
        """The signing key first, then the one it replaced when there is one, read lazily;
        LinkKeyUnavailable when a key cannot be read."""


class TokenVerifier(Protocol):
    def verify(self, token: object, *, remote_ip: str | None, idempotency_key: uuid.UUID) -> None:
        """Return when the bot-check token is good; BotCheckFailed or VerifierUnavailable otherwise."""
