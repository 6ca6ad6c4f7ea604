"""What the person function's rules need from outside: the leads table's marks, the mail, and the per-address window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from leadcapture.kernel.ports import LeadReader

if TYPE_CHECKING:
    from leadcapture.kernel.close_note import CloseNoteKind
    from leadcapture.kernel.ports import EmailSender, SentEmailLedger


class PersonStore(LeadReader, Protocol):
    """Records the emails to the person on their lead, once each. Every write is conditional."""

    def mark_acknowledged(self, lead_id: str, *, at: str, message_id: str | None = None, error: str | None = None) -> bool:
        """The acknowledgement sent (its message id) or refused for good (`error`); False when already recorded."""

    def mark_close_note_sent(
        self, lead_id: str, kind: CloseNoteKind, *, at: str, message_id: str | None = None, error: str | None = None
    ) -> bool:
        """The close note sent (with a history entry) or refused for good; False when already recorded."""


class AddressWindow(Protocol):
    """At most one acknowledgement per address per window: a short-lived record keyed by a keyed hash of it."""

    def claim(self, address: str, *, lead_id: str, now: float) -> bool:
        """True when no other lead's acknowledgement went to this address within the window (this lead
        now holds it; asking again for the same lead is True again); False otherwise.
        StorageUnavailable when the record or its key cannot be read (the stream retries)."""


@dataclass(frozen=True, slots=True)
class PersonPost:
    """What an email to the person goes out through: the sender, the ledger that sends each one at most
    once per lead, and the acknowledgements' per-address window."""

    mailer: EmailSender
    sent: SentEmailLedger
    window: AddressWindow
