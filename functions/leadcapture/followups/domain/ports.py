"""What the reminders' and escalations' rules need from the leads table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from leadcapture.kernel.ports import LeadReader

if TYPE_CHECKING:
    from leadcapture.kernel.open_leads import FollowupKind, OpenLead


class FollowupStore(LeadReader, Protocol):
    """Open leads by arrival (an index, never a scan), and the marks of what was sent about them."""

    def open_leads(self, received_before: str) -> Iterator[OpenLead]:
        """Open leads received before the stamp and not escalated yet, oldest first: a Query of the
        open-leads index, never a scan. The index is eventually consistent: read the lead again."""

    def mark_followup(self, lead_id: str, kind: FollowupKind, *, at: str, message_id: str | None, error: str | None = None) -> bool:
        """Record that the lead's reminder or escalation went out (or was refused: `error`); False
        when it was recorded before."""
