"""The interfaces every feature's rules may need from the outside world; `adapters/` implements them.

Each feature adds the narrow ports of its own (`<feature>/domain/ports.py`): the leads table is one
adapter (`adapters/leads_table.py`) seen by each feature through only the methods it uses. Domain
tests pass in-memory fakes of these (tests/fakes.py); the integration suites prove the adapters
against moto. The three mail ports always travel together, as one `Mailroom`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from leadcapture.kernel.coordinator_email import Email
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.status import By, Status

# What SES said about a lead's email, recorded as `<event>_at` without a status change.
EmailEvent = Literal["delivered", "delivery_delayed", "bounced"]


class LeadReader(Protocol):
    """The leads table, read one lead at a time (a consistent read); StorageUnavailable when it cannot be read."""

    def get(self, lead_id: str) -> Lead | None: ...


class StatusStore(LeadReader, Protocol):
    """The leads table as `status_changes.change_status` sees it. Every write is conditional."""

    def change_status(self, lead_id: str, to: Status, *, at: str, by: By, from_statuses: Collection[Status] | None = None) -> bool:
        """Move the lead to `to` when domain/status.py allows it from its current status (or, given
        `from_statuses`, when its status is one of them: a reopen); False when not. A desk user
        (`by` a Person) is kept in the history entry as `who`."""


class EmailSender(Protocol):
    def send(self, email: Email) -> str:
        """Send; return the message id. MailTransientError to retry, MailRejected for good."""


class SentEmailLedger(Protocol):
    def send_once(self, lead_id: str, send: Callable[[], str]) -> str:
        """The message id of this lead's email: from `send()` now, or from the first send.

        `lead_id` is the key: the lead id for the coordinator email, `<kind>#<lead id>` for the
        other emails about a lead (`open_leads.ledger_key`)."""


class LinkKeys(Protocol):
    """The action links' HMAC keys (Secrets Manager, rotatable)."""

    def keys(self) -> Iterator[bytes]:
        """The signing key first, then the one it replaced when there is one, read lazily;
        LinkKeyUnavailable when a key cannot be read."""


@dataclass(frozen=True, slots=True)
class Mailroom:
    """What every email about a lead goes out through: the sender, the ledger that sends each one at
    most once, and the action links' keys (None: the emails carry no links).

    The coordinator email, the urgent copy, a bounce's escalation copy, reminders and escalations
    all need the three together; each function's wiring builds its one Mailroom.
    """

    mailer: EmailSender
    sent: SentEmailLedger
    link_keys: LinkKeys | None = None


# --- urgent pages (kernel/paging.py) ---------------------------------------------------------------


class AcknowledgeStore(LeadReader, Protocol):
    """The leads table as "I'm on it" sees it: one conditional write."""

    def acknowledge(self, lead_id: str, *, at: str, by: str) -> bool:
        """Set `acknowledged_at` and `acknowledged_by` unless someone has it already; False when not set."""


class Texter(Protocol):
    """Text messages to phone numbers (SNS Publish with PhoneNumber)."""

    def send(self, phone: str, text: str) -> str:
        """Send one text; return its message id. PageTransientError to retry, PageRejected for good."""


# The queue of paging steps and the Pager bundle are in kernel/paging.py, beside the steps they carry.
